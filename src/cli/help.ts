import { UsageError } from '../errors.js';
import type { Command } from './command.js';
import { OPTION_HELP, type OptionForm } from './option-help.js';
import { COMMON_OPTIONS, type OptionSpec } from './options.js';
import { scanCommand } from './scan.js';
import { didYouMean } from './suggest.js';

/** The subcommands by name, each loaded when asked for (main.ts's table). */
export type CommandTable = ReadonlyMap<string, () => Promise<Command>>;

/** Where option descriptions start, and where lines end. */
const COLUMN = 31;
const WIDTH = 120;

const EXIT_CODES = 'Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage, config or git error.';

/** Words wrapped to WIDTH, every line after the first indented to `indent`. */
function wrap(text: string, indent: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && indent + line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  lines.push(line);
  return lines.map((l, i) => (i === 0 ? l : `${' '.repeat(indent)}${l}`));
}

function optionLines(name: string, spec: OptionSpec[string], own: Command['optionHelp']): string[] {
  const forms: readonly OptionForm[] = own?.[name] ?? OPTION_HELP[name] ?? [{ text: '' }];
  return forms.flatMap((form) => {
    const flags = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${form.arg ? ` ${form.arg}` : ''}`;
    const head = `  ${flags}`;
    if (head.length >= COLUMN) return [head, `${' '.repeat(COLUMN)}${wrap(form.text, COLUMN).join('\n')}`];
    return [`${head.padEnd(COLUMN)}${wrap(form.text, COLUMN).join('\n')}`];
  });
}

const usageLines = (c: Command) => c.usage.split('\n').map((l) => `  ${l}`);

/** One command's help: what it does, how it is called, and every option it takes (its own first). */
export function commandHelp(command: Command): string {
  const own = Object.entries(command.options).filter(([name]) => !Object.hasOwn(COMMON_OPTIONS, name));
  const lines = [
    `scan-keys ${command.name}: ${command.summary}`,
    '',
    'Usage:',
    ...usageLines(command),
    '',
    'Options:',
    ...own.flatMap(([name, spec]) => optionLines(name, spec, command.optionHelp)),
    ...Object.entries(COMMON_OPTIONS).flatMap(([name, spec]) => optionLines(name, spec, undefined)),
    '',
    EXIT_CODES,
  ];
  return `${lines.join('\n')}\n`;
}

/** Every option any command takes, in the order OPTION_HELP lists them (then any it does not), each once. */
function allOptions(commands: readonly Command[]): [string, OptionSpec[string], Command['optionHelp']][] {
  const found = new Map<string, [OptionSpec[string], Command['optionHelp']]>();
  for (const [name, spec] of Object.entries(COMMON_OPTIONS)) found.set(name, [spec, undefined]);
  for (const c of commands) for (const [name, spec] of Object.entries(c.options)) if (!found.has(name)) found.set(name, [spec, c.optionHelp]);
  const order = [...Object.keys(OPTION_HELP), ...found.keys()];
  return [...new Set(order)].flatMap((name) => {
    const entry = found.get(name);
    return entry ? [[name, ...entry] as [string, OptionSpec[string], Command['optionHelp']]] : [];
  });
}

async function loadAll(table: CommandTable): Promise<Command[]> {
  return [scanCommand, ...(await Promise.all([...table.values()].map((load) => load()))), helpCommand(table)];
}

/** `scan-keys --help`: every command's usage and every option. */
export async function globalHelp(table: CommandTable): Promise<string> {
  const commands = await loadAll(table);
  const lines = [
    'scan-keys: find OpenAI and Anthropic API keys before they are committed',
    '',
    'Usage:',
    ...commands.flatMap(usageLines),
    '',
    'Options:',
    ...allOptions(commands).flatMap(([name, spec, own]) => optionLines(name, spec, own)),
    '',
    "scan-keys help COMMAND (or scan-keys COMMAND --help) shows that command's usage and options alone.",
    EXIT_CODES,
    'Allow a line: add scan-keys:allow [reason] to it, or scan-keys:allow-next-line on the line before',
    '(on a line over 500 bytes, a minified bundle, only the keys within 200 bytes of the comment).',
  ];
  return `${lines.join('\n')}\n`;
}

/** `scan-keys help [COMMAND]`. */
export function helpCommand(table: CommandTable): Command {
  return {
    name: 'help',
    summary: "this help, or one command's usage and options",
    usage: "scan-keys help [COMMAND]        this help, or one command's usage and options (scan is the default command)",
    options: {},
    async run({ positionals }) {
      const [name, extra] = positionals;
      if (extra !== undefined) throw new UsageError(`help takes one command name; got '${name ?? ''} ${extra}'`);
      process.stdout.write(name === undefined ? await globalHelp(table) : commandHelp(await commandNamed(table, name)));
      return 0;
    },
  };
}

async function commandNamed(table: CommandTable, name: string): Promise<Command> {
  if (name === scanCommand.name) return scanCommand;
  if (name === 'help') return helpCommand(table);
  const load = table.get(name);
  if (load) return load();
  const names = [scanCommand.name, ...table.keys(), 'help'];
  const guess = didYouMean(name.toLowerCase(), names);
  throw new UsageError(`help: unknown command '${name}'${guess ? `: did you mean ${guess}?` : ''} (commands: ${names.join(', ')})`);
}
