import { GitError, UsageError } from '../errors.js';
import type { Repo } from '../sources/git.js';

/**
 * What a CI run or a push must scan, as rev-list arguments: never a guess.
 * A revision the repository does not hold is an error (after deepening a
 * shallow clone), so that a gate cannot pass by scanning nothing; a push
 * that adds no commits (a tag, a deletion) is said to be one.
 */
export type Range =
  | { readonly kind: 'commits'; readonly revs: readonly string[]; readonly label: string; readonly notes: readonly string[] }
  | { readonly kind: 'nothing'; readonly reason: string };

/** What asks for the range: explicit revisions, or a GitHub Actions event. */
export type RangeRequest =
  | { readonly kind: 'explicit'; readonly base: string; readonly head: string }
  | { readonly kind: 'event'; readonly name: string; readonly payload: unknown };

const ZERO = /^0+$/;
const short = (sha: string) => (/^[0-9a-f]{40,64}$/.test(sha) ? sha.slice(0, 12) : sha);

/** How hard a shallow clone is deepened before the whole history is fetched: 50, 100, 200, 400 commits more. */
const DEEPEN_STEPS = [50, 100, 200, 400];
export const CHECKOUT_HINT =
  'check out the whole history (GitHub: actions/checkout with fetch-depth: 0; GitLab: GIT_DEPTH: 0; elsewhere: git fetch --unshallow)';

export async function resolveRange(repo: Repo, request: RangeRequest): Promise<Range> {
  if (request.kind === 'explicit') return between(repo, request.base, request.head, { base: '--base', head: '--head' });
  return fromEvent(repo, request.name, request.payload);
}

/** The commits of head that base lacks: those since their merge base, whatever was merged in between. */
async function between(repo: Repo, base: string, head: string, names: { base: string; head: string }): Promise<Range> {
  const [baseSha, headSha] = (await present(repo, [
    { rev: base, name: names.base },
    { rev: head, name: names.head },
  ])) as [string, string];
  return { kind: 'commits', revs: [headSha, `^${baseSha}`], label: `${short(base)}..${short(head)}`, notes: [] };
}

interface Wanted {
  readonly rev: string;
  /** Where it came from, for the message: --base, pull_request.base.sha... */
  readonly name: string;
}

/**
 * The commits named, deepening a shallow clone until it holds them all and
 * the history joining them: a shallow clone's range would otherwise stop at
 * its graft and scan less than was asked, without a word.
 */
async function present(repo: Repo, wanted: readonly Wanted[]): Promise<string[]> {
  for (let step = 0; ; step++) {
    const shas = await Promise.all(wanted.map((w) => repo.commitOf(w.rev)));
    const missing = wanted.filter((_, i) => shas[i] === undefined);
    const joined = missing.length > 0 || (await isJoined(repo, shas as string[]));
    if (missing.length === 0 && joined) return shas as string[];
    const [shallow, remote] = await Promise.all([repo.isShallow(), defaultRemote(repo)]);
    // A commit no fetched ref reaches (a fork's pull request head) is asked for by its id, which GitHub and git serve.
    const ids = missing.map((w) => w.rev).filter((rev) => FULL_SHA.test(rev));
    if (!shallow) {
      const first = missing[0];
      if (!first) return shas as string[];
      if (remote && step === 0 && ids.length === missing.length && (await fetched(repo, [remote, ...ids]))) continue;
      throw new UsageError(`${first.name} ${first.rev}: no such commit in this repository (a range that does not exist is an error, never an empty pass)`);
    }
    const what = missing[0] ? `${missing[0].name} ${missing[0].rev} is not in this shallow clone` : 'this shallow clone does not hold the history between the commits to compare';
    if (!remote) throw new GitError(`${what} and there is no remote to deepen it from: ${CHECKOUT_HINT}`);
    const depth = DEEPEN_STEPS[step];
    const deepen = depth === undefined ? '--unshallow' : `--deepen=${depth}`;
    if (ids.length > 0 && (await fetched(repo, [deepen, remote, ...ids]))) continue;
    await repo.fetch([deepen, remote]);
  }
}

