import { SDK_VARIABLES } from '../dotenv/rules/key-name.js';
import { ENDPOINTS, type Provider } from '../probe/endpoints.js';
import { builtinRules } from '../rules/index.js';

/** A variable that holds an API key, and what the doctor needs to know to check it. */
export interface KeyVariable {
  readonly variable: string;
  readonly provider: Provider;
  readonly providerName: string;
  /** OPENAI_API_KEY is checked when no key variable is set at all; every other one only when set here (environment or .env). */
  readonly always: boolean;
  /** Rule whose request a hand-run curl makes when the value's shape names none. */
  readonly defaultRule: string;
  readonly keysPage: string;
  readonly expected: string;
}

/** The words OpenAI and Anthropic keys deserve: their prefixes alone do not tell a whole key from a cut one. */
const WORDED: Readonly<Record<string, Pick<KeyVariable, 'defaultRule' | 'keysPage' | 'expected'>>> = {
  openai: {
    defaultRule: 'openai-project-key',
    keysPage: 'https://platform.openai.com/api-keys',
    expected: 'sk-proj-…, sk-svcacct-…, sk-admin-… or sk-… with T3BlbkFJ in the middle',
  },
  anthropic: {
    defaultRule: 'anthropic-api-key',
    keysPage: 'https://console.anthropic.com/settings/keys',
    expected: 'sk-ant-api03-… (108 characters)',
  },
};

/** The first rule of the provider that the probe table can ask about, and the prefixes of all its asked rules. */
function fromRules(provider: string): Pick<KeyVariable, 'defaultRule' | 'keysPage' | 'expected'> | undefined {
  const asked = builtinRules.filter((r) => r.provider === provider && ENDPOINTS[r.id]?.provider === provider);
  const rule = asked[0];
  if (!rule) return undefined;
  const prefixes = [...new Set(asked.flatMap((r) => r.prefixes))];
  const expected = prefixes.length > 0 ? prefixes.map((p) => `${p}…`).join(' or ') : rule.title;
  return { defaultRule: rule.id, keysPage: rule.rotateAt ?? `the ${provider} dashboard`, expected };
}

/**
 * Every variable an SDK reads for a provider that has a probe: the names come
 * from the .env key-name rule and the requests from the probe table, so a
 * provider added to both is checked with no change here.
 */
export const KEY_VARIABLES: readonly KeyVariable[] = SDK_VARIABLES.flatMap((sdk) => {
  const known = WORDED[sdk.provider] ?? fromRules(sdk.provider);
  if (!known) return [];
  const provider = ENDPOINTS[known.defaultRule]!.provider;
  return [sdk.name, ...(sdk.also ?? [])].map((variable) => ({
    variable,
    provider,
    providerName: sdk.sdk,
    always: variable === 'OPENAI_API_KEY',
    ...known,
  }));
});

/** Variables the OpenAI SDKs and frameworks turn into request headers that must match the key. */
export interface HeaderVariable {
  readonly variable: string;
  readonly header: string;
  /** The shape OpenAI gives these ids; only a value of this shape is ever sent. */
  readonly shape: RegExp;
  readonly expected: string;
}

// org- and proj_ followed by letters and digits: no key of any provider has that shape.
const ORG_ID = /^org-[A-Za-z0-9]{1,64}$/;
const PROJECT_ID = /^proj_[A-Za-z0-9]{1,64}$/;

export const ORGANIZATION_VARIABLES: readonly HeaderVariable[] = [
  { variable: 'OPENAI_ORG_ID', header: 'OpenAI-Organization', shape: ORG_ID, expected: 'org-…' },
  { variable: 'OPENAI_ORGANIZATION', header: 'OpenAI-Organization', shape: ORG_ID, expected: 'org-…' },
  { variable: 'OPENAI_PROJECT_ID', header: 'OpenAI-Project', shape: PROJECT_ID, expected: 'proj_…' },
];
