import type { Check } from '../check.js';
import type { KeyFacts, DoctorFacts } from '../facts.js';
import { PREFIXES } from '../shape.js';
import { cleanValue, reprOf } from '../value.js';

/** (d) Cause 4: a .env file holds another value than the process sees, or is never loaded. */
export function dotenvValue(k: KeyFacts, facts: DoctorFacts): Check {
  const v = k.spec.variable;
  const base = { id: 'dotenv', subject: v, cause: 4, title: 'the .env files here agree with the process' } as const;
  const loaded = facts.dotenvFiles.filter((f) => !f.template);
  if (loaded.length === 0) return { ...base, status: 'info', detail: 'no .env file here' };
  if (k.dotenv.length === 0) return { ...base, status: 'pass', detail: `${loaded.map((f) => f.name).join(', ')}: no ${v} in them` };
  const where = (d: { file: string; line: number }) => `${d.file}:${d.line}`;
  if (k.raw === undefined) {
    return {
      ...base,
      status: 'fail',
      detail: `${v} is in ${k.dotenv.map(where).join(', ')} but not in this process: that file is not loaded`,
      fix: 'load it where the app starts (node --env-file=.env, dotenv\'s config(), docker --env-file, your framework\'s .env support), or export the variable',
    };
  }
  const differ = k.dotenv.filter((d) => d.value !== k.raw);
  if (differ.length === 0) return { ...base, status: 'pass', detail: `${k.dotenv.map(where).join(', ')}: the same value as the process` };
  const raw = k.raw;
  const onlyQuoting = differ.every((d) => cleanValue(d.value) === cleanValue(raw));
  const shown = differ.map((d) => `${where(d)} has ${reprOf(d.value, PREFIXES)}`).join('; ');
  return {
    ...base,
    status: 'fail',
    detail:
      `${shown}, the process has ${reprOf(raw, PREFIXES)}: ` +
      (onlyQuoting
        ? 'the same key, with different whitespace or quotes around it (cause 5)'
        : 'the app reads another key than the one tested'),
    fix:
      'keep the key in one place: remove the stale value, then restart the app. dotenv does not override a variable ' +
      'that is already set, so an old export in the shell wins over a new .env value',
  };
}
