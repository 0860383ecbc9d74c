import { promises as fs } from 'node:fs';
import { packageVersion } from '../version.js';
import { InstallError, isLoadFailure, ScanKeysError, UsageError } from '../errors.js';
import { shown, shownLines } from '../redact.js';
import { allowHeapTuning } from '../sources/young-generation.js';
import type { Command } from './command.js';
import { COMMON_OPTIONS, parse, UnknownOptionError, type Parsed } from './options.js';
import { scanCommand } from './scan.js';
import { didYouMean } from './suggest.js';

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

/**
 * A first word that is no command is a path, unless it is a plain word close
 * to a command's name and nothing of that name exists: `scan-keys histroy`
 * is a typo, and "no such file or folder" would not say so. A real folder
 * named `histroy` is still scanned.
 */
async function refuseMistypedCommand(word: string): Promise<void> {
  if (!/^[a-z][a-z-]*$/i.test(word)) return;
  const guess = didYouMean(word.toLowerCase(), commandNames());
  if (guess === undefined) return;
  if (await fs.lstat(word).then(() => true, () => false)) return;
  throw new UsageError(`unknown command '${word}': did you mean ${guess}? (scan-keys help lists the commands; nothing named '${word}' exists to scan)`);
}

/** `help` lists the others, so it stands outside their table and is handed it. */
const HELP = 'help';
const commandNames = () => [...COMMANDS.keys(), HELP];

async function chosenCommand(argv: readonly string[]): Promise<{ command: Command; args: readonly string[]; sub: boolean }> {
  if (argv[0] === HELP) return { command: (await import('./help.js')).helpCommand(COMMANDS), args: argv.slice(1), sub: true };
  const load = COMMANDS.get(argv[0] ?? '');
  if (load) return { command: await load(), args: argv.slice(1), sub: true };
  if (argv[0] !== undefined) await refuseMistypedCommand(argv[0]);
  return { command: scanCommand, args: argv, sub: false };
}

/**
 * The command's options, parsed. An option it does not take but another
 * command does (`scan-keys --purge-plan`, `history --staged`) is named with
 * that command: a guess at a similar option of this one would mislead.
 */
async function parseFor(command: Command, args: readonly string[], sub: boolean): Promise<Parsed> {
  try {
    return parse(args, { ...COMMON_OPTIONS, ...command.options }, sub ? { command: command.name } : {});
  } catch (err) {
    if (!(err instanceof UnknownOptionError) || err.option === undefined) throw err;
    const option = err.option;
    const all = [scanCommand, ...(await Promise.all([...COMMANDS.values()].map((load) => load())))];
    const owners = all.filter((c) => c !== command && Object.hasOwn(c.options, option));
    if (owners.length === 0) throw err;
    const called = (c: Command) => (c === scanCommand ? 'a scan (scan-keys [paths...])' : `scan-keys ${c.name}`);
    const here = sub ? `scan-keys ${command.name}` : 'a scan';
    const first = owners[0] === scanCommand ? 'scan-keys --help' : `scan-keys ${owners[0]?.name ?? ''} --help`;
    throw new UsageError(`--${option} is an option of ${owners.map(called).join(', ')}, not of ${here} (see ${first})`);
  }
}

/** Runs the CLI and resolves to the exit code. The only place that decides it for errors. */
export async function main(argv: readonly string[]): Promise<number> {
  // This process is the CLI's own: a large folder scan may tune V8's heap (young-generation.ts).
  allowHeapTuning();
  try {
    const { command, args, sub } = await chosenCommand(argv);
    const parsed = await parseFor(command, args, sub);
    if (parsed.values.help) {
      const help = await import('./help.js');
      process.stdout.write(sub ? help.commandHelp(command) : await help.globalHelp(COMMANDS));
      return 0;
    }
    if (parsed.values.version) {
      process.stdout.write(`${packageVersion()}\n`);
      return 0;
    }
    return await command.run(parsed);
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

