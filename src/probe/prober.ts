import type { ProbeResult } from '../finding.js';
import { shown } from '../redact.js';
import type { Prober } from '../pipeline.js';
import { mapConcurrent } from '../sources/concurrent.js';
import { baseUrlsFrom, type BaseUrls } from './base-url.js';
import { classify, type Classified } from './classify.js';
import { ENDPOINTS, endpointUrl } from './endpoints.js';
import { send } from './request.js';

/** Requests in flight at once: enough to be quick, few enough not to trip a provider's rate limit. */
export const PROBE_CONCURRENCY = 4;
const DEFAULT_RETRY_DELAY_MS = 1_000;

export interface ProbeKeyOptions {
  readonly bases: BaseUrls;
  readonly timeoutMs: number;
  readonly retryDelayMs?: number;
  /** Headers sent beside the key's own (doctor adds OpenAI-Organization). */
  readonly extraHeaders?: Readonly<Record<string, string>>;
}

export interface ProberOptions {
  readonly timeoutMs: number;
  /** Where SCAN_KEYS_*_BASE_URL are read; process.env by default. */
  readonly env?: NodeJS.ProcessEnv;
  readonly retryDelayMs?: number;
  readonly concurrency?: number;
}

const unknown = (detail: string, httpStatus?: number): Classified => ({
  // A failure's reason may name a host a server sent (a redirect's Location).
  result: { status: 'unknown', ...(httpStatus ? { httpStatus } : {}), detail: shown(detail) },
  meaning: `could not tell: ${detail}`,
});

/** Belt and braces: nothing the provider sent back may carry the key on to a report. */
function withoutSecret({ result, meaning }: Classified, secret: string): Classified {
  const clean = (text: string) => text.split(secret).join('[key]');
  const { code, detail, ...rest } = result;
  return {
    result: { ...rest, ...(code ? { code: shown(clean(code)) } : {}), ...(detail ? { detail: shown(clean(detail)) } : {}) },
    meaning: clean(meaning),
  };
}

/** Asks the key's provider about one key, with the request its rule calls for. */
export async function probeKey(ruleId: string, secret: string, options: ProbeKeyOptions): Promise<Classified> {
  const endpoint = ENDPOINTS[ruleId];
  if (!endpoint) return unknown(`no probe is known for ${ruleId}`);
  const headers = { ...options.extraHeaders, ...endpoint.headers(secret) };
  const outcome = await send(endpointUrl(endpoint, options.bases), headers, {
    timeoutMs: options.timeoutMs,
    retryDelayMs: options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS,
  });
  const classified =
    outcome.kind === 'answer' ? classify(endpoint.provider, outcome.answer) : unknown(outcome.reason, outcome.httpStatus);
  return withoutSecret(classified, secret);
}

/**
 * The pipeline's prober: one request per unique key (the pipeline hands over
 * keys already deduplicated by fingerprint), at most PROBE_CONCURRENCY at once.
 * Base URLs are checked here, before any scan work, so a bad one fails fast.
 */
export function createProber(options: ProberOptions): Prober {
  const bases = baseUrlsFrom(options.env ?? process.env);
  const keyOptions: ProbeKeyOptions = {
    bases,
    timeoutMs: options.timeoutMs,
    ...(options.retryDelayMs !== undefined ? { retryDelayMs: options.retryDelayMs } : {}),
  };
  return async (requests) => {
    const answers = new Map<string, ProbeResult>();
    const probed = mapConcurrent(requests, options.concurrency ?? PROBE_CONCURRENCY, async (r) => ({
      fingerprint: r.fingerprint,
      result: (await probeKey(r.rule.id, r.secret, keyOptions)).result,
    }));
    for await (const { fingerprint, result } of probed) answers.set(fingerprint, result);
    return answers;
  };
}
