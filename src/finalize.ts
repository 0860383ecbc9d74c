import { createHash } from 'node:crypto';
import type { Match } from './engine/match.js';
import { lineBounds, lineOf, positionOf } from './engine/positions.js';
import type { Finding, ShownCommit, ShownSkipped } from './finding.js';
import type { Commit, ScanUnit } from './engine/unit.js';
import type { SkippedFile } from './sources/unit.js';
import { looksSecret, own, redact, shown, type Shown } from './redact.js';

/**
 * The one place where a Match (which holds a secret) becomes a Finding (which
 * does not). Redaction and fingerprinting happen here and nowhere else, so no
 * reporter, log or error message can print what it was never given.
 */

/** Stable across runs and modes; sha256 of a high-entropy key does not lead back to it. */
export function fingerprint(ruleId: string, secret: string): string {
  return createHash('sha256').update(`scan-keys:v1\0${ruleId}\0${secret}`).digest('hex');
}

/** A match's fingerprint: of its key, or for .env lint (no key) of its place. */
export function fingerprintOf(m: Match): string {
  // A pair is one secret: its fingerprint covers both parts.
  if (m.kind === 'secret') return fingerprint(m.rule.id, m.pairedWith === undefined ? m.secret : `${m.secret}\0${m.pairedWith}`);
  return fingerprint(m.rule.id, `${m.unit.path}:${positionOf(m.unit.bytes, m.start).line}`);
}

/** Tokens that look random enough to be a secret of some kind, found or not. */
const TOKEN = /[A-Za-z0-9_\-+/=]{20,}/g;

const SNIPPET_MAX = 160;

/** A line with every secret on it masked, and where each match's redacted form starts in it. */
interface MaskedLine {
  readonly text: string;
  readonly focus: ReadonlyMap<Match, number>;
}

/** What masking needs of a unit's matches: the secrets on each line, and the lines already masked. */
interface UnitMasks {
  /** Per line, the secrets that cover part of it, clamped to the line, in order. */
  readonly byLine: ReadonlyMap<number, readonly { s: Match; start: number; end: number }[]>;
  readonly masked: Map<number, MaskedLine>;
}

/** Keyed by the unit's match list: built once per unit, so a file with thousands of findings is not quadratic. */
const maskCache = new WeakMap<readonly Match[], UnitMasks>();

function unitMasks(bytes: Buffer, siblings: readonly Match[]): UnitMasks {
  let masks = maskCache.get(siblings);
  if (masks) return masks;
  const byLine = new Map<number, { s: Match; start: number; end: number }[]>();
  for (const s of siblings) {
    if (s.secret.length === 0) continue;
    // A .env finding points at the problem (a trailing space); its secretRange is the value to mask.
    const [start, end] = s.secretRange ?? [s.start, s.end];
    if (end <= start) continue;
    // A secret may span lines (a multi-line .env value): mask it on each.
    for (let line = lineOf(bytes, start), last = lineOf(bytes, end - 1); line <= last; line++) {
      const [from, to] = lineBounds(bytes, line);
      const list = byLine.get(line) ?? [];
      list.push({ s, start: Math.max(start, from), end: Math.min(end, to) });
      byLine.set(line, list);
    }
  }
  for (const list of byLine.values()) list.sort((a, b) => a.start - b.start || b.end - a.end);
  masks = { byLine, masked: new Map() };
  maskCache.set(siblings, masks);
  return masks;
}

/**
 * A line with every secret on it masked: the unit's other matches too (even
 * allowed or baselined ones), and any random-looking token between them.
 */
function maskLine(bytes: Buffer, siblings: readonly Match[], line: number): MaskedLine {
  const masks = unitMasks(bytes, siblings);
  const cached = masks.masked.get(line);
  if (cached) return cached;
  const [from, to] = lineBounds(bytes, line);
  const plain = (a: number, b: number) =>
    bytes.toString('utf8', a, b).replace(TOKEN, (t) => (looksSecret(t) ? redact(t) : t));
  const focus = new Map<Match, number>();
  let text = '';
  let at = from;
  const onLine = masks.byLine.get(line) ?? [];
  for (const { s, start, end } of onLine) {
    if (start < at) continue;
    text += plain(at, start);
    focus.set(s, text.length);
    text += redact(s.secret, s.rule.prefixes);
    at = Math.min(end, to);
  }
  const masked = { text: (text + plain(at, to)).replace(/\t/g, ' '), focus };
  masks.masked.set(line, masked);
  return masked;
}

