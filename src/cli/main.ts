#!/usr/bin/env node
import { packageVersion } from '../version.js';
import { InstallError, isLoadFailure, ScanKeysError } from '../errors.js';
import { shown, shownLines } from '../redact.js';
import type { Command } from './command.js';
import { COMMON_OPTIONS, parse } from './options.js';
import { PROBE_HELP } from './probe-options.js';
import { scanCommand } from './scan.js';

/**
 * Subcommands by the word that names them; any other first word is a path to
 * scan. Each is loaded only when chosen, so the pre-commit hook (a scan) pays
 * for none of their modules at start-up.
 */
const COMMANDS = new Map<string, () => Promise<Command>>([
  ['history', async () => (await import('./history.js')).historyCommand],
  ['ci', async () => (await import('./ci.js')).ciCommand],
  ['pre-push', async () => (await import('./pre-push.js')).prePushCommand],
  ['init', async () => (await import('./init.js')).initCommand],
  ['baseline', async () => (await import('./baseline.js')).baselineCommand],
  ['fix-env', async () => (await import('./fix-env.js')).fixEnvCommand],
  ['doctor', async () => (await import('./doctor.js')).doctorCommand],
  ['explain', async () => (await import('./explain.js')).explainCommand],
]);

async function help(): Promise<string> {
  const commands = [scanCommand, ...(await Promise.all([...COMMANDS.values()].map((load) => load())))];
  const lines = [
    'scan-keys: find OpenAI and Anthropic API keys before they are committed',
    '',
    'Usage:',
    ...commands.flatMap((c) => c.usage.split('\n').map((l) => `  ${l}`)),
    '',
    'Options:',
    '  -f, --format text|json|sarif|github|html|summary   report format (default text)',
    '  -o, --output FILE            write the report to FILE instead of stdout',
    '  -o, --output FORMAT:FILE     write this format to FILE (- is stdout); repeat it for several reports from one scan',
    '      --fail-on error|warning|never   exit 1 on findings at or above this severity (default error)',
    '      --all-lines              with --staged: report every line of the staged files, not only added lines',
    '      --dry-run                with fix-env: show what would change, change nothing',
    '      --config FILE            use this config file (default: scan-keys.config.json, .scankeysrc.json or',
    '                               package.json "scan-keys", the first found from here up to the repository root)',
    '      --baseline FILE          skip the findings listed in FILE (default .scan-keys-baseline.json)',
    '      --no-baseline            report baselined findings too',
    '      --explain                text: every finding with its full explanation, not one line each',
    '      --show-suppressed        list the findings let through (allow comments, baseline, config allow), and why',
    '      --no-inline-allow        ignore allow comments (audit what they let through)',
    '      --base REV, --head REV   with ci: scan the commits of --head (default HEAD) that --base lacks',
    '      --fail-on-empty          with ci: exit 2 when the range holds no commits (a tag push is not empty)',
    ...PROBE_HELP,
    '      --no-color               no colours (NO_COLOR and FORCE_COLOR are honoured too)',
    '  -q, --quiet                  print findings only (and one line on stderr if files were skipped)',
    '  -h, --help                   this help',
    '  -v, --version                the version',
    '',
    'Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage, config or git error.',
    'Allow a line: add scan-keys:allow [reason] to it, or scan-keys:allow-next-line on the line before',
    '(on a line over 500 bytes, a minified bundle, only the keys within 200 bytes of the comment).',
  ];
  return `${lines.join('\n')}\n`;
}

/** Runs the CLI and resolves to the exit code. The only place that decides it for errors. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const load = COMMANDS.get(argv[0] ?? '');
    const args = load ? argv.slice(1) : argv;
    const chosen = load ? await load() : scanCommand;
    const parsed = parse(args, { ...COMMON_OPTIONS, ...chosen.options });
    if (parsed.values.help) {
      process.stdout.write(await help());
      return 0;
    }
    if (parsed.values.version) {
      process.stdout.write(`${packageVersion()}\n`);
      return 0;
    }
    return await chosen.run(parsed);
  } catch (err) {
    return fail(err);
  }
}

function fail(err: unknown): 2 {
  const debug = (process.env.DEBUG ?? '').split(',').includes('scan-keys');
  // Messages may echo an argument, a path or git's words, and any of them may hold a key or a control character.
  const write = (text: string) => process.stderr.write(`scan-keys: ${shown(text)}\n`);
  // A dependency loaded on demand (ignore, write-file-atomic...) that is missing: the install is broken, not scan-keys.
  if (isLoadFailure(err)) {
    write(InstallError.from(err).message);
  } else if (err instanceof ScanKeysError) {
    write(err.message);
  } else {
    const message = err instanceof Error ? err.message : String(err);
    write(`internal error: ${message.split('\n')[0] ?? ''} (nothing was scanned to the end; set DEBUG=scan-keys for details)`);
  }
  if (debug && err instanceof Error && err.stack) process.stderr.write(`${shownLines(err.stack)}\n`);
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
