import { validCrc32Base62 } from './checksum.js';
import { defineRule } from './define.js';
import { fake } from './fake.js';
import { END, START } from './patterns.js';
import type { Rule } from './rule.js';
import { when } from './validators.js';

/** npm access tokens: `npm_` + 30 random + 6 of checksum, as GitHub's classic tokens. */
export const npmAccessToken = defineRule({
  id: 'npm-access-token',
  provider: 'npm',
  title: 'npm access token',
  keywords: ['npm_'],
  source: `${START}npm_[A-Za-z0-9]{36}${END}`,
  prefixes: ['npm_'],
  body: (s) => s.slice(4, -6),
  minEntropy: 3,
  checks: [when(validCrc32Base62, 'checksum does not match')],
  rotateAt: 'https://www.npmjs.com/settings/~/tokens',
  match: () => [fake.npm()],
  ignore: () => ['npm_...', `npm_${'x'.repeat(36)}`, 'NPM_TOKEN=npm_YOUR_TOKEN_HERE', fake.npm().replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), 'npm_package_dependencies_typescriptVersion0'],
});

export const npmRules: readonly Rule[] = [npmAccessToken];
