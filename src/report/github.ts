import { active, coveredOf, type Finding } from '../finding.js';
import { describe } from './advice.js';
import type { Reporter } from './reporter.js';
import { skippedLines } from './skipped.js';
import { suppressedLine } from './suppressed.js';

/**
 * GitHub Actions workflow commands: each finding becomes an ::error or
 * ::warning annotation on its file and line in the run and the pull request.
 * https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */

/** The message part: a raw newline would end the command and start a new one (command injection), so %, CR and LF are encoded. */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values additionally may not hold the separators `:` and `,`. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

// A key kept in a git-ignored .env is information: a notice, never an error annotation.
const COMMAND: Record<Finding['severity'], string> = { error: 'error', warning: 'warning', info: 'notice' };

export function annotation(f: Finding): string {
  const properties = [
    `file=${escapeProperty(f.file)}`,
    `line=${f.line}`,
    `col=${f.column}`,
    `endLine=${f.endLine}`,
    `endColumn=${f.endColumn}`,
    `title=${escapeProperty(`${f.title} [${f.rule}]`)}`,
  ];
  return `::${COMMAND[f.severity]} ${properties.join(',')}::${escapeData(describe(f))}`;
}

export const githubReporter: Reporter = (findings, summary, out, options) => {
  // A finding let through is no error in the run: only its count is said.
  const lines = active(findings).map(annotation);
  if (!options.quiet) {
    const skipped = summary.skipped.length > 0 ? `, ${summary.skipped.length} skipped` : '';
    const { commits } = coveredOf(summary);
    const inCommits = commits === undefined ? '' : `${commits} commit(s), `;
    lines.push(
      `scan-keys: ${summary.errors} error(s), ${summary.warnings} warning(s) in ${inCommits}${summary.files} file(s)${skipped} (${summary.mode} scan)`,
    );
    const suppressed = suppressedLine(summary.suppressed, false);
    if (suppressed) lines.push(`::notice title=${escapeProperty('scan-keys: let through')}::${escapeData(suppressed)}`);
    // A notice per reason, so that the run's page tells "clean" from "not looked at".
    for (const line of skippedLines(summary.skipped, 10)) lines.push(`::notice title=${escapeProperty('scan-keys: not scanned')}::${escapeData(line)}`);
  }
  if (lines.length > 0) out.write(`${lines.join('\n')}\n`);
};
