import type { BaseUrls } from './base-url.js';

export type Provider = keyof BaseUrls;

/** A request that tells whether a key is live without spending tokens. */
export interface Endpoint {
  readonly provider: Provider;
  /** Path below the provider's base URL. */
  readonly path: string;
  /** The headers that carry the key, and any the provider requires. */
  readonly headers: (key: string) => Record<string, string>;
}

const openaiHeaders = (key: string) => ({ authorization: `Bearer ${key}` });
const anthropicHeaders = (key: string) => ({ 'x-api-key': key, 'anthropic-version': '2023-06-01' });

const openaiModels: Endpoint = { provider: 'openai', path: '/models', headers: openaiHeaders };
const anthropicModels: Endpoint = { provider: 'anthropic', path: '/models', headers: anthropicHeaders };

/**
 * Which request probes a key, by rule id. Admin keys cannot list models, so
 * they are asked an admin question instead.
 */
export const ENDPOINTS: Readonly<Record<string, Endpoint>> = {
  'openai-project-key': openaiModels,
  'openai-service-account-key': openaiModels,
  'openai-legacy-key': openaiModels,
  'openai-admin-key': { provider: 'openai', path: '/organization/admin_api_keys?limit=1', headers: openaiHeaders },
  'anthropic-api-key': anthropicModels,
  'anthropic-admin-key': { provider: 'anthropic', path: '/organizations/me', headers: anthropicHeaders },
};

export const endpointUrl = (endpoint: Endpoint, bases: BaseUrls): string => `${bases[endpoint.provider]}${endpoint.path}`;
