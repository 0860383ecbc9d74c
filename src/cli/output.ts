import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { UsageError } from '../errors.js';
import type { Finding, Summary } from '../finding.js';
import type { Reporter } from '../report/reporter.js';
import { oneOf, type OptionValues } from './options.js';

export const FORMATS = ['text', 'json', 'sarif', 'github', 'html'] as const;
export type Format = (typeof FORMATS)[number];

/** Each reporter is loaded when chosen: the hook's text report does not pay for the HTML page's. */
const REPORTERS: Record<Format, () => Promise<Reporter>> = {
  text: async () => (await import('../report/text.js')).textReporter,
  json: async () => (await import('../report/json.js')).jsonReporter,
  sarif: async () => (await import('../report/sarif.js')).sarifReporter,
  github: async () => (await import('../report/github.js')).githubReporter,
  html: async () => (await import('../report/html.js')).htmlReporter,
};

export type FailOn = 'error' | 'warning' | 'never';

export function failOnOf(values: OptionValues): FailOn {
  return oneOf('fail-on', values['fail-on'], ['error', 'warning', 'never'] as const, 'error');
}

/** 1 when a finding is at or above --fail-on, else 0. */
export function exitCodeFor(findings: readonly Finding[], failOn: FailOn): 0 | 1 {
  if (failOn === 'never') return 0;
  const blocking = findings.some((f) => f.severity === 'error' || (failOn === 'warning' && f.severity === 'warning'));
  return blocking ? 1 : 0;
}

/** Colour follows --no-color, then NO_COLOR / FORCE_COLOR, then whether stdout is a terminal. */
export function useColor(values: OptionValues, toFile: boolean): boolean {
  if (values['no-color'] || toFile) return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  return Boolean(process.stdout.isTTY);
}

/**
 * A reader that goes away early (`scan-keys | head`) ends the report, not the
 * process with a stack trace; the exit code still tells what was found.
 */
function stdoutFailed(err: NodeJS.ErrnoException): void {
  if (err.code !== 'EPIPE') process.stderr.write(`scan-keys: could not write the report: ${err.code ?? err.message}\n`);
}

/** Prints the report in the chosen format to stdout or --output. */
export async function report(findings: readonly Finding[], summary: Summary, values: OptionValues): Promise<void> {
  const format = oneOf('format', values.format, FORMATS, 'text');
  const file = typeof values.output === 'string' ? values.output : undefined;
  const options = { color: useColor(values, file !== undefined), quiet: Boolean(values.quiet) };
  const reporter = await REPORTERS[format]();
  if (!file) {
    process.stdout.on('error', stdoutFailed);
    reporter(findings, summary, process.stdout, options);
    return;
  }
  const out: Writable = createWriteStream(file);
  const failed = once(out, 'error').then(([e]) => {
    throw new UsageError(`--output ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  });
  reporter(findings, summary, out, options);
  out.end();
  await Promise.race([once(out, 'finish'), failed]);
}
