import { defineRule } from './define.js';
import { fake } from './fake.js';
import { END, START } from './patterns.js';
import type { Rule } from './rule.js';

/**
 * Cloudflare's scannable credentials (2025): user API tokens (cfut_),
 * account API tokens (cfat_) and the global key (cfk_), each 40 characters
 * and an 8-hex checksum. Cloudflare does not document the checksum, so it is
 * not checked: a wrong guess would miss real tokens.
 */
export const cloudflareApiToken = defineRule({
  id: 'cloudflare-api-token',
  provider: 'cloudflare',
  title: 'Cloudflare API token or global key',
  keywords: ['cfut_', 'cfat_', 'cfk_'],
  source: `${START}(?:cfut|cfat|cfk)_[A-Za-z0-9]{40}[0-9a-f]{8}${END}`,
  prefixes: ['cfut_', 'cfat_', 'cfk_'],
  body: (s) => s.slice(s.indexOf('_') + 1, -8),
  rotateAt: 'https://dash.cloudflare.com/profile/api-tokens',
  match: () => [fake.cloudflare(), fake.cloudflareAccount(), fake.cloudflareGlobal()],
  ignore: () => ['cfut_...', `cfut_${'x'.repeat(40)}00000000`, 'CLOUDFLARE_API_TOKEN=cfut_YOUR_TOKEN_HERE'],
});

export const cloudflareRules: readonly Rule[] = [cloudflareApiToken];
