import path from 'node:path';
import { isDotenvPath, isExamplePath } from './dotenv/paths.js';
import type { Match } from './engine/match.js';
import { lineBounds, lineOf, positionOf } from './engine/positions.js';
import type { Finding, ShownCommit, ShownSkipped } from './finding.js';
import type { Commit, ScanUnit } from './engine/unit.js';
import type { SkippedFile } from './sources/unit.js';
import { looksSecret, own, redact, shown, type Shown } from './redact.js';
import { publicVariableBefore, type PublicVariable } from './rules/browser-public.js';
import type { Severity } from './rules/rule.js';

/**
 * The one place where a Match (which holds a secret) becomes a Finding (which
 * does not). Redaction and fingerprinting happen here and nowhere else, so no
 * reporter, log or error message can print what it was never given.
 */

/**
 * Stable across runs and modes; sha256 of a high-entropy key does not lead back to it.
 * node:crypto is loaded on the first fingerprint: a clean commit's hook never needs it, and loading it cost milliseconds.
 */
export function fingerprint(ruleId: string, secret: string): string {
  return process
    .getBuiltinModule('node:crypto')
    .createHash('sha256').update(`scan-keys:v1\0${ruleId}\0${secret}`).digest('hex');
}

/** A match's fingerprint: of its key, or for .env lint (no key) of its place. */
export function fingerprintOf(m: Match): string {
  // A pair is one secret: its fingerprint covers both parts.
  if (m.kind === 'secret') return fingerprint(m.rule.id, m.pairedWith === undefined ? m.secret : `${m.secret}\0${m.pairedWith}`);
  return fingerprint(m.rule.id, `${m.unit.path}:${positionOf(m.unit.bytes, m.start).line}`);
}

/** Tokens that look random enough to be a secret of some kind, found or not. */
const TOKEN_CHAR = /[A-Za-z0-9_\-+/=]/;
const TOKEN = new RegExp(`${TOKEN_CHAR.source}{20,}`, 'g');

const SNIPPET_MAX = 160;

/** A line with every secret on it masked, and where each match's redacted form starts in it. */
interface MaskedLine {
  readonly text: string;
  readonly focus: ReadonlyMap<Match, number>;
}