const FULL_SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/** True when the fetch worked: a server may refuse a commit asked for by id, and deepening alone is tried next. */
const fetched = (repo: Repo, args: readonly string[]) => repo.fetch(args).then(
  () => true,
  () => false,
);

/** In a shallow clone, two commits are joined when their merge base is held; one commit is always joined. */
async function isJoined(repo: Repo, shas: readonly string[]): Promise<boolean> {
  if (shas.length < 2 || !(await repo.isShallow())) return true;
  return (await repo.mergeBase(shas[0] as string, shas[1] as string)) !== undefined;
}

async function defaultRemote(repo: Repo): Promise<string | undefined> {
  const remotes = await repo.remotes();
  return remotes.includes('origin') ? 'origin' : remotes[0];
}

function field(payload: unknown, path: readonly string[]): unknown {
  let at = payload;
  for (const key of path) at = typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[key] : undefined;
  return at;
}

function sha(payload: unknown, path: readonly string[], event: string): string {
  const value = field(payload, path);
  if (typeof value !== 'string' || !/^[0-9a-f]{40,64}$/.test(value)) {
    throw new UsageError(`the ${event} event payload has no commit at ${path.join('.')} (pass --base and --head instead)`);
  }
  return value;
}

async function fromEvent(repo: Repo, name: string, payload: unknown): Promise<Range> {
  if (name === 'pull_request' || name === 'pull_request_target') {
    const base = sha(payload, ['pull_request', 'base', 'sha'], name);
    const head = sha(payload, ['pull_request', 'head', 'sha'], name);
    return between(repo, base, head, { base: 'pull_request.base.sha', head: 'pull_request.head.sha' });
  }
  if (name === 'merge_group') {
    const base = sha(payload, ['merge_group', 'base_sha'], name);
    const head = sha(payload, ['merge_group', 'head_sha'], name);
    return between(repo, base, head, { base: 'merge_group.base_sha', head: 'merge_group.head_sha' });
  }
  if (name === 'push') return fromPush(repo, payload);
  throw new UsageError(`ci cannot tell what a '${name}' event must cover: pass --base and --head, or run scan-keys history for everything`);
}

