/**
 * Rotating protects only a key that works: one the provider already rejects
 * (revoked, deleted) is dead, and what is left is the app still using it.
 */
function firstStep(keys: number, dead: number): string {
  if (dead >= keys) return `${keys === 1 ? 'The key is' : 'Every key is'} already dead (the provider rejects ${keys === 1 ? 'it' : 'them'}): find the app that used ${keys === 1 ? 'it' : 'each'} and give it a new key.`;
  const alive = dead === 0 ? (keys === 1 ? 'the key' : 'each key') : `each key not already dead (${dead} of ${keys} ${dead === 1 ? 'is' : 'are'}: find the apps that used ${dead === 1 ? 'it' : 'those'})`;
  return `Rotate first: revoke ${alive} at the provider's page and issue a new one. Do this even if you rewrite history.`;
}

/**
 * What to do when history holds keys, in the order it must be done: a key
 * that was ever pushed is leaked even if a later commit deleted it, so
 * rotating comes before any rewriting.
 */
export function remediationPlan(keys: number, dead = 0): string[] {
  const them = keys === 1 ? 'it' : 'them';
  return [
    `History holds ${keys} key${keys === 1 ? '' : 's'}. Deleting a key in a new commit does not remove it: every clone, fork and cache of the history still has ${them}.`,
    `  1. ${firstStep(keys, dead)}`,
    '  2. Rewrite history: scan-keys history --purge-plan ../scan-keys-purge.txt (a file outside the work tree: it holds the keys),',
    '     then on a fresh clone: git filter-repo --replace-text ../scan-keys-purge.txt',
    '  3. Force-push every branch and tag (filter-repo drops the origin remote: add it back, then git push --force --all',
    '     && git push --force --tags), ask every collaborator to re-clone (their old clones still hold the keys), and ask',
    '     your host to purge cached views and pull-request refs.',
  ];
}
