import type { ProbeResult } from '../finding.js';
import { own, shown } from '../redact.js';
import type { Prober } from '../pipeline.js';
import type { RuleInfo } from '../rules/rule.js';
import { mapConcurrent } from '../sources/concurrent.js';
import { baseUrlsFrom, baseUrlVariable, type BaseUrls } from './base-url.js';
import { classify, type Classified } from './classify.js';
import { ENDPOINTS, NOT_PROBED, requestFor, type Endpoint, type ProbeKey } from './endpoints.js';
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

/** A key that is not sent anywhere: no request, and the reason in the detail. */
const notProbed = (reason: string): Classified => ({
  result: { status: 'unknown', detail: own(`not probed: ${reason}`) },
  meaning: `not asked: ${reason}`,
});

/** Belt and braces: nothing the provider sent back may carry the key (or its partner) on to a report. */
function withoutSecret({ result, meaning }: Classified, key: ProbeKey): Classified {
  const parts = [key.secret, ...(key.partner ? [key.partner] : [])].filter((p) => p.length > 0);
  const clean = (text: string) => parts.reduce((t, p) => t.split(p).join('[key]'), text);
  const { code, detail, ...rest } = result;
  return {
    result: { ...rest, ...(code ? { code: shown(clean(code)) } : {}), ...(detail ? { detail: shown(clean(detail)) } : {}) },
    meaning: clean(meaning),
  };
}

/** Why a rule's key is not asked at all, or undefined when it is (then `endpoint` says how). */
export function probeFor(ruleId: string): { readonly endpoint: Endpoint } | { readonly reason: string } {
  const endpoint = ENDPOINTS[ruleId];
  if (endpoint) return { endpoint };
  return { reason: NOT_PROBED[ruleId] ?? `no probe is known for ${ruleId}` };
}

async function ask(endpoint: Endpoint, base: string, key: ProbeKey, options: ProbeKeyOptions): Promise<Classified> {
  const outcome = await send(
    () => {
      const request = requestFor(endpoint, base, key);
      // The key's own headers win: an extra header never replaces the credential.
      return { ...request, headers: { ...options.extraHeaders, ...request.headers } };
    },
    { timeoutMs: options.timeoutMs, retryDelayMs: options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS },
  );
  return outcome.kind === 'answer' ? classify(endpoint.provider, outcome.answer) : unknown(outcome.reason, outcome.httpStatus);
}

/** A provider with regions: a key unknown in the first is asked in the next, and invalid only when none knows it. */
async function askEachRegion(endpoint: Endpoint, bases: readonly string[], key: ProbeKey, options: ProbeKeyOptions): Promise<Classified> {
  let answer: Classified | undefined;
  for (const [i, base] of bases.entries()) {
    answer = await ask(endpoint, base, key, options);
    if (answer.result.status !== 'invalid' || bases.length === 1) {
      if (i === 0 || answer.result.status === 'unknown') return answer;
      const region = `known at ${new URL(base).host}`;
      const detail = answer.result.detail ? `${answer.result.detail}; ${region}` : region;
      return { ...answer, result: { ...answer.result, detail: own(detail) } };
    }
  }
  const hosts = bases.map((b) => new URL(b).host).join(', ');
  const last = answer!;
  return { ...last, result: { ...last.result, detail: own(`not known in any region (${hosts})`) } };
}

/**
 * Asks the key's provider about one key, with the request its rule calls for.
 * A rule given with its provider is asked only when the table's provider is
 * the same: a key is sent to its own provider and to no other.
 */
export async function probeKey(
  rule: string | Pick<RuleInfo, 'id' | 'provider'>,
  secret: string,
  options: ProbeKeyOptions,
  partner?: string,
): Promise<Classified> {
  const ruleId = typeof rule === 'string' ? rule : rule.id;
  const found = probeFor(ruleId);
  if ('reason' in found) return notProbed(found.reason);
  const { endpoint } = found;
  if (typeof rule !== 'string' && rule.provider !== endpoint.provider) {
    return notProbed(`${ruleId} is a rule of ${rule.provider}, and its probe asks ${endpoint.provider}`);
  }
  const key: ProbeKey = partner === undefined ? { secret } : { secret, partner };
  const skipped = endpoint.skip?.(key);
  if (skipped !== undefined) return notProbed(skipped);
  const bases = options.bases[endpoint.provider];
  if (bases.length === 0) return notProbed(`no URL to ask: set ${baseUrlVariable(endpoint.provider)}`);
  return withoutSecret(await askEachRegion(endpoint, bases, key, options), key);
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
      result: (await probeKey(r.rule, r.secret, keyOptions, r.pairedWith)).result,
    }));
    for await (const { fingerprint, result } of probed) answers.set(fingerprint, result);
    return answers;
  };
}
