import type { Check } from '../check.js';
import { placeOf, valueIn, type KeyFacts } from '../facts.js';
import { PREFIXES } from '../shape.js';
import { oddities, reprOf } from '../value.js';

const SHELL_FIX =
  'set the value to the key alone. A trailing newline comes from $(cat key.txt) or echo into a file ' +
  "(use printf '%s' or tr -d '\\n'); literal quotes from nested quoting (\"'sk-…'\") or a loader that keeps them " +
  '(docker --env-file, systemd EnvironmentFile); \\r from a file saved with Windows line endings';

const dotenvFix = (place: string, variable: string) =>
  `in ${place}, write the key alone after the =, in one pair of plain quotes at most (${variable}=sk-… or ${variable}="sk-…"), ` +
  `with nothing after it; scan-keys fix-env repairs the safe cases`;

/** (b) Cause 5: whitespace, a newline or quotes became part of the value (the process's, or the .env value an app loads). */
export function whitespace(k: KeyFacts): Check {
  const base = { id: 'whitespace', subject: k.spec.variable, cause: 5, title: 'no whitespace, newline or quotes in the value' } as const;
  if (!k.raw) return { ...base, status: 'skip', detail: 'no value to check' };
  const found = oddities(k.raw);
  const where = k.from ? `in ${placeOf(k.from)}: ` : '';
  if (found.length === 0) return { ...base, status: 'pass', ...(k.from ? { detail: `${placeOf(k.from)}: nothing around the value` } : {}) };
  return {
    ...base,
    status: 'fail',
    detail: `${where}${found.join('; ')}: ${reprOf(k.raw, PREFIXES)}`,
    headline: `${k.spec.variable}${valueIn(k)} holds more than the key (${found[0]})`,
    fix: k.from ? dotenvFix(placeOf(k.from), k.spec.variable) : SHELL_FIX,
  };
}
