import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { WriteError } from '../errors.js';

/** The file no longer holds what was read: someone else wrote it meanwhile. */
export class ChangedSinceRead extends Error {
  override readonly name = 'ChangedSinceRead';
}

/**
 * Replaces a user's file atomically: the new bytes go to a temporary file in
 * the same folder (same file system, so the rename is atomic), with the
 * original's mode (and owner, where allowed), flushed to disk; then, if the
 * file still holds exactly `expected`, the temporary file is renamed over it.
 * On any failure the temporary file is removed and the original is untouched.
 * A symbolic link is followed: its target is replaced, the link stays.
 *
 * Throws ChangedSinceRead when the file changed since it was read, and
 * WriteError (naming the file as `label`) when the write itself fails.
 */
export async function replaceFile(file: string, bytes: Uint8Array, expected: Uint8Array, label = file): Promise<void> {
  const target = await fs.realpath(file);
  const st = await fs.stat(target);
  const mode = st.mode & 0o7777;
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.scan-keys-${randomBytes(6).toString('hex')}.tmp`);
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(temp, 'wx', mode);
    await handle.writeFile(bytes);
    // open() applies the umask: set the mode again, and the owner when we may (root fixing another user's file).
    await handle.chmod(mode);
    await handle.chown(st.uid, st.gid).catch(() => undefined);
    await handle.sync();
    await handle.close();
    handle = undefined;
    const now = await fs.readFile(target).catch(() => undefined);
    if (!now?.equals(expected)) throw new ChangedSinceRead(`${label} changed since it was read`);
    await fs.rename(temp, target);
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await fs.rm(temp, { force: true }).catch(() => undefined);
    if (err instanceof ChangedSinceRead) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new WriteError(`could not write ${label}: ${code} (the file is unchanged)`);
  }
}
