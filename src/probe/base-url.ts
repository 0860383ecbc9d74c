import { isIP } from 'node:net';
import { UsageError } from '../errors.js';
import { trimEndIndex } from '../text/trim.js';

/**
 * Where each provider is asked, by default: the provider's own API over
 * https. A provider with more than one region lists them all; the others are
 * asked only when the first does not know the key (an EU LangSmith key is
 * unknown in the US), and only while its variable is not set. A provider with
 * no default (Azure OpenAI: every resource has a host of its own) is asked
 * only when its variable names the host.
 */
export const DEFAULT_BASE_URLS = {
  openai: ['https://api.openai.com/v1'],
  anthropic: ['https://api.anthropic.com/v1'],
  google: ['https://generativelanguage.googleapis.com/v1beta'],
  groq: ['https://api.groq.com/openai/v1'],
  openrouter: ['https://openrouter.ai/api/v1'],
  huggingface: ['https://huggingface.co/api'],
  langsmith: ['https://api.smith.langchain.com', 'https://eu.api.smith.langchain.com'],
  xai: ['https://api.x.ai/v1'],
  tavily: ['https://api.tavily.com'],
  pinecone: ['https://api.pinecone.io'],
  replicate: ['https://api.replicate.com/v1'],
  perplexity: ['https://api.perplexity.ai'],
  together: ['https://api.together.xyz/v1'],
  cerebras: ['https://api.cerebras.ai/v1'],
  elevenlabs: ['https://api.elevenlabs.io/v1'],
  firecrawl: ['https://api.firecrawl.dev/v1'],
  langfuse: ['https://cloud.langfuse.com', 'https://us.cloud.langfuse.com', 'https://hipaa.cloud.langfuse.com'],
  wandb: ['https://api.wandb.ai'],
  deepseek: ['https://api.deepseek.com'],
  mistral: ['https://api.mistral.ai/v1'],
  cohere: ['https://api.cohere.com/v1'],
  'azure-openai': [],
  github: ['https://api.github.com'],
  gitlab: ['https://gitlab.com/api/v4'],
  aws: ['https://sts.amazonaws.com'],
  supabase: ['https://api.supabase.com'],
  stripe: ['https://api.stripe.com/v1'],
  slack: ['https://slack.com/api'],
  discord: ['https://discord.com/api/v10'],
  telegram: ['https://api.telegram.org'],
  npm: ['https://registry.npmjs.org'],
  sendgrid: ['https://api.sendgrid.com/v3'],
  vercel: ['https://api.vercel.com'],
  cloudflare: ['https://api.cloudflare.com/client/v4'],
} as const satisfies Record<string, readonly string[]>;

/** A provider that is asked about keys (its name is the rules' `provider`). */
export type Provider = keyof typeof DEFAULT_BASE_URLS;

export const PROVIDERS = Object.keys(DEFAULT_BASE_URLS) as Provider[];

/** Each provider's bases, checked, the one to ask first at the head; empty when there is none to ask. */
export type BaseUrls = Readonly<Record<Provider, readonly string[]>>;

/** SCAN_KEYS_<PROVIDER>_BASE_URL: the rule's provider upper-cased, '-' as '_'. Never a provider's own variable. */
export const baseUrlVariable = (provider: string): string => `SCAN_KEYS_${provider.toUpperCase().replace(/-/g, '_')}_BASE_URL`;

/** 127.0.0.0/8, localhost and [::1]: the only hosts a key may be sent to in clear text. */
export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/**
 * Checks one base URL. A key is sent in a header to it, so plain http is
 * refused unless the host is this machine, and a URL with credentials is
 * refused too (they would be sent along).
 */
export function checkBaseUrl(variable: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${variable} is not a URL`);
  }
  if (url.username || url.password) throw new UsageError(`${variable} must not hold a user name or password`);
  const where = `${url.protocol}//${url.host}`;
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw new UsageError(`${variable} must use https (${where} is not this machine; http is allowed for 127.0.0.1, localhost and [::1] only)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`${variable} must be an https URL, not ${url.protocol}`);
  }
  if (url.search || url.hash) throw new UsageError(`${variable} must not have a query or fragment`);
  return url.href.slice(0, trimEndIndex(url.href, (ch) => ch === '/'));
}

/**
 * The base URLs from the environment, checked; a bad value is a usage error,
 * raised before any scan work, for every provider (a typo is caught even when
 * no key of that provider turns up).
 */
export function baseUrlsFrom(env: NodeJS.ProcessEnv): BaseUrls {
  const bases = {} as Record<Provider, readonly string[]>;
  for (const provider of PROVIDERS) {
    const variable = baseUrlVariable(provider);
    const value = env[variable];
    bases[provider] =
      value === undefined || value === '' ? DEFAULT_BASE_URLS[provider].map((d) => checkBaseUrl(variable, d)) : [checkBaseUrl(variable, value)];
  }
  return bases;
}
