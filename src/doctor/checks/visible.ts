import type { Check } from '../check.js';
import { placeOf, type KeyFacts } from '../facts.js';
import { PREFIXES } from '../shape.js';
import { lengthOf, reprOf } from '../value.js';

/** (a) Cause 4: the process does not see the variable (and no .env here gives it to the app either). */
export function visible(k: KeyFacts): Check {
  const v = k.spec.variable;
  const base = { id: 'visible', subject: v, cause: 4, title: 'visible to this process' } as const;
  const fix =
    `set it where the app runs: export ${v}=… in the same shell, pass it into the container (docker run -e ${v}) ` +
    `or the CI job (as a secret), or load the .env file (node --env-file=.env, dotenv); and check that the code reads ${v}, not another name`;
  if (k.from) {
    const place = placeOf(k.from);
    if (k.from.value === '') {
      return { ...base, status: 'fail', detail: `not set in this process, and empty in ${place}`, headline: `${v} is empty in ${place}`, fix: `put the key after ${v}= in ${place}` };
    }
    // The dotenv case: an app that loads the file reads the value there, so that value is the one the other checks judge.
    return {
      ...base,
      status: 'info',
      detail:
        `not set in this process; ${place} sets it, and an app that loads .env (dotenv, node --env-file=.env, Next.js, Vite) reads it there: ` +
        `that value is the one checked (${reprOf(k.from.value, PREFIXES)}, ${lengthOf(k.from.value)})`,
    };
  }
  if (k.env === undefined) return { ...base, status: 'fail', detail: `${v} is not set in this process`, headline: `${v} is not set in this process`, fix };
  if (k.env === '') return { ...base, status: 'fail', detail: `${v} is set but empty`, headline: `${v} is set but empty`, fix };
  return { ...base, status: 'pass', detail: `${reprOf(k.env, PREFIXES)}, ${lengthOf(k.env)}` };
}
