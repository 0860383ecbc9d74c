import { createColors } from 'picocolors';
import { shownLines } from '../redact.js';
import { CAUSE_LEGEND, CAUSES, causeName, type Check, type CheckStatus } from './check.js';

/**
 * Every check's words through the one redaction step before they are printed:
 * they quote file names, .env names and values from outside. A value's own
 * newlines were made visible where it was quoted; these are the list's.
 */
const shownCheck = (check: Check): Check => ({
  ...check,
  subject: shownLines(check.subject),
  ...(check.detail !== undefined ? { detail: shownLines(check.detail) } : {}),
  ...(check.headline !== undefined ? { headline: shownLines(check.headline) } : {}),
  ...(check.fix !== undefined ? { fix: shownLines(check.fix) } : {}),
  ...(check.command !== undefined ? { command: shownLines(check.command) } : {}),
});

type Colors = ReturnType<typeof createColors>;

const MARKS: Readonly<Record<CheckStatus, (c: Colors) => string>> = {
  pass: (c) => c.green('✔'),
  fail: (c) => c.red('✖'),
  warn: (c) => c.yellow('!'),
  info: (c) => c.blue('i'),
  skip: (c) => c.dim('-'),
};

const count = (checks: readonly Check[], status: CheckStatus) => checks.filter((c) => c.status === status).length;

function checkLines(check: Check, c: Colors): string[] {
  const cause = check.cause && (check.status === 'fail' || check.status === 'warn') ? c.dim(` (${causeName(check.cause)})`) : '';
  const [summary, ...more] = (check.detail ?? '').split('\n');
  const lines = [`  ${MARKS[check.status](c)} ${check.title}${cause}${summary ? `: ${summary}` : ''}`, ...more.map((l) => `      ${l}`)];
  if (check.fix && (check.status === 'fail' || check.status === 'warn')) lines.push(`      ${c.bold('fix:')} ${check.fix}`);
  if (check.command) {
    const [first, ...rest] = check.command.split('\n');
    lines.push(`      ${c.dim('by hand:')} ${first}`);
    for (const l of rest) lines.push(`               ${l}`);
  }
  return lines;
}

/** One line per failed check, in cause order: what is wrong, where, and which cause it is. */
function verdictLines(failed: readonly Check[], c: Colors): string[] {
  return failed.map((k) => {
    const what = k.headline ?? `${k.subject}: ${k.title}`;
    return c.red(`  ${what}${k.cause ? ` (${causeName(k.cause)})` : ''}`);
  });
}

/** A legend, a checklist grouped by what was checked, then a verdict that names each failure and its cause. */
export function doctorText(unshown: readonly Check[], color: boolean): string {
  const checks = unshown.map(shownCheck);
  const c = createColors(color);
  const lines = [c.bold('scan-keys doctor: why does a key give 401? Checked cause by cause.'), c.dim(CAUSE_LEGEND)];
  let subject: string | undefined;
  for (const check of checks) {
    if (check.subject !== subject) {
      subject = check.subject;
      lines.push('', c.bold(subject));
    }
    for (const line of checkLines(check, c)) lines.push(line);
  }
  const failed = checks.filter((k) => k.status === 'fail');
  const warnings = count(checks, 'warn');
  const warned = warnings > 0 ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : '';
  lines.push('');
  if (failed.length === 0) {
    lines.push(c.green(`✔ nothing failed${warned}`));
  } else {
    lines.push(c.red(c.bold(`✖ ${failed.length} check${failed.length === 1 ? '' : 's'} failed${warned}; see the fixes above:`)));
    for (const line of verdictLines(failed, c)) lines.push(line);
  }
  return `${lines.join('\n')}\n`;
}

/** `--format json`: the checks with their status, for scripts. */
export function doctorJson(checks: readonly Check[]): string {
  const doc = {
    version: 1,
    ok: count(checks, 'fail') === 0,
    failed: count(checks, 'fail'),
    warnings: count(checks, 'warn'),
    causes: CAUSES,
    checks: checks.map(shownCheck),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
