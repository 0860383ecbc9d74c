import type { Provider } from '../probe/endpoints.js';

/** A variable that holds an API key, and what the doctor needs to know to check it. */
export interface KeyVariable {
  readonly variable: string;
  readonly provider: Provider;
  readonly providerName: string;
  /** OPENAI_API_KEY is always checked; the others only when set here (environment or .env). */
  readonly always: boolean;
  /** Rule whose request a hand-run curl makes when the value's shape names none. */
  readonly defaultRule: string;
  readonly keysPage: string;
  readonly expected: string;
}

export const KEY_VARIABLES: readonly KeyVariable[] = [
  {
    variable: 'OPENAI_API_KEY',
    provider: 'openai',
    providerName: 'OpenAI',
    always: true,
    defaultRule: 'openai-project-key',
    keysPage: 'https://platform.openai.com/api-keys',
    expected: 'sk-proj-…, sk-svcacct-…, sk-admin-… or sk-… with T3BlbkFJ in the middle',
  },
  {
    variable: 'ANTHROPIC_API_KEY',
    provider: 'anthropic',
    providerName: 'Anthropic',
    always: false,
    defaultRule: 'anthropic-api-key',
    keysPage: 'https://console.anthropic.com/settings/keys',
    expected: 'sk-ant-api03-… (108 characters)',
  },
];

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
