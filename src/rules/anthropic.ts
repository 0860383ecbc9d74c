import { fake } from './fake.js';
import { BODY, END, START, rx } from './patterns.js';
import type { Rule } from './rule.js';
import { notPlaceholder } from './validators.js';

/**
 * Anthropic keys: a versioned prefix, 93 URL-safe characters and a fixed `AA`
 * tail (108 characters for API keys). The prefixes differ, so neither rule can
 * claim the other's key.
 */
const ROTATE = 'https://console.anthropic.com/settings/keys';

const bodyOf = (prefix: string) => (secret: string) => secret.slice(prefix.length, -2);

const COMMON_IGNORES = [
  'sk-ant-...',
  'sk-ant-api03-...Abcd',
  'sk-ant-api03-YOUR_KEY_HERE',
  'ANTHROPIC_API_KEY=<your key>',
  `sk-ant-api03-${'x'.repeat(93)}AA`,
  `sk-ant-admin01-${'x'.repeat(93)}AA`,
];

function anthropicRule(
  id: string,
  title: string,
  prefix: string,
  match: () => readonly string[],
  ignore: () => readonly string[],
): Rule {
  return {
    id,
    provider: 'anthropic',
    title,
    severity: 'error',
    keywords: ['sk-ant-'],
    pattern: rx(`${START}${prefix}${BODY}{93}AA${END}`),
    prefixes: [prefix],
    validate: notPlaceholder(bodyOf(prefix)),
    rotateAt: ROTATE,
    examples: { match, ignore: () => [...COMMON_IGNORES, ...ignore()] },
  };
}

export const anthropicApiKey = anthropicRule(
  'anthropic-api-key',
  'Anthropic API key',
  'sk-ant-api03-',
  () => [fake.anthropic(), fake.anthropic(91)],
  // An admin key is not an API key.
  () => [fake.anthropicAdmin()],
);

export const anthropicAdminKey = anthropicRule(
  'anthropic-admin-key',
  'Anthropic admin key',
  'sk-ant-admin01-',
  () => [fake.anthropicAdmin(), fake.anthropicAdmin(92)],
  () => [fake.anthropic()],
);

/**
 * Claude Code's OAuth access (`sk-ant-oat01-`) and refresh (`sk-ant-ort01-`)
 * tokens. Their length is not documented: 40 to 200 URL-safe characters.
 */
export const anthropicOauthToken: Rule = {
  id: 'anthropic-oauth-token',
  provider: 'anthropic',
  title: 'Anthropic Claude Code OAuth token',
  severity: 'error',
  keywords: ['sk-ant-'],
  pattern: rx(`${START}sk-ant-o[ar]t01-${BODY}{40,200}${END}`),
  prefixes: ['sk-ant-oat01-', 'sk-ant-ort01-'],
  validate: notPlaceholder((s) => s.slice('sk-ant-oat01-'.length)),
  rotateAt: 'https://claude.ai/settings/claude-code',
  examples: {
    match: () => [fake.anthropicOauth(), fake.anthropicOauthRefresh()],
    ignore: () => ['sk-ant-oat01-...', `sk-ant-oat01-${'x'.repeat(60)}`, 'CLAUDE_CODE_OAUTH_TOKEN=sk-ant-oat01-YOUR_TOKEN', fake.anthropic()],
  },
};

export const anthropicRules: readonly Rule[] = [anthropicApiKey, anthropicAdminKey, anthropicOauthToken];
