import { shownCommit } from '../finalize.js';
import type { Finding, ShownCommit } from '../finding.js';
import { shown } from '../redact.js';
import type { Commit } from '../sources/unit.js';
import type { Introduction } from './origins.js';

/** The commit as reports show it, with its subject (which can hold a key, so shown like the author). */
const placedCommit = (c: Commit): ShownCommit => ({ ...shownCommit(c), ...(c.subject !== undefined ? { subject: shown(c.subject) } : {}) });

/** Adds the refs that reach each finding's commit, where they were looked up. */
export function withRefs(findings: readonly Finding[], refs: ReadonlyMap<string, readonly string[]>): Finding[] {
  return findings.map((f) => {
    const names = f.commit ? refs.get(f.commit.sha) : undefined;
    return names && f.commit ? { ...f, commit: { ...f.commit, refs: names.map((n) => shown(n)) } } : f;
  });
}

/**
 * Turns findings made once per blob into findings per place: each path the
 * blob appeared at, with the commit that first put it there. A key found in
 * many blobs at one path (a file edited a hundred times around it) is kept
 * once per path, with its earliest commit. `ignored` drops places the config
 * leaves out. A finding whose blob no commit introduces (a tag pointing
 * straight at a blob) keeps the path it was read by, without a commit.
 */
export function placeFindings(
  findings: readonly Finding[],
  introductions: ReadonlyMap<string, readonly Introduction[]>,
  ignored: (path: string) => boolean = () => false,
): Finding[] {
  const best = new Map<string, { finding: Finding; order: number }>();
  const keep = (finding: Finding, order: number) => {
    if (ignored(finding.file)) return;
    const key = `${finding.fingerprint}\0${finding.file}`;
    const held = best.get(key);
    if (!held || order < held.order || (order === held.order && finding.line < held.finding.line)) best.set(key, { finding, order });
  };
  for (const f of findings) {
    const places = f.blob ? introductions.get(f.blob) : undefined;
    if (!places || places.length === 0) {
      keep(f, Number.POSITIVE_INFINITY);
      continue;
    }
    for (const p of places) keep({ ...f, file: shown(p.path), commit: placedCommit(p.commit) }, p.order);
  }
  return [...best.values()].map((b) => b.finding);
}
