import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.js';
import { OPTION_HELP } from './option-help.js';
import { didYouMean } from './suggest.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Options every command understands. */
export const COMMON_OPTIONS = {
  format: { type: 'string', short: 'f' },
  // Repeatable: FILE (in --format), or FORMAT:FILE for one scan written in several formats.
  output: { type: 'string', short: 'o', multiple: true },
  'fail-on': { type: 'string' },
  config: { type: 'string' },
  'no-color': { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const satisfies OptionSpec;

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface Parsed {
  readonly values: OptionValues;
  readonly positionals: string[];
}

/** Where the options being parsed belong, for messages: `history`, or undefined for a scan. */
export interface ParseContext {
  readonly command?: string;
}

/** An option the command does not take; main may find that another command takes it. */
export class UnknownOptionError extends UsageError {
  constructor(
    message: string,
    /** The long name as written (`purge-plan`), or undefined for a short option. */
    readonly option: string | undefined,
  ) {
    super(message);
  }
}

type OptionToken = Extract<NonNullable<ReturnType<typeof parseArgs>['tokens']>[number], { kind: 'option' }>;

/**
 * Strict parsing: an unknown flag, a missing value or a value given to a flag
 * that takes none is a usage error in our words (with the option it most
 * likely meant), never a silent default. The tokens are checked first, so
 * that no message of Node's parser reaches the user; the strict parse after
 * them is only a safety net.
 */
export function parse(args: readonly string[], options: OptionSpec, context: ParseContext = {}): Parsed {
  const { tokens } = parseArgs({ args: [...args], options, allowPositionals: true, strict: false, tokens: true });
  for (const token of tokens) if (token.kind === 'option') checkOption(token, options, context);
  try {
    const { values, positionals } = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
    return { values: values as OptionValues, positionals };
  } catch (err) {
    throw new UsageError(`${parserProblem(err)} (${helpHint(context)})`);
  }
}

const helpHint = (context: ParseContext) => `see scan-keys ${context.command ? `${context.command} ` : ''}--help`;

function checkOption(token: OptionToken, options: OptionSpec, context: ParseContext): void {
  const spec = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
  const long = `--${token.name}`;
  if (!spec) throw new UnknownOptionError(unknownOption(token, options, context), token.rawName.startsWith('--') ? token.name : undefined);
  if (spec.type === 'boolean' && token.value !== undefined) {
    throw new UsageError(`${token.rawName} takes no value; got '${token.value}' (${helpHint(context)})`);
  }
  if (spec.type !== 'string') return;
  const written = `${long} ${OPTION_HELP[token.name]?.[0]?.arg ?? 'VALUE'}`;
  if (token.value === undefined) throw new UsageError(`${token.rawName} needs a value: ${written}`);
  // `--probe-timeout --staged`: the next argument would be taken as the value, which is almost never meant.
  if (!token.inlineValue && token.value.length > 1 && token.value.startsWith('-')) {
    const next = token.value;
    const isOption = Object.hasOwn(options, next.replace(/^--?/, '')) || Object.values(options).some((o) => `-${o.short ?? ''}` === next);
    if (isOption) throw new UsageError(`${token.rawName} needs a value: ${written} (the next argument, ${next}, is an option)`);
    throw new UsageError(`${token.rawName} needs a value: ${written}; if '${next}' is the value, write ${long}=${next}`);
  }
}

function unknownOption(token: OptionToken, options: OptionSpec, context: ParseContext): string {
  const where = context.command ? ` for scan-keys ${context.command}` : '';
  const guess = token.rawName.startsWith('--') ? didYouMean(token.name, Object.keys(options)) : undefined;
  if (guess !== undefined) return `unknown option '${token.rawName}'${where}: did you mean --${guess}? (${helpHint(context)})`;
  return `unknown option '${token.rawName}'${where} (${helpHint(context)}; a path that starts with '-' goes after --)`;
}

/**
 * Node's parser errors, by code, in our words. checkOption catches each case
 * first and names the option; these words are what a case it missed would get.
 */
function parserProblem(err: unknown): string {
  switch ((err as NodeJS.ErrnoException | undefined)?.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return 'unknown option';
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return 'an option is missing its value, or was given one it does not take';
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return 'unexpected argument';
    default:
      throw err;
  }
}

export function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${name} must be ${allowed.join(', ')}; got '${String(value)}'`);
}
