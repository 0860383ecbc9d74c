import type { Check } from './check.js';
import { runChecks } from './checks/index.js';
import { gatherFacts, type DoctorContext } from './facts.js';

export type { DoctorContext } from './facts.js';

/** Gathers what there is to know (environment, .env files, the providers' answers with --probe), then checks it. */
export async function runDoctor(context: DoctorContext): Promise<Check[]> {
  return runChecks(await gatherFacts(context));
}

export const doctorFailed = (checks: readonly Check[]): boolean => checks.some((c) => c.status === 'fail');