/** What masking needs of a unit's matches: the secrets on each line, and the lines already masked. */
interface UnitMasks {
  /** Per line, the secrets that cover part of it, clamped to the line, in order. */
  readonly byLine: ReadonlyMap<number, readonly OnLine[]>;
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

/** A secret's part on one line, clamped to the line. */
type OnLine = { readonly s: Match; readonly start: number; readonly end: number };

/**
 * The bytes [from, to) of a line with every secret in it masked, and any
 * random-looking token between them; where each secret's redacted form
 * starts. A secret that starts inside the one before it is not masked twice.
 */
function maskRange(bytes: Buffer, onLine: readonly OnLine[], from: number, to: number): MaskedLine {
  const plain = (a: number, b: number) =>
    bytes.toString('utf8', a, b).replace(TOKEN, (t) => (looksSecret(t) ? redact(t) : t));
  const focus = new Map<Match, number>();
  let text = '';
  let at = from;
  for (const { s, start, end } of onLine) {
    if (start < at) continue;
    text += plain(at, start);
    focus.set(s, text.length);
    text += redact(s.secret, s.rule.prefixes);
    at = Math.min(end, to);
  }
  return { text: (text + plain(at, to)).replace(/\t/g, ' '), focus };
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
  const masked = maskRange(bytes, masks.byLine.get(line) ?? [], from, to);
  masks.masked.set(line, masked);
  return masked;
}

/** Lines longer than this (a minified bundle's, often megabytes) are masked only around the match. */
const LONG_LINE = 4096;
/** How far around the match such a line is masked: far more than the snippet shows, however much masking shortens it. */
const AROUND_BEFORE = 1024;
const AROUND_AFTER = 2048;
/** A line holding more secrets than this is masked once, whole: one window per secret would cost more. */
const WINDOWS_MAX = 16;
/** Where the snippet starts before the match, and its length. */
const LEAD = 40;

/** The bytes a window may start or end at: ASCII, and no part of a token that masking could redact (TOKEN's characters). */
const CUTS = Uint8Array.from({ length: 128 }, (_, c) => (TOKEN_CHAR.test(String.fromCharCode(c)) ? 0 : 1));
const isCut = (c: number | undefined) => c !== undefined && c < 0x80 && CUTS[c] === 1;

/**
 * The nearest place at or beyond `target`, walking towards `limit`, where the
 * masked window may be cut: not inside a secret nor a token, so that masking
 * the window gives exactly the characters masking the whole line gives there.
 * The line's own end when there is none near.
 */
function cutNear(bytes: Buffer, target: number, limit: number, onLine: readonly OnLine[]): number {
  const step = limit < target ? -1 : 1;
  for (let p = target, n = 0; p !== limit && n < AROUND_BEFORE; p += step, n++) {
    if (isCut(bytes[p]) && !onLine.some((x) => x.start < p && p < x.end)) return p;
  }
  return limit;
}

/**
 * The snippet of a match on a long line, from the line masked only around
 * it: the same characters, ellipses included, as the cut of the whole line
 * masked, which for a line of megabytes cost more than the scan. Undefined
 * when the window cannot tell (the match not masked on its own, too little
 * text around it, many secrets on the line): the caller masks the line whole.
 */
export function windowedSnippet(m: Match, siblings: readonly Match[], line: number): Shown | undefined {
  const bytes = m.unit.bytes;
  const [from, to] = lineBounds(bytes, line);
  if (to - from <= LONG_LINE) return undefined;
  const onLine = unitMasks(bytes, siblings).byLine.get(line) ?? [];
  const own = onLine.find((x) => x.s === m);
  if (!own || onLine.length > WINDOWS_MAX) return undefined;
  const a = own.start - from > AROUND_BEFORE ? cutNear(bytes, own.start - AROUND_BEFORE, from, onLine) : from;
  const b = to - own.end > AROUND_AFTER ? cutNear(bytes, own.end + AROUND_AFTER, to, onLine) : to;
  if (a === from && b === to) return undefined;
  const { text, focus } = maskRange(bytes, onLine.filter((x) => x.start < b), a, b);
  const col = focus.get(m);
  // What the whole line's cut would show must lie inside the window: LEAD characters before the match, the rest after.
  if (col === undefined || text.length <= SNIPPET_MAX || (a > from && col < LEAD) || (b < to && text.length - col < SNIPPET_MAX - LEAD)) return undefined;
  return cutAround(text, col, { before: a > from, after: b < to });
}

/**
 * SNIPPET_MAX characters of a masked line (or of a window of it: `before` and
 * `after` say whether the line goes on past its ends), LEAD of them before
 * the match where the line allows, with an ellipsis where it is cut.
 */
function cutAround(text: string, col: number, window = { before: false, after: false }): Shown {
  const begin = Math.max(0, Math.min(col - LEAD, window.after ? Infinity : text.length - SNIPPET_MAX));
  const lead = begin > 0 || window.before;
  const trail = window.after || begin + SNIPPET_MAX < text.length;
  return shown(`${lead ? '…' : ''}${text.slice(begin, begin + SNIPPET_MAX)}${trail ? '…' : ''}`.trimEnd());
}

/** The match's first line masked whole, cut to SNIPPET_MAX characters around the match: what windowedSnippet must equal. */
export function wholeLineSnippet(m: Match, siblings: readonly Match[], line: number, column: number): Shown {
  const { text, focus } = maskLine(m.unit.bytes, siblings, line);
  if (text.length <= SNIPPET_MAX) return shown(text.trimEnd());
  // Masking shortens the line, so the match's column in the file would point elsewhere in it.
  return cutAround(text, focus.get(m) ?? column - 1);
}

/** The match's first line, masked, cut to SNIPPET_MAX characters around the match. */
const snippetOf = (m: Match, siblings: readonly Match[], line: number, column: number): Shown =>
  windowedSnippet(m, siblings, line) ?? wholeLineSnippet(m, siblings, line, column);

/** Where a key stands, as far as its severity and advice go. */
type Place =
  | { readonly kind: 'history' }
  | { readonly kind: 'browser'; readonly variable: PublicVariable }
  | { readonly kind: 'ignored-dotenv' }
  | { readonly kind: 'dotenv' }
  | { readonly kind: 'file' };

function placeOf(m: Match): Place {
  // A unit read from history (it names its blob): the file may be long gone, the key is leaked all the same.
  if (m.unit.blob || m.unit.commit) return { kind: 'history' };
  // A bundler ships the variable to every browser: public once built, whatever git ignores.
  const variable = publicVariableBefore(m.unit.bytes, m.start);
  if (variable) return { kind: 'browser', variable };
  if (m.unit.gitIgnored) return { kind: 'ignored-dotenv' };
  return isDotenvPath(m.unit.path) && !isExamplePath(m.unit.path) ? { kind: 'dotenv' } : { kind: 'file' };
}

/**
 * The .gitignore line that keeps this file out without hiding the templates
 * beside it (`.env*` would ignore .env.example too).
 */
const ignoreLineFor = (file: string) => {
  const name = path.posix.basename(file);
  return /^\.env(?:\.[^.]+)*\.local$/.test(name) ? '.env*.local' : name;
};

function secretMessage(m: Match, place: Place): Shown {
  const where = m.rule.rotateAt ? ` at ${m.rule.rotateAt}` : '';
  const title = m.rule.title;
  switch (place.kind) {
    case 'history':
      return own(`${title} in git history: rotate it${where}, then rewrite the history to remove it`);
    case 'browser': {
      const { name, tool, prefix } = place.variable;
      // The variable name is input (it may be anything the file says), so the message is shown, not own.
      return shown(
        `${title} in ${name}: ${tool} inlines ${prefix}* variables into the code it ships to the browser, so anyone who ` +
          `loads the app can read the key, git-ignored or not. Call the provider from a server route that reads a ` +
          `variable without the ${prefix} prefix, and rotate the key${where}`,
      );
    }
    case 'ignored-dotenv':
      return shown(`${title} kept out of git in ${m.unit.path}, which git ignores: where a key belongs (information, not a problem)`);
    case 'dotenv': {
      const file = m.unit.path;
      return shown(
        `${title} in ${file}, a .env file git tracks or does not ignore: committed with it, the key stays in the history for good. ` +
          `Keep the file out of git (git rm --cached ${file} if it is tracked, and add "${ignoreLineFor(file)}" to .gitignore), then rotate the key${where}`,
      );
    }
    case 'file':
      return own(`${title} in plain text: remove it from the file${where ? `; rotate it${where}` : ''}`);
  }
}

/** A key kept in a git-ignored .env is information; a key anywhere else keeps its rule's severity. */
const severityAt = (m: Match, place: Place): Severity => (place.kind === 'ignored-dotenv' ? 'info' : m.rule.severity);

function messageOf(m: Match, place: Place | undefined): Shown {
  // A .env message quotes the variable name, which may be a key pasted alone on its line.
  if (m.message) return shown(m.message);
  return secretMessage(m, place ?? placeOf(m));
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
  // Only a key has a place that changes its weight; a .env lint problem is the same problem in any file.
  const place = m.kind === 'secret' ? placeOf(m) : undefined;
  return {
    kind: m.kind,
    rule: m.rule.id,
    title: m.rule.title,
    provider: m.rule.provider,
    severity: place ? severityAt(m, place) : m.rule.severity,
    file: shownPath(m.unit),
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    redacted: m.secret ? redact(m.secret, m.rule.prefixes) : '',
    fingerprint: fingerprintOf(m),
    message: messageOf(m, place),
    snippet: snippetOf(m, isAmong(m, siblings) ? siblings : [m, ...siblings], start.line, start.column),
    ...(m.rule.rotateAt ? { rotateAt: m.rule.rotateAt } : {}),
    ...(m.unit.commit ? { commit: shownCommit(m.unit.commit) } : {}),
    ...(m.unit.blob ? { blob: m.unit.blob } : {}),
  };
}
