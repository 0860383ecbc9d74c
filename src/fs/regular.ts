import { closeSync, constants, fstatSync, openSync, readFileSync, statSync, type Stats } from 'node:fs';

/** The path names something other than a regular file: reading a FIFO would wait forever for a writer. */
export class NotRegularFile extends Error {
  override readonly name = 'NotRegularFile';
  constructor(readonly what: string) {
    super(`not a regular file (${what})`);
  }
}

function whatIs(st: Stats): string {
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isDirectory()) return 'a folder';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a file';
}

/** O_NONBLOCK where the platform has it: opening a FIFO then returns at once instead of waiting for a writer. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * The UTF-8 text of a regular file (a symbolic link to one is fine).
 * Anything else (FIFO, socket, folder, device) is a NotRegularFile, checked
 * with stat before opening; the open itself does not block and is checked
 * again, so a file swapped for a FIFO in between cannot hang the read either.
 * File system errors (ENOENT...) are thrown as they come, for the caller to judge.
 *
 * The calls block: these are small files (a config, a baseline, a .env file)
 * read once, and every scan reads its config through here: the promise API
 * made each command load Node's fs/promises (and readline) and wait on the
 * thread pool for each of five calls a file.
 */
export async function readRegularFile(file: string): Promise<string> {
  return (await readRegularBytes(file)).toString('utf8');
}

/** The bytes of a regular file, with the same checks as readRegularFile (async, so that a failure is a rejection, as callers expect). */
export async function readRegularBytes(file: string): Promise<Buffer> {
  const before = statSync(file);
  if (!before.isFile()) throw new NotRegularFile(whatIs(before));
  const fd = openSync(file, OPEN_FLAGS);
  try {
    const opened = fstatSync(fd);
    if (!opened.isFile()) throw new NotRegularFile(whatIs(opened));
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}
