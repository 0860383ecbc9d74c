import type { Check } from '../check.js';
import type { DoctorFacts, KeyFacts } from '../facts.js';
import { dotenvLint } from './dotenv-lint.js';
import { dotenvValue } from './dotenv.js';
import { keyShape } from './key-shape.js';
import { liveProbe } from './live-probe.js';
import { organization } from './organization.js';
import { scope } from './scope.js';
import { visible } from './visible.js';
import { whitespace } from './whitespace.js';

type KeyCheck = (k: KeyFacts, facts: DoctorFacts) => Check | undefined;

/** The checks for each key variable, in issue 4's order (a) to (g). */
export const KEY_CHECKS: readonly KeyCheck[] = [visible, whitespace, keyShape, dotenvValue, organization, scope, liveProbe];

/** Every check, key by key, then the .env files' lint. */
export function runChecks(facts: DoctorFacts): Check[] {
  const checks = facts.keys.flatMap((k) => KEY_CHECKS.map((c) => c(k, facts)).filter((c): c is Check => c !== undefined));
  return [...checks, ...facts.dotenvFiles.map(dotenvLint)];
}
