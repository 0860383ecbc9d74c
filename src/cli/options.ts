import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.js';

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

/** Strict parsing: an unknown flag is a usage error that names it, not a silent default. */
export function parse(args: readonly string[], options: OptionSpec): Parsed {
  try {
    const { values, positionals } = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
    return { values: values as OptionValues, positionals };
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0] ?? '' : String(err);
    throw new UsageError(`${message.replace(/^Unknown option/, 'unknown option').replace(/\. To specify a positional.*$/, '')} (see scan-keys --help)`);
  }
}

export function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${name} must be ${allowed.join(', ')}; got '${String(value)}'`);
}
