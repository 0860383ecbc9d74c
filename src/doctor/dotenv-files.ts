import type { Finding } from '../finding.js';

/** A .env file in the folder the doctor runs in. */
export interface DotenvFile {
  /** The file's name, relative to the folder. */
  readonly name: string;
  /** .env.example and the like document the variables; no app loads them. */
  readonly template: boolean;
  readonly entries: readonly { readonly key: string; readonly value: string; readonly line: number }[];
  /** The .env lint's findings (finalized: no value in them). */
  readonly problems: readonly Finding[];
}

/** TEMPORARY until the .env parser lands from the dotenv branch. */
export async function readDotenvFiles(_cwd: string): Promise<DotenvFile[]> {
  return [];
}