async function fromPush(repo: Repo, payload: unknown): Promise<Range> {
  const ref = field(payload, ['ref']);
  if (typeof ref !== 'string') throw new UsageError('the push event payload has no ref (pass --base and --head instead)');
  if (ref.startsWith('refs/tags/')) return { kind: 'nothing', reason: `a tag push (${ref.slice(10)}) adds no commits to scan: nothing to do` };
  const after = field(payload, ['after']);
  if (field(payload, ['deleted']) === true || (typeof after === 'string' && ZERO.test(after))) {
    return { kind: 'nothing', reason: `the push deleted ${ref}: nothing was pushed to scan` };
  }
  const head = sha(payload, ['after'], 'push');
  const before = sha(payload, ['before'], 'push');
  const branch = ref.replace(/^refs\/heads\//, '');
  const defaultBranch = field(payload, ['repository', 'default_branch']);
  const main = typeof defaultBranch === 'string' && defaultBranch !== '' ? defaultBranch : undefined;
  if (ZERO.test(before)) return newBranch(repo, head, branch, main, []);
  if (field(payload, ['forced']) === true) {
    await present(repo, [{ rev: head, name: 'after' }]);
    if ((await repo.commitOf(before)) === undefined) {
      const note = `before ${short(before)} is no longer in the repository (a force-push): scanning the commits of ${branch} not on the default branch instead`;
      return newBranch(repo, head, branch, main, [note]);
    }
  }
  return between(repo, before, head, { base: 'before', head: 'after' });
}

/**
 * A branch new to the remote: its commits that the default branch lacks, or
 * when that is unknown, that no other remote-tracking branch holds. The
 * branch's own remote-tracking ref is never one to compare with: in CI it is
 * the commit being scanned.
 */
async function newBranch(repo: Repo, head: string, branch: string, main: string | undefined, notes: string[]): Promise<Range> {
  const against = await comparedWith(repo, branch, main);
  const wanted = [{ rev: head, name: 'after' }, ...against.slice(0, 1).map((rev) => ({ rev, name: 'the default branch' }))];
  const [headSha] = await present(repo, wanted);
  if (against.length === 0) {
    await wholeHistory(repo);
    notes.push(`no default branch or other remote-tracking branch to compare ${branch} with: scanning its whole history`);
    return { kind: 'commits', revs: [headSha as string], label: branch, notes };
  }
  const names = against.map((r) => r.replace(/^refs\/(?:remotes|heads)\//, '')).join(', ');
  return { kind: 'commits', revs: [headSha as string, '--not', ...against], label: `${branch} (not on ${names})`, notes };
}

/** The refs a new branch is compared with: the default branch (fetched into a clone that lacks it), or every other remote-tracking branch. */
async function comparedWith(repo: Repo, branch: string, main: string | undefined): Promise<string[]> {
  const remote = await defaultRemote(repo);
  if (main !== undefined) {
    const tracking = `refs/remotes/${remote ?? 'origin'}/${main}`;
    if (await repo.commitOf(tracking)) return [tracking];
    if (main !== branch && (await repo.commitOf(`refs/heads/${main}`))) return [`refs/heads/${main}`];
    if (remote && main !== branch) {
      await repo.fetch([remote, `+refs/heads/${main}:${tracking}`]);
      return [tracking];
    }
  }
  const others = (await repo.refsUnder('refs/remotes/')).filter((r) => !r.endsWith(`/${branch}`) && !r.endsWith('/HEAD'));
  return others;
}

/** A shallow clone is made whole before its whole history is scanned, or the scan would stop at its graft. */
async function wholeHistory(repo: Repo): Promise<void> {
  if (!(await repo.isShallow())) return;
  const remote = await defaultRemote(repo);
  if (!remote) throw new GitError(`this shallow clone holds only part of the history to scan and there is no remote to fetch the rest from: ${CHECKOUT_HINT}`);
  await repo.fetch(['--unshallow', remote]);
}

/** One line git feeds a pre-push hook on stdin. */
export interface PushedRef {
  readonly localRef: string;
  readonly localSha: string;
  readonly remoteRef: string;
  readonly remoteSha: string;
}

export function parsePushLines(text: string): PushedRef[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const [localRef, localSha, remoteRef, remoteSha, extra] = line.trim().split(/\s+/);
      if (!localRef || !localSha || !remoteRef || !remoteSha || extra !== undefined || !/^[0-9a-f]+$/.test(localSha) || !/^[0-9a-f]+$/.test(remoteSha)) {
        throw new UsageError(`pre-push reads git's '<local ref> <local sha> <remote ref> <remote sha>' lines on stdin; got '${line.slice(0, 200)}'`);
      }
      return { localRef, localSha, remoteRef, remoteSha };
    });
}

/**
 * The commits a push sends that the remote lacks: for a branch it has,
 * remote_sha..local_sha; for a new branch (or one whose remote commit this
 * clone never fetched), those on no remote-tracking ref of that remote.
 * Everything excluded is on the remote already, so one rev-list serves all refs.
 */
export async function pushedRange(repo: Repo, remote: string, refs: readonly PushedRef[]): Promise<Range> {
  const pushed = refs.filter((r) => !ZERO.test(r.localSha));
  if (pushed.length === 0) return { kind: 'nothing', reason: 'the push only deletes: nothing is pushed to scan' };
  const heads: string[] = [];
  const known: string[] = [];
  let unknownRemote = false;
  for (const r of pushed) {
    const local = await repo.commitOf(r.localSha);
    // A tag object, a blob: git sends it, but only commits carry files to scan, and a missing one is git's to report.
    if (!local) throw new UsageError(`pre-push: ${r.localRef} ${r.localSha} is not a commit in this repository`);
    heads.push(local);
    const there = ZERO.test(r.remoteSha) ? undefined : await repo.commitOf(r.remoteSha);
    if (there) known.push(there);
    else unknownRemote = true;
  }
  const not = [...known, ...(unknownRemote ? [`--remotes=${remote}`] : [])];
  const label = pushed.map((r) => r.remoteRef.replace(/^refs\/heads\//, '')).join(', ');
  return { kind: 'commits', revs: [...heads, ...(not.length > 0 ? ['--not', ...not] : [])], label: `pushed to ${label}`, notes: [] };
}
