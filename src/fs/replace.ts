import { randomBytes } from 'node:crypto';
import { promises as fs, type BigIntStats } from 'node:fs';
import path from 'node:path';
import { WriteError } from '../errors.js';
import { removeIfInterrupted } from './cleanup.js';

/** The file no longer holds what was read: someone else wrote it meanwhile. */
export class ChangedSinceRead extends Error {
  override readonly name = 'ChangedSinceRead';
}

const TEMP_TAG = 'scan-keys-tmp';

/**
 * The temporary file's name beside `name`: the tag goes before the last
 * extension, so the patterns that ignore the original most likely ignore the
 * copy too (only SIGKILL can leave it behind, holding the file's keys):
 * `.env` -> `.env.scan-keys-tmp-<hex>` (`.env*`, `.env.*`), `.env.local` ->
 * `.env.scan-keys-tmp-<hex>.local` (also `*.local`), `prod.env` ->
 * `prod.scan-keys-tmp-<hex>.env` (`*.env`).
 */
export function tempNameFor(name: string): string {
  const tag = `${TEMP_TAG}-${randomBytes(6).toString('hex')}`;
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? `${name}.${tag}` : `${name.slice(0, dot)}.${tag}${name.slice(dot)}`;
}

/** True for a name tempNameFor made: a copy left by a process that was killed. */
export const isTempName = (name: string): boolean => /\.scan-keys-tmp-[0-9a-f]{12}(?:\.|$)/.test(path.basename(name));

/** Same inode, same size, no write or metadata change since (ctime moves on every write and cannot be set back). */
const unchanged = (a: BigIntStats, b: BigIntStats) =>
  a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;

/** Writes `bytes` to a new file `temp` with `st`'s mode (and owner, where allowed), flushed to disk. */
async function writeTemp(temp: string, bytes: Uint8Array, st: { mode: number; uid: number; gid: number }): Promise<void> {
  const mode = st.mode & 0o7777;
  const handle = await fs.open(temp, 'wx', mode);
  try {
    await handle.writeFile(bytes);
    // open() applies the umask: set the mode again, and the owner when we may (root fixing another user's file).
    await handle.chmod(mode);
    await handle.chown(st.uid, st.gid).catch(() => undefined);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces a user's file atomically: the new bytes go to a temporary file in
 * the same folder (same file system, so the rename is atomic), with the
 * original's mode (and owner, where allowed), flushed to disk; then, if the
 * file still holds exactly `expected`, the temporary file is renamed over it.
 * On any failure, and on SIGINT, SIGTERM or SIGHUP, the temporary file is
 * removed and the original is untouched. A symbolic link is followed: its
 * target is replaced, the link stays.
 *
 * A concurrent writer: POSIX has no compare-and-rename, so this shrinks the
 * window rather than closing it. The file is read through a handle, then,
 * right before the rename, the path must still name that inode, unchanged
 * (size, mtime, ctime): a write before then leaves the file untouched. A write
 * in the microseconds between that check and the rename lands in the inode
 * being replaced, so the handle, kept open, is checked once more after the
 * rename (size, mtime, bytes): if the old file changed, its contents are put
 * back (unless the path changed again meanwhile) and ChangedSinceRead thrown.
 * What is left: a write through a handle opened before the rename and made
 * after that last check goes to a file no longer in the folder, as with any
 * editor's atomic save.
 *
 * Throws ChangedSinceRead when the file changed since it was read, and
 * WriteError (naming the file as `label`) when the write itself fails.
 */
export async function replaceFile(file: string, bytes: Uint8Array, expected: Uint8Array, label = file): Promise<void> {
  let target: string;
  let st: { mode: number; uid: number; gid: number };
  try {
    target = await fs.realpath(file);
    st = await fs.stat(target);
  } catch (err) {
    throw writeError(label, err);
  }
  const temp = path.join(path.dirname(target), tempNameFor(path.basename(target)));
  const done = removeIfInterrupted(temp);
  let original: fs.FileHandle | undefined;
  try {
    await writeTemp(temp, bytes, st);
    original = await fs.open(target, 'r');
    const read = await original.stat({ bigint: true });
    if (!(await readAll(original)).equals(expected)) throw new ChangedSinceRead(`${label} changed since it was read`);
    if (!unchanged(read, await fs.stat(target, { bigint: true }))) throw new ChangedSinceRead(`${label} changed since it was read`);
    await fs.rename(temp, target);
    // Not ctime: the rename itself unlinks the old inode, which moves its ctime. A write moves mtime and the bytes.
    const after = await original.stat({ bigint: true });
    if (after.size !== read.size || after.mtimeNs !== read.mtimeNs || !(await readAll(original)).equals(expected)) {
      const restored = await putBack(original, target, bytes, st);
      throw new ChangedSinceRead(
        `${label} was written to as it was replaced; ${restored ? 'that version was put back' : 'it has changed again since, and was left as it is'}`,
      );
    }
  } catch (err) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    if (err instanceof ChangedSinceRead) throw err;
    throw writeError(label, err);
  } finally {
    await original?.close().catch(() => undefined);
    done();
  }
}

/**
 * Puts what the replaced file holds now (another writer's last write) back in
 * its place, atomically as well, unless the path no longer holds what was
 * just written (a third writer): false then, and nothing is touched.
 */
async function putBack(original: fs.FileHandle, target: string, ours: Uint8Array, st: { mode: number; uid: number; gid: number }): Promise<boolean> {
  const back = path.join(path.dirname(target), tempNameFor(path.basename(target)));
  const done = removeIfInterrupted(back);
  try {
    await writeTemp(back, await readAll(original), st);
    const now = await fs.readFile(target).catch(() => undefined);
    if (!now?.equals(ours)) return false;
    await fs.rename(back, target);
    return true;
  } finally {
    await fs.rm(back, { force: true }).catch(() => undefined);
    done();
  }
}

/** The whole file behind a handle, read by position (a handle's readFile goes on from where the last read stopped). */
async function readAll(handle: fs.FileHandle): Promise<Buffer> {
  const { size } = await handle.stat();
  const buffer = Buffer.alloc(size);
  let at = 0;
  while (at < size) {
    const { bytesRead } = await handle.read(buffer, at, size - at, at);
    if (bytesRead === 0) break;
    at += bytesRead;
  }
  return buffer.subarray(0, at);
}

function writeError(label: string, err: unknown): WriteError {
  const code = (err as NodeJS.ErrnoException).code ?? String(err);
  return new WriteError(`could not write ${label}: ${code} (the file is unchanged)`);
}
