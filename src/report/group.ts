import type { Finding } from '../finding.js';

/** Every place one secret was found. */
export interface SecretGroup {
  readonly fingerprint: string;
  /** Earliest commit first; places without a commit last. */
  readonly findings: readonly Finding[];
}

const when = (f: Finding) => (f.commit ? Date.parse(f.commit.date) : Number.POSITIVE_INFINITY);

/** Findings grouped by fingerprint (one key, many places), groups in the order they first appear. */
export function groupBySecret(findings: readonly Finding[]): SecretGroup[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = groups.get(f.fingerprint) ?? [];
    list.push(f);
    groups.set(f.fingerprint, list);
  }
  return [...groups].map(([fingerprint, list]) => ({
    fingerprint,
    findings: [...list].sort((a, b) => when(a) - when(b) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
  }));
}
