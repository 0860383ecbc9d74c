import type { Writable } from 'node:stream';
import type { Finding, Summary } from '../finding.js';

export interface ReportOptions {
  readonly color: boolean;
  /** Findings only: no summary, no hints. */
  readonly quiet: boolean;
}

/** A reporter prints findings. It is never given a secret, so it cannot print one. */
export type Reporter = (findings: readonly Finding[], summary: Summary, out: Writable, options: ReportOptions) => void;
