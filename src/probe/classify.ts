import type { ProbeResult, ProbeStatus } from '../finding.js';
import { own, shown } from '../redact.js';
import type { Provider } from './endpoints.js';

/** What a provider answered, reduced to what the table looks at. */
export interface HttpAnswer {
  readonly httpStatus: number;
  /** The provider's error code (OpenAI error.code, Anthropic error.type), when it sent one. */
  readonly code?: string;
}

interface Row {
  readonly httpStatus: number;
  readonly provider?: Provider;
  /** Matches any code when absent. */
  readonly code?: string;
  readonly status: ProbeStatus;
  /** What the answer means, in the user's terms (doctor prints it). */
  readonly meaning: string;
}

/** DESIGN.md's probe table: the first row that fits wins; no row means unknown. */
export const CLASSIFICATION: readonly Row[] = [
  { httpStatus: 200, status: 'live', meaning: 'the key works' },
  { httpStatus: 401, provider: 'openai', code: 'invalid_api_key', status: 'invalid', meaning: 'the key is wrong, revoked or deleted' },
  { httpStatus: 401, provider: 'anthropic', code: 'authentication_error', status: 'invalid', meaning: 'the key is wrong, revoked or deleted' },
  { httpStatus: 404, provider: 'anthropic', status: 'invalid', meaning: 'the key is wrong, revoked or deleted' },
  { httpStatus: 401, code: 'account_deactivated', status: 'deactivated', meaning: "the key's account or organization is deactivated" },
  { httpStatus: 403, status: 'live', meaning: 'the key is valid, but restricted by scope, model or region' },
  { httpStatus: 429, code: 'insufficient_quota', status: 'live_no_quota', meaning: 'the key is valid, but its billing quota is exhausted' },
  { httpStatus: 429, status: 'live', meaning: 'the key is valid (rate-limited, even after one retry)' },
];

const fits = (row: Row, provider: Provider, answer: HttpAnswer) =>
  row.httpStatus === answer.httpStatus &&
  (row.provider === undefined || row.provider === provider) &&
  (row.code === undefined || row.code === answer.code);

/** Why an answer outside the table tells nothing (the HTTP status and code are kept beside it). */
function unknownReason(answer: HttpAnswer): string {
  if (answer.httpStatus === 529) return 'the provider is overloaded';
  if (answer.httpStatus >= 500) return 'the provider had an error';
  return 'an answer the probe table does not know';
}

export interface Classified {
  readonly result: ProbeResult;
  readonly meaning: string;
}

/** The status of a key from its provider's answer, keeping the HTTP status and the error code. */
export function classify(provider: Provider, answer: HttpAnswer): Classified {
  const row = CLASSIFICATION.find((r) => fits(r, provider, answer));
  const kept = { httpStatus: answer.httpStatus, ...(answer.code ? { code: shown(answer.code) } : {}) };
  if (row) return { result: { status: row.status, ...kept }, meaning: row.meaning };
  const reason = unknownReason(answer);
  return { result: { status: 'unknown', ...kept, detail: own(reason) }, meaning: `could not tell: ${reason}` };
}

/** 429 for a rate limit (not for an empty quota), 5xx and 529 may pass: worth one more try. */
export const isRetryable = (answer: HttpAnswer): boolean =>
  answer.httpStatus >= 500 || (answer.httpStatus === 429 && answer.code !== 'insufficient_quota');
