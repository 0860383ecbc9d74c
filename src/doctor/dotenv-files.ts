import { promises as fs } from 'node:fs';
import path from 'node:path';
import { dotenvMatcher, isDotenvPath, isExamplePath } from '../dotenv/lint.js';
import { parseDotenv } from '../dotenv/parse.js';
import { ReadError } from '../errors.js';
import type { Finding } from '../finding.js';
import { finalize } from '../finalize.js';

/** A .env file in the folder the doctor runs in. */
export interface DotenvFile {
  /** The file's name, relative to the folder. */
  readonly name: string;
  /** .env.example and the like document the variables; no app loads them. */
  readonly template: boolean;
  readonly entries: readonly { readonly key: string; readonly value: string; readonly line: number }[];
  /** The .env lint's findings, finalized: the values in them are redacted. */
  readonly problems: readonly Finding[];
}

/** Regular files (or links to one: a shared .env is often linked in) named like .env files. */
async function dotenvNames(cwd: string): Promise<string[]> {
  const names = (await fs.readdir(cwd)).filter((name) => isDotenvPath(name)).sort();
  const isFile = await Promise.all(names.map((name) => fs.stat(path.join(cwd, name)).then((s) => s.isFile(), () => false)));
  return names.filter((_, i) => isFile[i]);
}

async function readDotenvFile(cwd: string, name: string, lint: ReturnType<typeof dotenvMatcher>): Promise<DotenvFile> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(path.join(cwd, name));
  } catch (err) {
    throw new ReadError(`cannot read ${name}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const { entries } = parseDotenv(bytes.toString('utf8'));
  const matches = lint({ path: name, bytes });
  return {
    name,
    template: isExamplePath(name),
    entries: entries.map(({ key, value, line }) => ({ key, value, line })),
    problems: matches.map((m) => finalize(m, matches)),
  };
}

/** The .env files in `cwd` (not below it: the ones an app started here would load), parsed and linted. */
export async function readDotenvFiles(cwd: string): Promise<DotenvFile[]> {
  const lint = dotenvMatcher({ staged: false });
  const names = await dotenvNames(cwd);
  return Promise.all(names.map((name) => readDotenvFile(cwd, name, lint)));
}
