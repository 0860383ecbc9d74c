import type { Severity } from './rules/rule.js';
import type { Commit, SkippedFile } from './sources/unit.js';

export type ProbeStatus = 'live' | 'live_no_quota' | 'invalid' | 'deactivated' | 'unknown';

/** What the provider said of a key, without the key. */
export interface ProbeResult {
  readonly status: ProbeStatus;
  readonly httpStatus?: number;
  /** The provider's error code, e.g. invalid_api_key. */
  readonly code?: string;
  /** Why the status is what it is, for unknown especially (timeout, 5xx, redirect...). */
  readonly detail?: string;
}

/**
 * What reporters receive. It has no secret field at all: only the redacted
 * form and a fingerprint, made once in finalize.
 */
export interface Finding {
  readonly kind: 'secret' | 'dotenv';
  readonly rule: string;
  /** The rule's title, e.g. "OpenAI project API key". */
  readonly title: string;
  readonly provider: string;
  readonly severity: Severity;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** e.g. sk-proj-…Abcd */
  readonly redacted: string;
  /** Stable hex digest of rule + secret; the same key gives the same fingerprint in every mode. */
  readonly fingerprint: string;
  readonly message: string;
  /** The source line with every secret on it masked (text reports only). */
  readonly snippet?: string;
  /** Where to rotate the key. */
  readonly rotateAt?: string;
  readonly commit?: Commit;
  /** The git blob it was found in (history mode; not part of the JSON contract). */
  readonly blob?: string;
  readonly probe?: ProbeResult;
}

export type Mode = 'files' | 'staged' | 'history';

export interface Summary {
  readonly mode: Mode;
  readonly files: number;
  readonly bytes: number;
  readonly errors: number;
  readonly warnings: number;
  readonly durationMs: number;
  readonly skipped: readonly SkippedFile[];
}
