import { setTimeout as sleep } from 'node:timers/promises';
import { at, isRetryable, isSafeCode, type HttpAnswer } from './classify.js';

/** One probe request in full. The URL may hold the key (Telegram puts it in the path): it is never printed or logged. */
export interface ProbeHttpRequest {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly headers: Readonly<Record<string, string>>;
  /** A fixed body of our own (a GraphQL query, a form): never the key. */
  readonly body?: string;
}

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
/** Answers are small; a larger one is cut, not read to the end. */
const MAX_BODY_BYTES = 64 * 1024;

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

/**
 * Where the providers put their error code, most specific first: Google's
 * error.details[].reason, OpenAI's error.code (sometimes null, then error.type
 * says more), Anthropic's error.type, ElevenLabs' detail.status, Slack's and
 * GitLab's top-level error, Cerebras' top-level code, and STS's <Code> in XML. The first one that is a
 * short identifier wins; anything else is never used.
 */
export function errorCodeOf(text: string, parsed: unknown = parseJson(text)): string | undefined {
  const details = at(parsed, 'error', 'details');
  const reasons = Array.isArray(details) ? details.map((d) => at(d, 'reason')) : [];
  const xml = /<Code>([^<]{1,64})<\/Code>/.exec(text.slice(0, 4096))?.[1];
  // An error.code that is not an identifier is dropped whole, not replaced by error.type: it may be the key.
  const errorCode = typeof at(parsed, 'error', 'code') === 'string' ? at(parsed, 'error', 'code') : at(parsed, 'error', 'type');
  const candidates = [...reasons, errorCode, at(parsed, 'detail', 'status'), at(parsed, 'error'), at(parsed, 'code'), xml];
  return candidates.find(isSafeCode);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
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

/** One request, no redirects followed, bounded in time (the body read included). */
export async function sendOnce(request: ProbeHttpRequest, timeoutMs: number): Promise<Outcome> {
  const target = new URL(request.url);
  try {
    const response = await fetch(target, {
      method: request.method,
      headers: { accept: 'application/json', 'user-agent': 'scan-keys', ...request.headers },
      ...(request.body !== undefined ? { body: request.body } : {}),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      return redirectFailure(response, target);
    }
    const text = await readCapped(response);
    const body = parseJson(text);
    const code = errorCodeOf(text, body);
    const wait = retryAfterMs(response);
    const answer: HttpAnswer = {
      httpStatus: response.status,
      ...(code ? { code } : {}),
      ...(body !== undefined ? { body } : {}),
      text,
      headers: Object.fromEntries(response.headers),
    };
    return { kind: 'answer', answer, ...(wait && !response.ok ? { retryAfterMs: wait } : {}) };
  } catch (err) {
    return transportFailure(err, timeoutMs);
  }
}

const shouldRetry = (o: Outcome) => (o.kind === 'answer' ? isRetryable(o.answer) : o.retryable);

/** At most two tries: one retry, after a pause, for answers that may pass (5xx, 529, rate limit, network). */
export async function send(request: () => ProbeHttpRequest, options: RequestOptions): Promise<Outcome> {
  const first = await sendOnce(request(), options.timeoutMs);
  if (!shouldRetry(first)) return first;
  const hinted = first.kind === 'answer' ? first.retryAfterMs : undefined;
  const jitter = 1 + Math.random() * 0.5;
  await sleep(Math.min(hinted ?? options.retryDelayMs * jitter, MAX_RETRY_WAIT_MS));
  // Built anew: a signed request carries its time.
  return sendOnce(request(), options.timeoutMs);
}
