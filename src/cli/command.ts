import type { OptionForm } from './option-help.js';
import type { OptionSpec, Parsed } from './options.js';

/** A subcommand: its own options beside the common ones, its help, and what it runs. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly options: OptionSpec;
  /** What an option of this command alone means, where OPTION_HELP (src/cli/option-help.ts) does not say it. */
  readonly optionHelp?: Readonly<Record<string, readonly OptionForm[]>>;
  /** Resolves to the exit code: 0 or 1. Errors are thrown and mapped to 2 by main. */
  readonly run: (args: Parsed) => Promise<number>;
}
