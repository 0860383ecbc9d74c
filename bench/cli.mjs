/** The built CLI, run as users run it: `node dist/cli/main.cjs ...`. */
import { fileURLToPath } from 'node:url';
import { measure } from './timing.mjs';

export const CLI = fileURLToPath(new URL('../dist/cli/main.cjs', import.meta.url));

/** Measures `node dist/cli/main.cjs args` in `cwd`. */
export const measureCli = (args, options) => measure(process.execPath, [CLI, ...args], options);

/**
 * Compares a JSON report with the planted keys: a planted key counts as found
 * when a finding has its file, line, rule and fingerprint. Any other secret
 * finding is unexpected (a false positive, or a key reported at the wrong
 * place). .env lint warnings are counted apart: the corpus's .env files hold
 * masked-key look-alikes, which the linter rightly flags.
 */
export function checkFindings(stdout, planted) {
  const id = (f) => `${f.file}\0${f.line}\0${f.rule}\0${f.fingerprint}`;
  const report = JSON.parse(stdout);
  const secrets = report.findings.filter((f) => f.kind === 'secret');
  const reported = new Set(secrets.map(id));
  const wanted = new Set(planted.map(id));
  return {
    found: planted.filter((p) => reported.has(id(p))).length,
    planted: planted.length,
    unexpected: secrets.filter((f) => !wanted.has(id(f))).length,
    dotenv: report.findings.length - secrets.length,
    summary: report.summary,
  };
}

export const checkPassed = (c) => c.found === c.planted && c.unexpected === 0;
