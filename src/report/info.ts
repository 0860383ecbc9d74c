import type { Finding } from '../finding.js';

/** Findings that are information, not problems (a key kept in a git-ignored .env): never listed one by one in text. */
export const isInfo = (f: Finding): boolean => f.severity === 'info';

/**
 * The one text line for the information findings: a key in a git-ignored
 * .env is where it belongs, so listing each would bury the real problems.
 * JSON, SARIF, HTML and github output list them (severity info).
 */
export function infoLine(findings: readonly Finding[]): string | undefined {
  const kept = findings.filter(isInfo);
  if (kept.length === 0) return undefined;
  const files = new Set(kept.map((f) => f.file)).size;
  const keys = kept.length === 1 ? '1 key' : `${kept.length} keys`;
  return `${keys} kept out of git in ${files === 1 ? '1 git-ignored .env file' : `${files} git-ignored .env files`} (information, not a problem; --format json lists them)`;
}
