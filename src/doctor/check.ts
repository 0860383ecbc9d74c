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
  /** What to do when the check did not pass. */
  readonly fix?: string;
  /** A command to repeat the check by hand, with the key as a variable, never inline. */
  readonly command?: string;
}

/** DESIGN.md's six causes of a 401, in the order a person should check them. */
export const CAUSES: Readonly<Record<number, string>> = {
  1: 'the wrong key was copied',
  2: 'the key was revoked or deleted',
  3: 'the key is used outside its scope',
  4: 'the process does not see the variable, or reads another value',
  5: 'whitespace or quotes inside the value',
  6: 'an organization or project header that does not match the key',
};
