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

/** The report could not be written (stdout or --output): a verdict nobody can read is no pass. */
export class OutputError extends ScanKeysError {
  override readonly name = 'OutputError';
}
