import { defineRule } from './define.js';
import { fake } from './fake.js';
import { END, START } from './patterns.js';
import type { Rule } from './rule.js';

export const sendgridApiKey = defineRule({
  id: 'sendgrid-api-key',
  provider: 'sendgrid',
  title: 'SendGrid API key',
  keywords: ['SG.'],
  source: `${START}SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}${END}`,
  prefixes: ['SG.'],
  rotateAt: 'https://app.sendgrid.com/settings/api_keys',
  match: () => [fake.sendgrid()],
  ignore: () => ['SG.xxxxx', `SG.${'x'.repeat(22)}.${'x'.repeat(43)}`, 'SENDGRID_API_KEY=SG.YOUR_KEY_HERE'],
});

export const sendgridRules: readonly Rule[] = [sendgridApiKey];
