/** One line of the doctor's checklist. */
export type CheckStatus = 'pass' | 'fail' | 'warn' | 'info' | 'skip';

export interface Check {
  /** Stable id: visible, whitespace, shape, dotenv, organization, scope, probe, dotenv-lint. */
  readonly id: string;
  /** What was checked: a variable name (OPENAI_API_KEY) or a file (.env). */
  readonly subject: string;
  /** Which of DESIGN.md's six 401 causes this check looks for. */
  readonly cause?: number;
  readonly status: CheckStatus;
  readonly title: string;
  /** What was found; never the whole key. Lines after the first are a list. */
  readonly detail?: string;
  /** For a failed check: what is wrong, in a few words, for the verdict ("OPENAI_API_KEY in .env:1 is a masked key"). */
  readonly headline?: string;
  /** What to do when the check did not pass. */
  readonly fix?: string;
  /** A command to repeat the check by hand, with the key as a variable, never inline. */
  readonly command?: string;
}

/**
 * DESIGN.md's six causes of a 401, in the order a person should check them,
 * in the words of the legend every report prints: a cause is never a bare number.
 */
export const CAUSES: Readonly<Record<number, string>> = {
  1: 'wrong key copied',
  2: 'revoked or deleted',
  3: 'project key on an org-level endpoint',
  4: 'not set in this process',
  5: 'whitespace or quotes',
  6: 'wrong organization',
};

/** "cause 5: whitespace or quotes": how a cause is named wherever it is named. */
export const causeName = (n: number): string => `cause ${n}: ${CAUSES[n] ?? 'other'}`;

/** The legend line: 1 wrong key copied, 2 revoked or deleted, ... */
export const CAUSE_LEGEND = `causes: ${Object.entries(CAUSES)
  .map(([n, words]) => `${n} ${words}`)
  .join(', ')}`;
