import type { Check } from '../check.js';
import type { KeyFacts } from '../facts.js';
import { PREFIXES } from '../shape.js';
import { lengthOf, reprOf } from '../value.js';

/** (a) Cause 4: the process does not see the variable. */
export function visible(k: KeyFacts): Check {
  const v = k.spec.variable;
  const base = { id: 'visible', subject: v, cause: 4, title: 'visible to this process' } as const;
  const fix =
    `set it where the app runs: export ${v}=… in the same shell, pass it into the container (docker run -e ${v}) ` +
    `or the CI job (as a secret), or load the .env file (node --env-file=.env, dotenv); and check that the code reads ${v}, not another name`;
  if (k.raw === undefined) return { ...base, status: 'fail', detail: `${v} is not set in this process`, fix };
  if (k.raw === '') return { ...base, status: 'fail', detail: `${v} is set but empty`, fix };
  return { ...base, status: 'pass', detail: `${reprOf(k.raw, PREFIXES)}, ${lengthOf(k.raw)}` };
}
