import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Match } from '../engine/match.js';
import { UsageError } from '../errors.js';
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

/**
 * The purge plan: a consumer of matches before finalize (the only place the
 * keys still exist), writing a `git filter-repo --replace-text` file. It is
 * not a reporter: reporters never see a key.
 */
export class PurgePlan {
  /** secret -> rule id, one line per unique key. */
  private readonly secrets = new Map<string, string>();

  private constructor(
    readonly file: string,
    readonly shown: string,
  ) {}

  /**
   * Checks, before anything is scanned, that the plan may be written there:
   * outside the work tree, inside .git, or at a git-ignored path. Anywhere
   * else in the work tree it could be committed, and it holds the keys.
   */
  static async prepare(shown: string, cwd: string, repo: Repo): Promise<PurgePlan> {
    const absolute = path.resolve(cwd, shown);
    let folder: string;
    try {
      folder = await fs.realpath(path.dirname(absolute));
    } catch {
      throw new UsageError(`--purge-plan ${shown}: the folder ${path.dirname(absolute)} does not exist`);
    }
    const file = path.join(folder, path.basename(absolute));
    if (isInside(repo.root, file) && !isInside(repo.gitDir, file) && !(await repo.isIgnored(file))) {
      throw new UsageError(
        `--purge-plan ${shown}: refusing to write it inside the work tree, where it could be committed: the file holds the keys themselves. ` +
          'Write it outside the repository (for example ../scan-keys-purge.txt), or git-ignore that path first',
      );
    }
    return new PurgePlan(file, shown);
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
    try {
      await writeFileAtomic(this.file, `${lines.join('\n')}\n`, PURGE_PLAN_MODE);
    } catch (err) {
      throw new UsageError(`--purge-plan ${this.shown}: cannot write it (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    return lines.length;
  }
}
