import type { Severity } from './rules/rule.js';
import type { Shown } from './redact.js';
import type { SkipReason } from './sources/unit.js';

export type ProbeStatus = 'live' | 'live_no_quota' | 'invalid' | 'deactivated' | 'unknown';

/** What the provider said of a key, without the key. */
export interface ProbeResult {
  readonly status: ProbeStatus;
  readonly httpStatus?: number;
  /** The provider's error code, e.g. invalid_api_key: a server's words, so shown (a server may echo the key). */
  readonly code?: Shown;
  /** Why the status is what it is, for unknown especially (timeout, 5xx, redirect...). */
  readonly detail?: Shown;
}

/** The commit a history finding was introduced in; the author is text from the repository, so shown. */
export interface ShownCommit {
  readonly sha: string;
  readonly author: Shown;
  /** ISO 8601. */
  readonly date: string;
  /** The first line of the commit message: it can hold a key, so shown. */
  readonly subject?: Shown;
  /** Full names of the refs whose history holds the commit (refs/heads/..., refs/tags/...), shown; absent when not looked up. */
  readonly refs?: readonly Shown[];
}

/** A file the scan did not read, with its name shown (a name can hold a key or a control character). */
export interface ShownSkipped {
  readonly path: Shown;
  readonly skipped: SkipReason;
  readonly detail?: Shown;
}

/** What let a finding through: an inline allow comment, the baseline, or the config's allow-list. */
export type SuppressedBy = 'inline' | 'baseline' | 'config';

export interface Suppression {
  readonly by: SuppressedBy;
  /** The words after an allow comment, or the config pattern that matched: input, so shown. */
  readonly reason?: Shown;
}

/** How many findings each kind of suppression let through. */
export type SuppressedCounts = Readonly<Record<SuppressedBy, number>>;

export const NONE_SUPPRESSED: SuppressedCounts = { inline: 0, baseline: 0, config: 0 };

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
  /** Shown: a file name can hold a key, a newline or an escape sequence. */
  readonly file: Shown;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** e.g. sk-proj-…Abcd */
  readonly redacted: string;
  /** Stable hex digest of rule + secret; the same key gives the same fingerprint in every mode. */
  readonly fingerprint: string;
  readonly message: Shown;
  /** The source line with every secret on it masked (text reports only). */
  readonly snippet?: Shown;
  /** Where to rotate the key. */
  readonly rotateAt?: string;
  readonly commit?: ShownCommit;
  /** The git blob it was found in (history mode; not part of the JSON contract). */
  readonly blob?: string;
  readonly probe?: ProbeResult;
  /** Set on a finding that was let through, listed only with --show-suppressed; it never fails a scan. */
  readonly suppressed?: Suppression;
}

/** The findings a scan reports as problems: those not let through. */
export const active = (findings: readonly Finding[]): Finding[] => findings.filter((f) => f.suppressed === undefined);

export type Mode = 'files' | 'staged' | 'history';

/**
 * What a scan read, so that a report can prove it was not empty: commits and
 * blobs for history and CI scans, files (file versions in history) and their bytes always.
 */
export interface Covered {
  readonly commits?: number;
  /** Unique blobs the revisions hold, read or skipped (binary, too large). */
  readonly blobs?: number;
  readonly files: number;
  readonly bytes: number;
}

/**
 * What a scan was pointed at, for a report to say what it covers. The remote
 * URL (without credentials), the branch and the paths and revisions are input,
 * so shown; head is a commit id.
 */
export interface ScanTarget {
  readonly repository?: Shown;
  readonly branch?: Shown;
  readonly head?: string;
  readonly paths?: readonly Shown[];
  readonly revisions?: readonly Shown[];
}

export interface Summary {
  readonly mode: Mode;
  readonly files: number;
  readonly bytes: number;
  readonly errors: number;
  readonly warnings: number;
  readonly durationMs: number;
  readonly skipped: readonly ShownSkipped[];
  /** Findings dropped by allow comments, the baseline and the config's allow-list (never counted in errors or warnings). */
  readonly suppressed: SuppressedCounts;
  /** Absent only where a summary is built by hand: then files and bytes are what was covered. */
  readonly covered?: Covered;
  /** Gathered only for the reports that print it (JSON, SARIF, HTML). */
  readonly target?: ScanTarget;
  /** Set when the scan could not read everything it should have (history: objects missing from the repository). */
  readonly incomplete?: Incomplete;
}

/** Why a scan is incomplete: how many git objects the repository lacks (listed in skipped as missing). */
export interface Incomplete {
  readonly missing: number;
  /** Set when git could not trace the findings to commits past a missing tree: they carry the path they were read at, no commit. */
  readonly untraced?: true;
}

/** What the summary says was covered: files and bytes when a scan gave no more. */
export function coveredOf(summary: Summary): Covered {
  return summary.covered ?? { files: summary.files, bytes: summary.bytes };
}
