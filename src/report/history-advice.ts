import type { Finding } from '../finding.js';
import { remediationPlan } from './remediation.js';

/**
 * What to do about a key found in history. Rotating always comes first (a
 * pushed key is leaked whatever happens to the history). Then: when the only
 * refs that reach the key's commits are branches other than the default
 * branch, deleting those branches (and their remote copies) removes it from
 * what is shared, with no rewrite; otherwise history must be rewritten and
 * force-pushed.
 */

/** Names taken for the default branch when the repository does not say (a remote's HEAD reaching a commit does). */
export const DEFAULT_BRANCHES: readonly string[] = ['main', 'master'];

const LOCAL = 'refs/heads/';
const REMOTE = /^refs\/remotes\/([^/]+)\/(.+)$/;

/** A ref as a branch to delete: its name, and the remote it lives on (undefined for a local branch). */
interface Branch {
  readonly name: string;
  readonly remote?: string;
}

/** The ref as a deletable branch, or undefined for anything kept (a tag, the stash, a remote's HEAD, other refs). */
function asBranch(ref: string): Branch | undefined {
  if (ref.startsWith(LOCAL)) return { name: ref.slice(LOCAL.length) };
  const remote = REMOTE.exec(ref);
  if (remote && remote[2] !== 'HEAD') return { name: remote[2] as string, remote: remote[1] as string };
  return undefined;
}

/**
 * The side branches that alone reach the key's commits, or undefined when a
 * kept ref (the default branch, a tag, anything not a branch) reaches one, or
 * when the refs are unknown or none (an old stash entry, a dangling commit).
 */
export function sideBranchesOnly(findings: readonly Finding[], defaults: readonly string[] = DEFAULT_BRANCHES): Branch[] | undefined {
  const branches = new Map<string, Branch>();
  for (const f of findings) {
    const refs = f.commit?.refs;
    if (!refs || refs.length === 0) return undefined;
    for (const ref of refs) {
      const branch = asBranch(ref);
      if (!branch || defaults.includes(branch.name)) return undefined;
      branches.set(`${branch.remote ?? ''}\0${branch.name}`, branch);
    }
  }
  return branches.size > 0 ? [...branches.values()] : undefined;
}

const deleteCommand = (b: Branch): string => (b.remote ? `git push ${b.remote} --delete ${b.name}` : `git branch -D ${b.name}`);

/** Each branch's delete command; a branch seen only locally may have been pushed, so its remote copy is named too. */
function deleteCommands(branches: readonly Branch[]): string[] {
  const commands = branches.map(deleteCommand);
  for (const b of branches) {
    if (!b.remote && !branches.some((o) => o.remote && o.name === b.name)) commands.push(`git push origin --delete ${b.name}   (if it was pushed)`);
  }
  return commands;
}

function deletionSteps(branches: readonly Branch[]): string[] {
  const names = [...new Set(branches.map((b) => b.name))];
  const which = names.length === 1 ? `the branch ${names[0]}` : `the branches ${names.join(', ')}`;
  return [
    `  2. No tag and not the default branch reach it, only ${which}: deleting ${names.length === 1 ? 'that branch' : 'them'} and the remote copy is the fix, no rewrite:`,
    ...deleteCommands(branches).map((c) => `     ${c}`),
    '  3. Ask your host to purge cached views and pull-request refs; a fork or clone made meanwhile still holds the key.',
  ];
}

/**
 * The steps for a key in history: rotate, then delete the side branch that
 * alone holds it, or rewrite and force-push. `places` are all the findings of
 * that key (a key committed at several places needs every place judged).
 */
export function historyAdvice(finding: Finding, places: readonly Finding[] = [finding], defaults: readonly string[] = DEFAULT_BRANCHES): string[] {
  const branches = sideBranchesOnly(places, defaults);
  const [head = '', rotate = '', ...rewrite] = remediationPlan(1);
  return branches ? [head, rotate, ...deletionSteps(branches)] : [head, rotate, ...rewrite];
}

/**
 * The closing advice of a history report: the rewrite plan for the keys a
 * kept ref reaches, then for each key that only side branches hold, the
 * branches to delete.
 */
export function historyPlan(secrets: readonly Finding[], defaults: readonly string[] = DEFAULT_BRANCHES): string[] {
  const byKey = new Map<string, Finding[]>();
  for (const f of secrets) byKey.set(f.fingerprint, [...(byKey.get(f.fingerprint) ?? []), f]);
  const keys = [...byKey.values()];
  const side = keys.filter((places) => sideBranchesOnly(places, defaults) !== undefined);
  // A key the provider says is revoked needs no rotation, only the rewrite.
  const dead = (among: readonly Finding[][]) => among.filter((places) => places.some((f) => f.probe?.status === 'invalid')).length;
  if (side.length === 0) return remediationPlan(keys.length, dead(keys));
  if (keys.length === 1) return historyAdvice(keys[0]?.[0] as Finding, keys[0], defaults);
  const [head = '', ...rewrite] = remediationPlan(keys.length, dead(keys));
  const kept = keys.filter((places) => !side.includes(places));
  // Keys on kept refs need the whole plan; if there are none, rotating is the one step they all share.
  const lines = [head, ...(kept.length > 0 ? remediationPlan(kept.length, dead(kept)).slice(1) : rewrite.slice(0, 1))];
  for (const places of side) {
    const first = places[0] as Finding;
    const [, ...commands] = deletionSteps(sideBranchesOnly(places, defaults) ?? []);
    lines.push(`  ${first.redacted} [${first.rule}] is only on side branches: rotate it, then delete them (no rewrite):`);
    for (const command of commands.slice(0, -1)) lines.push(command);
  }
  return lines;
}
