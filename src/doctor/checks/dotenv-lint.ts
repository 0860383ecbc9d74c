import type { Check } from '../check.js';
import type { DotenvFile } from '../dotenv-files.js';

/** The .env lint on each file here: formatting that can bend a value (warnings; the value checks decide). */
export function dotenvLint(file: DotenvFile): Check {
  const base = { id: 'dotenv-lint', subject: file.name, title: `${file.name} is well formed` } as const;
  if (file.problems.length === 0) return { ...base, status: 'pass' };
  return {
    ...base,
    status: 'warn',
    detail: [
      `${file.problems.length} problem${file.problems.length === 1 ? '' : 's'}`,
      ...file.problems.map((p) => `line ${p.line}: ${p.message} [${p.rule}]`),
    ].join('\n'),
    fix: `fix the lines above; scan-keys fix-env ${file.name} repairs the safe ones`,
  };
}
