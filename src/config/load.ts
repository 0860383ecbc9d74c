import path from 'node:path';
import type { ParseError } from 'jsonc-parser';
import { ConfigError } from '../errors.js';
import { NotRegularFile, readRegularFile } from '../fs/regular.js';
import { EMPTY_CONFIG, type LoadedConfig } from './config.js';
import { validateConfig } from './validate.js';

/** Config files in the order they win within one folder; package.json's key comes after them. */
export const CONFIG_FILES = ['scan-keys.config.json', '.scankeysrc.json'] as const;
export const PACKAGE_KEY = 'scan-keys';

export interface ConfigSearch {
  /** Where the search starts. */
  readonly cwd: string;
  /** --config FILE: the only file read when given. */
  readonly explicit?: string;
  /** The repository root: the search walks up from cwd to here and no further. Outside git, cwd only. */
  readonly root?: string;
}

/** cwd, then each parent up to and including root (cwd alone when cwd is not inside root). */
function foldersUp(cwd: string, root: string | undefined): string[] {
  const rel = root ? path.relative(root, cwd) : '..';
  if (rel.startsWith('..') || path.isAbsolute(rel)) return [cwd];
  const folders = [cwd];
  for (let dir = cwd; dir !== root; ) {
    dir = path.dirname(dir);
    folders.push(dir);
  }
  return folders;
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
}

/**
 * Strict JSON (no comments, no trailing commas); an error names the line and
 * column, never the text. JSON.parse does the work; the parser that can say
 * where an error is loads only when there is one (start-up counts in a hook).
 */
export async function parseJson(text: string, file: string): Promise<unknown> {
  const body = text.replace(/^\uFEFF/, '');
  try {
    return JSON.parse(body) as unknown;
  } catch {
    const { parse, printParseErrorCode } = await import('jsonc-parser');
    const errors: ParseError[] = [];
    parse(body, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const first = errors[0];
    const where = first ? lineColumn(body, first.offset) : lineColumn(body, body.length);
    const why = first ? printParseErrorCode(first.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase() : 'not JSON';
    throw new ConfigError(`${file}: not valid JSON at line ${where.line}, column ${where.column}: ${why}`);
  }
}

/**
 * The file's text, or undefined when it does not exist; any other failure is a
 * ConfigError. A FIFO or a folder in a config's place is an error, not a file
 * to pass over: reading a FIFO would hang the hook, skipping it would drop the config.
 */
async function readIfThere(absolute: string, shown: string): Promise<string | undefined> {
  try {
    return await readRegularFile(absolute);
  } catch (err) {
    if (err instanceof NotRegularFile) throw new ConfigError(`${shown} is not a regular file (it is ${err.what})`);
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new ConfigError(`${shown}: cannot read it (${code ?? String(err)})`);
  }
}

/** package.json holds the config under one key; without the key it is not a config file. */
async function fromPackage(text: string, shown: string): Promise<LoadedConfig | undefined> {
  const pkg = await parseJson(text, shown);
  if (typeof pkg !== 'object' || pkg === null || !(PACKAGE_KEY in pkg)) return undefined;
  return { config: validateConfig((pkg as Record<string, unknown>)[PACKAGE_KEY], shown, `${PACKAGE_KEY}.`), file: shown };
}

/**
 * The config that applies: --config FILE when given; else the first of
 * scan-keys.config.json, .scankeysrc.json or package.json's "scan-keys" key,
 * folder by folder from cwd up to the repository root; else the defaults.
 */
export async function loadConfig(search: ConfigSearch): Promise<LoadedConfig> {
  const shown = (absolute: string) => path.relative(search.cwd, absolute) || path.basename(absolute);
  if (search.explicit !== undefined) {
    const absolute = path.resolve(search.cwd, search.explicit);
    const text = await readIfThere(absolute, search.explicit);
    if (text === undefined) throw new ConfigError(`--config ${search.explicit}: no such file`);
    if (path.basename(absolute) === 'package.json') {
      const loaded = await fromPackage(text, search.explicit);
      if (!loaded) throw new ConfigError(`${search.explicit}: has no "${PACKAGE_KEY}" key`);
      return loaded;
    }
    return { config: validateConfig(await parseJson(text, search.explicit), search.explicit), file: search.explicit };
  }
  for (const dir of foldersUp(search.cwd, search.root)) {
    for (const name of CONFIG_FILES) {
      const absolute = path.join(dir, name);
      const text = await readIfThere(absolute, shown(absolute));
      if (text !== undefined) return { config: validateConfig(await parseJson(text, shown(absolute)), shown(absolute)), file: shown(absolute) };
    }
    const pkgPath = path.join(dir, 'package.json');
    const pkgText = await readIfThere(pkgPath, shown(pkgPath));
    const loaded = pkgText === undefined ? undefined : await fromPackage(pkgText, shown(pkgPath));
    if (loaded) return loaded;
  }
  return { config: EMPTY_CONFIG };
}
