import { InstallError } from '../errors.js';

/**
 * Writes a file atomically (write-file-atomic): a temporary file in the same
 * folder, flushed, then renamed over the target, so a reader never sees half
 * a file and a crash never leaves one. An existing file keeps its mode and
 * owner, and a symbolic link keeps pointing at its target, which is what gets
 * replaced. A given `mode` is set on the temporary file when it is created,
 * before any byte is written (for files that must never be readable by others).
 *
 * For a user's file that must not be overwritten if it changed since it was
 * read (fix-env), use replaceFile in ./replace.ts instead.
 */
export async function writeFileAtomic(file: string, data: string | Buffer, mode?: number): Promise<void> {
  // Loaded when a write happens: every scan loads the baseline module, few write anything.
  // A missing dependency is a broken install, not a failed write: said as such, whoever catches write errors.
  const { default: write } = await import('write-file-atomic').catch((err: unknown) => {
    throw InstallError.from(err);
  });
  await write(file, data, mode === undefined ? {} : { mode });
}
