/**
 * Errors a user can act on. Each carries a one-line message; the CLI maps every
 * one of them to exit code 2 in one place (src/cli/main.ts) and prints no stack.
 */
export class ScanKeysError extends Error {
  override readonly name: string = 'ScanKeysError';
}

/** Bad flags or arguments. */
export class UsageError extends ScanKeysError {
  override readonly name = 'UsageError';
}

/** A config file that is missing, unreadable or invalid. */
export class ConfigError extends ScanKeysError {
  override readonly name = 'ConfigError';
}

/** git is missing, the folder is not a repository, or a git command failed. */
export class GitError extends ScanKeysError {
  override readonly name = 'GitError';
}

/** A file the scan needed could not be read (not a skip: a failure). */
export class ReadError extends ScanKeysError {
  override readonly name = 'ReadError';
}

/** A file could not be rewritten (the original is left as it was). */
export class WriteError extends ScanKeysError {
  override readonly name = 'WriteError';
}

/** Node's codes for an import that could not be resolved or loaded: the install is incomplete or damaged. */
const LOAD_FAILURES = new Set([
  'ERR_MODULE_NOT_FOUND',
  // A worker thread whose file is missing reports it the CommonJS way.
  'MODULE_NOT_FOUND',
  'ERR_PACKAGE_PATH_NOT_EXPORTED',
  'ERR_PACKAGE_IMPORT_NOT_DEFINED',
  'ERR_INVALID_PACKAGE_CONFIG',
  'ERR_INVALID_PACKAGE_TARGET',
  'ERR_UNSUPPORTED_DIR_IMPORT',
]);

export const isLoadFailure = (err: unknown): boolean => LOAD_FAILURES.has((err as NodeJS.ErrnoException | undefined)?.code ?? '');

/** The module Node names first in its message ('picocolors', or a file: only its name, never the folders above). */
function moduleNamed(message: string): string | undefined {
  const quoted = /'([^']+)'/.exec(message)?.[1];
  if (quoted === undefined) return undefined;
  return /^(?:file:|\/|[A-Za-z]:[\\/])/.test(quoted) ? quoted.slice(Math.max(quoted.lastIndexOf('/'), quoted.lastIndexOf('\\')) + 1) : quoted;
}

/**
 * scan-keys cannot load a part of itself: a dependency missing from
 * node_modules, a file of the package missing or damaged. Whatever the
 * command was, it did not run to the end, so it fails closed (exit 2, which
 * blocks a commit) with a line that says how to fix it, not a stack trace.
 */
export class InstallError extends ScanKeysError {
  override readonly name = 'InstallError';

  static from(err: unknown): InstallError {
    const e = err as NodeJS.ErrnoException | undefined;
    const first = (e instanceof Error ? e.message : String(err)).split('\n')[0] ?? '';
    const named = isLoadFailure(err) ? moduleNamed(first) : undefined;
    const what = named === undefined ? `a part of itself (${e?.code ?? e?.name ?? 'error'}: ${first})` : `${named} (${e?.code ?? ''})`;
    return new InstallError(`broken install: cannot load ${what}; reinstall scan-keys (npm ci, or npm install)`);
  }
}

/** The report could not be written (stdout or --output): a verdict nobody can read is no pass. */
export class OutputError extends ScanKeysError {
  override readonly name = 'OutputError';
}
