import { promises as fs } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { isDotenvPath } from '../dotenv/lint.js';
import type { Matcher } from '../pipeline.js';
import type { Rule } from '../rules/rule.js';
import { packageVersion } from '../version.js';

/**
 * The blobs a history audit has already scanned clean, so that the next audit
 * of the same repository reads only new ones. It holds blob ids only (hashes
 * of content, never content), lives under the git folder where nothing is
 * committed, and is valid for one set of rules and matchers: another version
 * or config starts it afresh. A blob with any finding, suppressed or not, is
 * never recorded. Deleting the file only costs one full scan.
 */

const FORMAT = 'scan-keys clean-blobs 1';

/** Where the cache lives inside a repository's git folder. */
export const cacheFile = (gitDir: string): string => path.join(gitDir, 'scan-keys', 'clean-blobs');

/** What makes a blob's verdict: the package version (validators, engine) and each rule's and matcher's definition. */
export function matchingKey(rules: readonly Rule[], matchers: readonly Matcher[] = []): string {
  const hash = createHash('sha256');
  hash.update(`${packageVersion()}\0`);
  for (const r of rules) {
    hash.update(`${r.id}\0${String(r.pattern)}\0${r.keywords.join('\x01')}\0${r.severity}\0${JSON.stringify(r.context ?? null)}\0${r.pair ? `${r.pair.partner.id}:${r.pair.within}:${r.pair.required}` : ''}\0${r.reach ?? ''}\n`);
  }
  for (const m of matchers) hash.update(`${String(m)}\n`);
  return hash.digest('hex');
}

export class CleanBlobCache {
  private readonly fresh = new Set<string>();

  private constructor(
    private readonly file: string,
    private readonly key: string,
    private readonly clean: Set<string>,
    /** With matchers that read the path (the .env linter), a blob's verdict at a .env path is not its verdict elsewhere. */
    private readonly pathMatters: boolean,
  ) {}

  /** The cache of this git folder for this key: empty when absent, unreadable, or made under another key. */
  static async open(gitDir: string, key: string, options: { readonly pathMatters?: boolean } = {}): Promise<CleanBlobCache> {
    const file = cacheFile(gitDir);
    const text = await fs.readFile(file, 'latin1').catch(() => '');
    const [header, ...ids] = text.split('\n');
    const valid = header === `${FORMAT} ${key}`;
    return new CleanBlobCache(file, key, new Set(valid ? ids.filter((id) => /^[0-9a-f]{40,64}$/.test(id)) : []), options.pathMatters ?? false);
  }

  private cacheable(filePath: string): boolean {
    return !this.pathMatters || !isDotenvPath(filePath);
  }

  has(id: string, filePath: string): boolean {
    return this.clean.has(id) && this.cacheable(filePath);
  }

  /** A blob read and scanned in this run: recorded at save unless it had a finding. */
  scanned(id: string, filePath: string): void {
    if (this.cacheable(filePath)) this.fresh.add(id);
  }

  /** How many blobs the cache held when opened. */
  get size(): number {
    return this.clean.size;
  }

  /**
   * Writes what is known clean now (the old entries and this run's, less any
   * blob with a finding), atomically: a crash leaves the old file or the new
   * one. A cache that cannot be written (a read-only repository) is skipped,
   * since it only saves time.
   */
  async save(withFindings: ReadonlySet<string>): Promise<void> {
    const ids = [...this.clean, ...[...this.fresh].filter((id) => !this.clean.has(id))].filter((id) => !withFindings.has(id));
    const temp = `${this.file}.${process.pid}.tmp`;
    try {
      await fs.mkdir(path.dirname(this.file), { recursive: true });
      await fs.writeFile(temp, `${FORMAT} ${this.key}\n${ids.join('\n')}`, { mode: 0o600 });
      await fs.rename(temp, this.file);
    } catch {
      /* a cache that cannot be written costs time on the next run, never a finding */
    }
  }
}