/** The match's first line, masked, cut to SNIPPET_MAX characters around the match. */
function snippetOf(m: Match, siblings: readonly Match[], line: number, column: number): Shown {
  const { text, focus } = maskLine(m.unit.bytes, siblings, line);
  if (text.length <= SNIPPET_MAX) return shown(text.trimEnd());
  // Masking shortens the line, so the match's column in the file would point elsewhere in it.
  const col = focus.get(m) ?? column - 1;
  const begin = Math.max(0, Math.min(col - 40, text.length - SNIPPET_MAX));
  const cut = `${begin > 0 ? '…' : ''}${text.slice(begin, begin + SNIPPET_MAX)}${begin + SNIPPET_MAX < text.length ? '…' : ''}`;
  return shown(cut.trimEnd());
}

function messageOf(m: Match): Shown {
  // A .env message quotes the variable name, which may be a key pasted alone on its line.
  if (m.message) return shown(m.message);
  const where = m.rule.rotateAt ? ` at ${m.rule.rotateAt}` : '';
  // A unit read from history (it names its blob): the file may be long gone, the key is leaked all the
  // same, and only a rewrite removes it.
  if (m.unit.blob || m.unit.commit) return own(`${m.rule.title} in git history: rotate it${where}, then rewrite the history to remove it`);
  return own(`${m.rule.title} in plain text: remove it from the file${where ? `; rotate it${where}` : ''}`);
}

/** A commit as findings carry it: the author's name and email come from the repository. */
export const shownCommit = (c: Commit): ShownCommit => ({ sha: c.sha, author: shown(c.author), date: c.date });

/** A skipped file as summaries carry it: its name shown. */
export const shownSkipped = (s: SkippedFile): ShownSkipped => ({
  path: shown(s.path),
  skipped: s.skipped,
  ...(s.detail !== undefined ? { detail: shown(s.detail) } : {}),
});

/** Membership of a unit's match list, built once per list: `includes` per finding was quadratic on a .env with 50,000 problems. */
const members = new WeakMap<readonly Match[], Set<Match>>();
function isAmong(m: Match, siblings: readonly Match[]): boolean {
  let set = members.get(siblings);
  if (!set) members.set(siblings, (set = new Set(siblings)));
  return set.has(m);
}

/** A unit's path, shown once however many findings it has (a .env with 50,000 problems asked 50,000 times). */
const shownPaths = new WeakMap<ScanUnit, Shown>();
function shownPath(unit: ScanUnit): Shown {
  let path = shownPaths.get(unit);
  if (path === undefined) shownPaths.set(unit, (path = shown(unit.path)));
  return path;
}

/** Turns a match into a finding. `siblings` are all the matches of its unit, for masking. */
export function finalize(m: Match, siblings: readonly Match[] = [m]): Finding {
  const bytes = m.unit.bytes;
  const start = positionOf(bytes, m.start);
  const end = positionOf(bytes, m.end);
  return {
    kind: m.kind,
    rule: m.rule.id,
    title: m.rule.title,
    provider: m.rule.provider,
    severity: m.rule.severity,
    file: shownPath(m.unit),
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    redacted: m.secret ? redact(m.secret, m.rule.prefixes) : '',
    fingerprint: fingerprintOf(m),
    message: messageOf(m),
    snippet: snippetOf(m, isAmong(m, siblings) ? siblings : [m, ...siblings], start.line, start.column),
    ...(m.rule.rotateAt ? { rotateAt: m.rule.rotateAt } : {}),
    ...(m.unit.commit ? { commit: shownCommit(m.unit.commit) } : {}),
    ...(m.unit.blob ? { blob: m.unit.blob } : {}),
  };
}
