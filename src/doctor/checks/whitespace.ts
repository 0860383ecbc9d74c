import type { Check } from '../check.js';
import type { KeyFacts } from '../facts.js';
import { PREFIXES } from '../shape.js';
import { oddities, reprOf } from '../value.js';

/** (b) Cause 5: whitespace, a newline or quotes became part of the value. */
export function whitespace(k: KeyFacts): Check {
  const base = { id: 'whitespace', subject: k.spec.variable, cause: 5, title: 'no whitespace, newline or quotes in the value' } as const;
  if (!k.raw) return { ...base, status: 'skip', detail: 'no value to check' };
  const found = oddities(k.raw);
  if (found.length === 0) return { ...base, status: 'pass' };
  return {
    ...base,
    status: 'fail',
    detail: `${found.join('; ')}: ${reprOf(k.raw, PREFIXES)}`,
    fix:
      'set the value to the key alone. A trailing newline comes from $(cat key.txt) or echo into a file ' +
      "(use printf '%s' or tr -d '\\n'); literal quotes from nested quoting (\"'sk-…'\") or a loader that keeps them " +
      '(docker --env-file, systemd EnvironmentFile); \\r from a file saved with Windows line endings',
  };
}
