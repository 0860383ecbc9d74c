import type { Writable } from 'node:stream';
import type { Finding, Summary } from '../finding.js';

export interface ReportOptions {
  readonly color: boolean;
  /** Findings only: no summary, no hints. */
  readonly quiet: boolean;
  /** Text: every finding's full explanation, as before one-line output (--explain). */
  readonly explain?: boolean;
  /** Text: the columns a one-line finding must fit in (the terminal's, 80 when not a terminal). */
  readonly width?: number;
  /** Text: run by a git hook, so a --staged scan with errors did block a commit (otherwise it only would). */
  readonly fromHook?: boolean;
}

/** A reporter prints findings. It is never given a secret, so it cannot print one. */
export type Reporter = (findings: readonly Finding[], summary: Summary, out: Writable, options: ReportOptions) => void;
