import { isIP } from 'node:net';
import { UsageError } from '../errors.js';
import { trimEndIndex } from '../text/trim.js';

/** Where each provider is asked. Only these variables move it: never OPENAI_BASE_URL, which may name a third-party proxy. */
export interface BaseUrls {
  readonly openai: string;
  readonly anthropic: string;
}

export const BASE_URL_VARIABLES = {
  openai: { variable: 'SCAN_KEYS_OPENAI_BASE_URL', fallback: 'https://api.openai.com/v1' },
  anthropic: { variable: 'SCAN_KEYS_ANTHROPIC_BASE_URL', fallback: 'https://api.anthropic.com/v1' },
} as const;

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

/** The base URLs from the environment, checked; a bad value is a usage error. */
export function baseUrlsFrom(env: NodeJS.ProcessEnv): BaseUrls {
  const pick = ({ variable, fallback }: { variable: string; fallback: string }) => {
    const value = env[variable];
    return checkBaseUrl(variable, value === undefined || value === '' ? fallback : value);
  };
  return { openai: pick(BASE_URL_VARIABLES.openai), anthropic: pick(BASE_URL_VARIABLES.anthropic) };
}
