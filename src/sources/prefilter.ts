import { isDotenvPath } from '../dotenv/paths.js';
import type { KeywordSet, KeywordSpec } from '../engine/keyword-set.js';
import type { Screen, ScreenSpec } from '../engine/screen.js';
import type { FileItem, FileToRead } from './read.js';
import type { ScanUnit, SkippedFile } from './unit.js';

/*
 * What a reader thread (read-pool.ts, read-worker.ts) hands to the main thread
 * and what it only counts: the same code on every thread, so that which thread
 * reads a file never changes what becomes of it.
 */

/**
 * What a folder scan may pass over: a file in which none of the keywords occurs
 * (the engine's own one-pass search, keyword-set.ts) is only counted (a
 * PassedOver item), never handed to the pipeline, unless its path is one the
 * pipeline looks at whatever the file holds. The readers decide that batch by
 * batch, on whichever thread reads it: asked of 30,000 paths up front, it held
 * up the start of reading by 25-30 ms on the npm tree.
 */
export interface Prefilter {
  /** The keywords of every rule in use: a rule can only match where one occurs. */
  readonly keywords: readonly KeywordSpec[];
  /**
   * The rules' patterns by keyword (screen.ts), built from the same rules as
   * `keywords`: a file with a hit is then handed over only if a rule can match
   * near one.
   */
  readonly screen?: ScreenSpec;
  /** Hand over .env files whatever they hold: the .env lint reads them. */
  readonly dotenv?: boolean;
  /** Hand over a file whose path holds a keyword, whatever it holds: the pipeline scans names too. */
  readonly names?: boolean;
}

/** No path handed over regardless: without a prefilter every unit is. */
export const NONE: ReadonlySet<string> = new Set();

/** The paths of a batch that are handed over whatever their files hold (see Prefilter). */
export function handedOver(files: readonly FileToRead[], prefilter: Prefilter, search: KeywordSet): ReadonlySet<string> {
  const paths = new Set<string>(prefilter.names ? namesWithKeyword(files, search) : []);
  if (prefilter.dotenv) for (const f of files) if (isDotenvPath(f.display)) paths.add(f.display);
  return paths;
}

/** What one read of a batch's files gives: the units to hand over, the skips, and what was passed over. */
export interface Sorted {
  readonly units: ScanUnit[];
  readonly skipped: SkippedFile[];
  readonly passedOver: number;
  readonly passedBytes: number;
}

/**
 * Sorts what a read gave into units to hand over, skips, and files the
 * prefilter passes over: without a keyword hit, or (with a screen) with hits
 * near which no rule matches. The search runs once, here: a unit handed over
 * carries its hits, and the engine does not search it again.
 */
export function sortItems(items: readonly FileItem[], search: KeywordSet | undefined, keep: ReadonlySet<string>, screen?: Screen): Sorted {
  const units: ScanUnit[] = [];
  const skipped: SkippedFile[] = [];
  let passedOver = 0;
  let passedBytes = 0;
  for (const item of items) {
    if ('skipped' in item) {
      skipped.push(item);
      continue;
    }
    if (!search) {
      units.push(item);
      continue;
    }
    const hits = search.hits(item.bytes);
    if ((hits.length > 0 && (!screen || screen.mayMatch(item.bytes, hits))) || keep.has(item.path)) units.push({ ...item, hits, hitsKey: search.key });
    else {
      passedOver++;
      passedBytes += item.bytes.length;
    }
  }
  return { units, skipped, passedOver, passedBytes };
}

/**
 * The paths that hold a keyword, by the engine's own search (what it finds in
 * a name is what the pipeline's scan of that name finds), run once over all
 * of them joined: one call per path cost as much as reading the files did (an
 * alternation of the 80 keywords took 20-30 ms for the npm tree's 30,000 paths).
 */
export function namesWithKeyword(files: readonly FileToRead[], search: KeywordSet): string[] {
  const joined = files.map((f) => f.display).join('\0');
  const bytes = Buffer.from(joined);
  // Only ASCII has byte offsets equal to string offsets: otherwise each path is asked on its own.
  if (bytes.length !== joined.length) return files.filter((f) => search.has(Buffer.from(f.display))).map((f) => f.display);
  const ends: number[] = [];
  const found = new Set<string>();
  search.search(bytes, (_, at) => {
    if (ends.length === 0) {
      let end = -1;
      for (const f of files) ends.push((end += f.display.length + 1));
    }
    // The first path that ends after the hit holds it (a keyword holds no NUL, so never crosses into the next).
    let lo = 0;
    let hi = ends.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((ends[mid] as number) > at) hi = mid;
      else lo = mid + 1;
    }
    found.add((files[lo] as FileToRead).display);
  });
  return [...found];
}
