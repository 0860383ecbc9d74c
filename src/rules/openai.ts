import { fake, OPENAI_MARKER as M } from './fake.js';
import { BODY, END, START, rx } from './patterns.js';
import type { Rule } from './rule.js';
import { notPlaceholder } from './validators.js';

/**
 * OpenAI keys all carry base64("OpenAI") in the middle, so the marker is the
 * one keyword: a file without it costs a single native search for all of them.
 * Body lengths: 20 to 74 characters each side of the marker (project keys are
 * 74 + 74, admin keys 58 + 58, legacy user keys exactly 20 + 20 alphanumerics).
 * The body includes `_` and `-`: patterns that stop at a hyphen miss sk-proj-.
 */
const SIDE = `${BODY}{20,74}`;
const ROTATE = 'https://platform.openai.com/api-keys';

/** The random part of a key: without its prefix and without the marker. */
const bodyOf = (prefixes: readonly string[]) => (secret: string) => {
  const prefix = prefixes.find((p) => secret.startsWith(p)) ?? '';
  return secret.slice(prefix.length).replace(M, '');
};

/** Look-alikes that no OpenAI rule may claim. */
const COMMON_IGNORES = [
  'sk-...',
  'sk-xxxxxxxxxxxxxxxxxxxxxxxx',
  'sk-proj-YOUR_KEY_HERE',
  'sk-proj-...Abcd',
  'sk-proj-****Abcd',
  'OPENAI_API_KEY=<your key>',
  'task-list risk-management sk-learn',
  'task-proj-list',
  `sk-proj-${'x'.repeat(40)}${M}${'x'.repeat(40)}`,
  `sk-proj-YOUR_API_KEY_HERE_0123456789${M}YOUR_API_KEY_HERE_0123456789`,
  `sk-${'a'.repeat(20)}${M}${'a'.repeat(20)}`,
  `sk-abcdefghijklmnopqrst${M}abcdefghijklmnopqrst`,
];

function openaiRule(
  id: string,
  title: string,
  prefixes: readonly string[],
  source: string,
  match: () => readonly string[],
  ignore: () => readonly string[] = () => [],
): Rule {
  return {
    id,
    provider: 'openai',
    title,
    severity: 'error',
    keywords: [M],
    pattern: rx(source),
    prefixes,
    validate: notPlaceholder(bodyOf(prefixes)),
    rotateAt: ROTATE,
    examples: { match, ignore: () => [...COMMON_IGNORES, ...ignore()] },
  };
}

const projectPrefixes = ['sk-proj-'];
export const openaiProjectKey = openaiRule(
  'openai-project-key',
  'OpenAI project API key',
  projectPrefixes,
  `${START}sk-proj-${SIDE}${M}${SIDE}${END}`,
  () => [fake.openaiProject(), fake.openaiProject(101), fake.openaiProjectShort()],
);

const servicePrefixes = ['sk-svcacct-', 'sk-service-'];
export const openaiServiceAccountKey = openaiRule(
  'openai-service-account-key',
  'OpenAI service account key',
  servicePrefixes,
  `${START}sk-(?:svcacct|service)-${SIDE}${M}${SIDE}${END}`,
  () => [fake.openaiServiceAccount(), fake.openaiServiceLegacy()],
  () => ['sk-svcacct-...', 'sk-svcacct-YOUR_KEY'],
);

const adminPrefixes = ['sk-admin-'];
export const openaiAdminKey = openaiRule(
  'openai-admin-key',
  'OpenAI admin key',
  adminPrefixes,
  `${START}sk-admin-${SIDE}${M}${SIDE}${END}`,
  () => [fake.openaiAdmin()],
  () => ['sk-admin-...Abcd'],
);

/** User keys: the original sk- + 20 + marker + 20, and sk-None- in its short and long shapes. */
const legacyPrefixes = ['sk-None-', 'sk-'];
export const openaiLegacyKey = openaiRule(
  'openai-legacy-key',
  'OpenAI user API key',
  legacyPrefixes,
  `${START}sk-(?:[A-Za-z0-9]{20}${M}[A-Za-z0-9]{20}|None-${SIDE}${M}${SIDE})${END}`,
  () => [fake.openaiLegacy(), fake.openaiLegacy(61), fake.openaiNoneShort(), fake.openaiNoneLong()],
  () => ['sk-None-...', 'sk-None-YOUR_KEY'],
);

/**
 * Service-account keys named by their owner (2024): `sk-<name>-` + body +
 * marker + body, such as sk-mybot-… or sk-prod-api-1-…. The marker makes any
 * name of up to 40 characters safe to accept; the names the other rules own
 * are left to them.
 */
const NAMED_PREFIX = 'sk-';
const OWNED = '(?!(?:proj|svcacct|service|admin|None|ant|or)-)';
export const openaiNamedKey = openaiRule(
  'openai-named-key',
  'OpenAI service account key (named)',
  [NAMED_PREFIX],
  `${START}sk-${OWNED}[A-Za-z0-9_]{1,20}(?:-[A-Za-z0-9_]{1,20}){0,3}-${SIDE}${M}${SIDE}${END}`,
  () => [fake.openaiNamed(), fake.openaiNamedLong()],
  () => [`sk-mybot-...${M}...`, `sk-mybot-YOUR_KEY_HERE_0123456789${M}YOUR_KEY_HERE_0123456789`],
);

export const openaiRules: readonly Rule[] = [
  openaiProjectKey,
  openaiServiceAccountKey,
  openaiAdminKey,
  openaiLegacyKey,
  openaiNamedKey,
];
