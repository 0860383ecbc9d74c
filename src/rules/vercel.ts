import { defineRule } from './define.js';
import { fake } from './fake.js';
import { END, START } from './patterns.js';
import type { Rule } from './rule.js';

/** Personal (vcp_), integration (vci_), app access (vca_) and app refresh (vcr_) tokens. */
export const vercelToken = defineRule({
  id: 'vercel-token',
  provider: 'vercel',
  title: 'Vercel access token',
  keywords: ['vcp_', 'vci_', 'vca_', 'vcr_'],
  source: `${START}vc[piar]_[A-Za-z0-9_-]{56}${END}`,
  prefixes: ['vcp_', 'vci_', 'vca_', 'vcr_'],
  rotateAt: 'https://vercel.com/account/settings/tokens',
  match: () => [fake.vercel(), fake.vercelIntegration()],
  ignore: () => ['vcp_...', `vcp_${'x'.repeat(56)}`, 'VERCEL_TOKEN=vcp_YOUR_TOKEN_HERE'],
});

export const vercelAiGatewayKey = defineRule({
  id: 'vercel-ai-gateway-key',
  provider: 'vercel',
  title: 'Vercel AI Gateway API key',
  keywords: ['vck_'],
  source: `${START}vck_[A-Za-z0-9_-]{56}${END}`,
  prefixes: ['vck_'],
  rotateAt: 'https://vercel.com/dashboard/ai-gateway',
  match: () => [fake.vercelAiGateway()],
  ignore: () => ['vck_...', `vck_${'x'.repeat(56)}`],
});

export const vercelRules: readonly Rule[] = [vercelToken, vercelAiGatewayKey];
