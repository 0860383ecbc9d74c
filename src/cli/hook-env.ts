/**
 * Whether git runs this process as a commit hook. Found by experiment (git
 * 2.39, a plain .git/hooks/pre-commit, husky 9 and lint-staged 16, which add
 * no variables of their own and pass git's on): git sets GIT_INDEX_FILE for
 * the commit hooks only (.git/index, or index.lock under `commit -a`), and
 * GIT_EXEC_PATH for every process it starts (hooks, `!` aliases). Both
 * together: a GIT_INDEX_FILE exported in a shell, or an alias, is not a hook.
 */
export function runByGitHook(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.GIT_INDEX_FILE) && Boolean(env.GIT_EXEC_PATH);
}
