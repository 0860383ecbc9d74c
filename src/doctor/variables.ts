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
export const ORGANIZATION_VARIABLES: readonly { variable: string; header: string }[] = [
  { variable: 'OPENAI_ORG_ID', header: 'OpenAI-Organization' },
  { variable: 'OPENAI_ORGANIZATION', header: 'OpenAI-Organization' },
  { variable: 'OPENAI_PROJECT_ID', header: 'OpenAI-Project' },
];
