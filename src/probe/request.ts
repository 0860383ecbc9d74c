import { setTimeout as sleep } from 'node:timers/promises';
import { looksSecret } from '../redact.js';
import { isRetryable, type HttpAnswer } from './classify.js';

/** What one probe request came to: an answer to classify, or a failure that tells nothing. */
export type Outcome =
  | { readonly kind: 'answer'; readonly answer: HttpAnswer; readonly retryAfterMs?: number }
  | { readonly kind: 'failure'; readonly reason: string; readonly retryable: boolean; readonly httpStatus?: number };

export interface RequestOptions {
  readonly timeoutMs: number;
  /** Wait before the one retry when the provider gives no Retry-After. */
  readonly retryDelayMs: number;
}

/** A provider's Retry-After is honoured up to this; past it the retry would only stall the scan. */
const MAX_RETRY_WAIT_MS = 5_000;
/** Error bodies are small; a larger one is cut, not read to the end. */
const MAX_BODY_BYTES = 64 * 1024;
/**
 * Error codes are short identifiers (invalid_api_key, authentication_error);
 * anything else is dropped, never printed: a server that echoes the key, or a
 * part of it, in error.code must not get it into a report.
 */
const SAFE_CODE = /^[A-Za-z][\w.:-]{0,39}$/;
const isSafeCode = (code: string) => SAFE_CODE.test(code) && !looksSecret(code);

async function readCapped(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
    if (size >= MAX_BODY_BYTES) {
      await reader.cancel();
      break;
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** OpenAI puts the code in error.code (sometimes null, then error.type says more); Anthropic in error.type. */
export function errorCodeOf(body: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const error = (parsed as { error?: { code?: unknown; type?: unknown } } | null)?.error;
  const code = typeof error?.code === 'string' ? error.code : typeof error?.type === 'string' ? error.type : undefined;
  return code !== undefined && isSafeCode(code) ? code : undefined;
}

function retryAfterMs(response: Response): number | undefined {
  const seconds = Number(response.headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

/** A redirect is never followed: the key would go to wherever it points. Only the host is named. */
function redirectFailure(response: Response, from: URL): Outcome {
  const location = response.headers.get('location');
  let reason = `redirected (HTTP ${response.status}) without a target; not followed`;
  if (location !== null) {
    try {
      const to = new URL(location, from);
      reason =
        to.host === from.host
          ? `redirected (HTTP ${response.status}) to another path on the same host; not followed`
          : `redirected (HTTP ${response.status}) to another host (${to.host}); not followed, the key is not sent there`;
    } catch {
      reason = `redirected (HTTP ${response.status}) to an invalid location; not followed`;
    }
  }
  return { kind: 'failure', reason, retryable: false, httpStatus: response.status };
}

/**
 * Why a request failed, from the error's name and system code only: error
 * messages can quote header values (the key), so they are never used.
 */
function transportFailure(err: unknown, timeoutMs: number): Outcome {
  const name = (err as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return { kind: 'failure', reason: `timeout: no answer within ${timeoutMs / 1000} s`, retryable: false };
  }
  const cause = (err as { cause?: { code?: unknown } } | null)?.cause;
  const code = typeof cause?.code === 'string' && /^[A-Z0-9_]{2,40}$/.test(cause.code) ? cause.code : undefined;
  if (err instanceof TypeError && err.message === 'fetch failed') {
    return { kind: 'failure', reason: `network error${code ? ` (${code})` : ''}`, retryable: true };
  }
  return { kind: 'failure', reason: 'the request could not be made', retryable: false };
}

/** One GET, no redirects followed, bounded in time (the body read included). */
export async function sendOnce(url: string, headers: Record<string, string>, timeoutMs: number): Promise<Outcome> {
  const target = new URL(url);
  try {
    const response = await fetch(target, {
      method: 'GET',
      headers: { accept: 'application/json', 'user-agent': 'scan-keys', ...headers },
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      return redirectFailure(response, target);
    }
    if (response.ok) {
      await response.body?.cancel();
      return { kind: 'answer', answer: { httpStatus: response.status } };
    }
    const code = errorCodeOf(await readCapped(response));
    const wait = retryAfterMs(response);
    return {
      kind: 'answer',
      answer: { httpStatus: response.status, ...(code ? { code } : {}) },
      ...(wait ? { retryAfterMs: wait } : {}),
    };
  } catch (err) {
    return transportFailure(err, timeoutMs);
  }
}

const shouldRetry = (o: Outcome) => (o.kind === 'answer' ? isRetryable(o.answer) : o.retryable);

/** At most two tries: one retry, after a pause, for answers that may pass (5xx, 529, rate limit, network). */
export async function send(url: string, headers: Record<string, string>, options: RequestOptions): Promise<Outcome> {
  const first = await sendOnce(url, headers, options.timeoutMs);
  if (!shouldRetry(first)) return first;
  const hinted = first.kind === 'answer' ? first.retryAfterMs : undefined;
  const jitter = 1 + Math.random() * 0.5;
  await sleep(Math.min(hinted ?? options.retryDelayMs * jitter, MAX_RETRY_WAIT_MS));
  return sendOnce(url, headers, options.timeoutMs);
}
