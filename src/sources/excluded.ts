/**
 * The config's `ignore` patterns (gitignore syntax, paths relative to the
 * repository root) as a test on a path. The `ignore` package is loaded only
 * when there are patterns: the pre-commit hook of a repository without any
 * does not pay for it at start-up.
 */
export type PathTest = (path: string) => boolean;

export async function excludedBy(patterns: readonly string[] | undefined): Promise<PathTest | undefined> {
  if (!patterns || patterns.length === 0) return undefined;
  // allowRelativePaths: a name such as "..." (or the "./" of a scan root that could not be listed) is tested, not thrown at.
  const matcher = (await import('ignore')).default({ allowRelativePaths: true }).add([...patterns]);
  return (p) => matcher.ignores(p);
}
