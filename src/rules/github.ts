import { validCrc32Base62 } from './checksum.js';
import { defineRule } from './define.js';
import { fake } from './fake.js';
import { END, START } from './patterns.js';
import type { Rule } from './rule.js';
import { when } from './validators.js';

const ROTATE = 'https://github.com/settings/tokens';
const CLASSIC = ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'];

/**
 * Classic tokens: a 4-character prefix, 30 random characters and 6 of
 * checksum (CRC32 of the 30, in base62), checked offline: a made-up string of
 * the right shape fails it (1 in 56 billion passes by chance).
 */
export const githubClassicToken = defineRule({
  id: 'github-classic-token',
  provider: 'github',
  title: 'GitHub token (personal, OAuth, app or refresh)',
  keywords: CLASSIC,
  source: `${START}gh[pousr]_[A-Za-z0-9]{36}${END}`,
  prefixes: CLASSIC,
  body: (s) => s.slice(4, -6),
  minEntropy: 3,
  checks: [when(validCrc32Base62, 'checksum does not match')],
  rotateAt: ROTATE,
  match: () => [fake.githubClassic(), fake.githubOauth(), fake.githubUserToServer(), fake.githubServerToServer(), fake.githubRefresh()],
  ignore: () => [
    'ghp_...',
    `ghp_${'x'.repeat(36)}`,
    'GITHUB_TOKEN=ghp_YOUR_TOKEN_HERE',
    // The right shape with one character changed: the checksum fails.
    fake.githubClassic().replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
    `ghp_${fake.githubClassic().slice(4, 34)}${'0'.repeat(6)}`,
  ],
});

export const githubFineGrainedToken = defineRule({
  id: 'github-fine-grained-token',
  provider: 'github',
  title: 'GitHub fine-grained personal access token',
  keywords: ['github_pat_'],
  source: `${START}github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}${END}`,
  prefixes: ['github_pat_'],
  rotateAt: 'https://github.com/settings/personal-access-tokens',
  match: () => [fake.githubFineGrained()],
  ignore: () => ['github_pat_...', `github_pat_${'x'.repeat(22)}_${'x'.repeat(59)}`, 'GITHUB_TOKEN=github_pat_YOUR_TOKEN_HERE'],
});

/** Installation tokens since April 2026: `ghs_` + app id + `_` + a JWT (three base64url parts). */
export const githubInstallationToken = defineRule({
  id: 'github-installation-token',
  provider: 'github',
  title: 'GitHub App installation token',
  keywords: ['ghs_'],
  source: `${START}ghs_[0-9]{1,20}_eyJ[A-Za-z0-9_-]{10,200}\\.eyJ[A-Za-z0-9_-]{10,2000}\\.[A-Za-z0-9_-]{20,1000}${END}`,
  prefixes: ['ghs_'],
  body: (s) => s.slice(s.lastIndexOf('.') + 1),
  rotateAt: 'https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-an-installation-access-token-for-a-github-app',
  reach: 3300,
  match: () => [fake.githubInstallation()],
  ignore: () => ['ghs_123_eyJ...', `ghs_1_eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.${'x'.repeat(43)}`],
});

export const githubRules: readonly Rule[] = [githubClassicToken, githubFineGrainedToken, githubInstallationToken];
