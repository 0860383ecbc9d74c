import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Match } from '../engine/match.js';
import { ScanKeysError, UsageError } from '../errors.js';
import { writeFileAtomic } from '../fs/atomic.js';
import type { Repo } from '../sources/git.js';

/** What a key becomes in rewritten history: the rule's id, so a reader knows what stood there. */
const replacement = (rule: string) => `***REMOVED-${rule}***`;

/** Readable and writable by its owner only: the file holds the keys themselves. */
export const PURGE_PLAN_MODE = 0o600;

/** True when `child` is `parent` or lies below it. */
function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * One `git filter-repo --replace-text` expression. Keys are written as
 * literals; a value with a line break (a custom rule's) cannot be, so it
 * becomes a regex with every special character escaped.
 */
export function expression(secret: string, rule: string): string {
  if (!/[\r\n]/.test(secret)) return `literal:${secret}==>${replacement(rule)}`;
  const escaped = secret.replace(/[^A-Za-z0-9_]/g, (ch) => (ch === '\n' ? '\\n' : ch === '\r' ? '\\r' : `\\${ch}`));
  return `regex:${escaped}==>${replacement(rule)}`;
}

/** More links than this in a row is a loop (Linux's own limit). */
const MAX_LINKS = 40;

const codeOf = (err: unknown) => (err as NodeJS.ErrnoException).code;

/**
 * The real path a write to `absolute` lands on: every symbolic link resolved,
 * in the folders and the file itself, also when the file does not exist yet
 * (then its folder is resolved) or is a link to a file that does not (then
 * the link's target is). write-file-atomic follows links, so checking any
 * other path than this one would let a link carry the keys into the work tree.
 */
async function realTarget(absolute: string): Promise<string> {
  let current = absolute;
  for (let hops = 0; hops <= MAX_LINKS; hops++) {
    try {
      return await fs.realpath(current);
    } catch (err) {
      if (codeOf(err) !== 'ENOENT') throw err;
    }
    const here = path.join(await fs.realpath(path.dirname(current)), path.basename(current));
    let link: string;
    try {
      link = await fs.readlink(here);
    } catch (err) {
      // Not there at all (ENOENT), or there but not a link (EINVAL: created meanwhile): either way this is the path.
      if (codeOf(err) === 'ENOENT' || codeOf(err) === 'EINVAL') return here;
      throw err;
    }
    current = path.resolve(path.dirname(here), link);
  }
  throw Object.assign(new Error('too many symbolic links'), { code: 'ELOOP' });
}

/**
 * The resolved path of the plan, once it is known that it may be written
 * there: outside the work tree, inside .git, or at a git-ignored path.
 * Anywhere else in the work tree it could be committed, and it holds the keys.
 */
async function checkedPath(shown: string, absolute: string, repo: Repo): Promise<string> {
  let file: string;
  try {
    file = await realTarget(absolute);
  } catch (err) {
    if (codeOf(err) === 'ENOENT') {
      const folder = (err as NodeJS.ErrnoException).path ?? path.dirname(absolute);
      throw new UsageError(`--purge-plan ${shown}: the folder ${folder} does not exist`);
    }
    throw new UsageError(`--purge-plan ${shown}: cannot resolve the path (${codeOf(err) ?? String(err)})`);
  }
  if (isInside(repo.root, file) && !isInside(repo.gitDir, file) && !(await repo.isIgnored(file))) {
    const via = file === absolute ? '' : ` (it leads to ${file})`;
    throw new UsageError(
      `--purge-plan ${shown}: refusing to write it inside the work tree${via}, where it could be committed: the file holds the keys themselves. ` +
        'Write it outside the repository (for example ../scan-keys-purge.txt), or git-ignore that path first',
    );
  }
  return file;
}

/**
 * The purge plan: a consumer of matches before finalize (the only place the
 * keys still exist), writing a `git filter-repo --replace-text` file. It is
 * not a reporter: reporters never see a key.
 */
export class PurgePlan {
  /** secret -> rule id, one line per unique key. */
  private readonly secrets = new Map<string, string>();

  private constructor(
    /** The resolved path, checked again (and updated) when the plan is written. */
    public file: string,
    readonly shown: string,
    private readonly repo: Repo,
  ) {}

  /** Checks, before anything is scanned, that the plan may be written there (see checkedPath). */
  static async prepare(shown: string, cwd: string, repo: Repo): Promise<PurgePlan> {
    const file = await checkedPath(shown, path.resolve(cwd, shown), repo);
    return new PurgePlan(file, shown, repo);
  }

  /** A MatchConsumer for the pipeline. */
  readonly consume = (m: Match): void => {
    if (m.kind === 'secret' && m.secret.length > 0 && !this.secrets.has(m.secret)) this.secrets.set(m.secret, m.rule.id);
  };

  get size(): number {
    return this.secrets.size;
  }

  /** Writes the file with mode 0600 (atomically); resolves to the number of keys in it. */
  async write(): Promise<number> {
    const lines = [...this.secrets].map(([secret, rule]) => expression(secret, rule)).sort();
    // Checked again: a history scan takes a while, and a link can be repointed into the work tree meanwhile.
    this.file = await checkedPath(this.shown, this.file, this.repo);
    try {
      await writeFileAtomic(this.file, `${lines.join('\n')}\n`, PURGE_PLAN_MODE);
    } catch (err) {
      if (err instanceof ScanKeysError) throw err;
      throw new UsageError(`--purge-plan ${this.shown}: cannot write it (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    return lines.length;
  }
}
