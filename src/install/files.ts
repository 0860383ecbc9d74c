import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ScanKeysError } from '../errors.js';
import { writeFileAtomic } from '../fs/atomic.js';

/** A file as init found it. */
export interface Existing {
  readonly text: string;
  /** Permission bits (0o755 for an executable hook). */
  readonly mode: number;
  readonly symlink: boolean;
}

/** The file's text and mode, or undefined when it does not exist. Symbolic links are followed for the text. */
export async function readExisting(file: string): Promise<Existing | undefined> {
  let symlink: boolean;
  try {
    symlink = (await fs.lstat(file)).isSymbolicLink();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw cannot('read', file, err);
  }
  try {
    const [text, info] = await Promise.all([fs.readFile(file, 'utf8'), fs.stat(file)]);
    return { text, mode: info.mode & 0o7777, symlink };
  } catch (err) {
    // A dangling link holds nothing to read; the caller moves it aside like any non-shell hook.
    if (symlink && (err as NodeJS.ErrnoException).code === 'ENOENT') return { text: '', mode: 0, symlink };
    throw cannot('read', file, err);
  }
}

/**
 * Writes through a temporary file in the same folder and a rename, so that a
 * crash never leaves half a hook. An existing file keeps its mode and owner
 * (and a symbolic link its target); `mode` applies to a new file, whose folder is made if needed.
 */
export async function writeAtomic(file: string, content: string, mode?: number): Promise<void> {
  try {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, content, mode);
  } catch (err) {
    throw cannot('write', file, err);
  }
}

export function cannot(what: string, file: string, err: unknown): ScanKeysError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return new ScanKeysError(`could not ${what} ${file}: ${code ?? (err instanceof Error ? err.message : String(err))}`);
}
