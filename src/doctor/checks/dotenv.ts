import { causeName, type Check } from '../check.js';
import { loadedValue, placeOf, type DoctorFacts, type KeyFacts } from '../facts.js';
import { PREFIXES } from '../shape.js';
import { cleanValue, reprOf } from '../value.js';

const LOAD_IT = "load it where the app starts (node --env-file=.env, dotenv's config(), docker --env-file, your framework's .env support)";

/** The dotenv case: the process has no value, the .env files here do; they should agree on one. */
function dotenvOnly(k: KeyFacts, base: Omit<Check, 'status'>): Check {
  const chosen = loadedValue(k.dotenv)!;
  const others = k.dotenv.filter((d) => d !== chosen && d.value !== chosen.value);
  if (others.length > 0) {
    const shown = [chosen, ...others].map((d) => `${placeOf(d)} has ${reprOf(d.value, PREFIXES)}`).join('; ');
    return {
      ...base,
      status: 'warn',
      detail: `${shown}: which one the app gets depends on its loader (dotenv reads .env; Next.js and Vite read .env.local first); ${placeOf(chosen)} was checked`,
      fix: 'keep the key in one file, and remove the stale value from the others',
    };
  }
  return {
    ...base,
    status: 'info',
    detail:
      `the process has no ${k.spec.variable}; ${k.dotenv.map(placeOf).join(', ')} ${k.dotenv.length === 1 ? 'sets' : 'set'} it. ` +
      `If the app still does not get it, it does not load that file: ${LOAD_IT}, or export the variable`,
  };
}

/** (d) Cause 4: a .env file holds another value than the process sees. */
export function dotenvValue(k: KeyFacts, facts: DoctorFacts): Check {
  const v = k.spec.variable;
  const base = { id: 'dotenv', subject: v, cause: 4, title: 'the .env files here agree with the process' } as const;
  const loaded = facts.dotenvFiles.filter((f) => !f.template);
  if (loaded.length === 0) return { ...base, status: 'info', detail: 'no .env file here' };
  if (k.dotenv.length === 0) return { ...base, status: 'pass', detail: `${loaded.map((f) => f.name).join(', ')}: no ${v} in them` };
  if (k.env === undefined) return dotenvOnly(k, base);
  const env = k.env;
  const differ = k.dotenv.filter((d) => d.value !== env);
  if (differ.length === 0) return { ...base, status: 'pass', detail: `${k.dotenv.map(placeOf).join(', ')}: the same value as the process` };
  const onlyQuoting = differ.every((d) => cleanValue(d.value) === cleanValue(env));
  const shown = differ.map((d) => `${placeOf(d)} has ${reprOf(d.value, PREFIXES)}`).join('; ');
  return {
    ...base,
    status: 'fail',
    detail:
      `${shown}, the process has ${reprOf(env, PREFIXES)}: ` +
      (onlyQuoting ? `the same key, with different whitespace or quotes around it (${causeName(5)})` : 'the app reads another key than the one tested'),
    headline: `${differ.map(placeOf).join(', ')} ${onlyQuoting ? 'quotes' : 'holds'} ${v} ${onlyQuoting ? 'differently from' : 'with another value than'} the process`,
    fix:
      'keep the key in one place: remove the stale value, then restart the app. dotenv does not override a variable ' +
      'that is already set, so an old export in the shell wins over a new .env value',
  };
}
