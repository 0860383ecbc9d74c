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

/**
 * The checks for each key variable, in the order of DESIGN.md's six causes,
 * the order a person should check them: 1 shape, 2 probe, 3 scope,
 * 4 visible and .env, 5 whitespace, 6 organization.
 */
export const KEY_CHECKS: readonly KeyCheck[] = [keyShape, liveProbe, scope, visible, dotenvValue, whitespace, organization];

/** Every check, key by key, then the .env files' lint. */
export function runChecks(facts: DoctorFacts): Check[] {
  const checks = facts.keys.flatMap((k) => KEY_CHECKS.map((c) => c(k, facts)).filter((c): c is Check => c !== undefined));
  return [...checks, ...facts.dotenvFiles.map(dotenvLint)];
}
