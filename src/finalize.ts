import { createHash } from 'node:crypto';
import type { Match } from './engine/match.js';
import { lineBounds, positionOf } from './engine/positions.js';
import type { Finding } from './finding.js';
import { entropy } from './rules/validators.js';

/**
 * The one place where a Match (which holds a secret) becomes a Finding (which
 * does not). Redaction and fingerprinting happen here and nowhere else, so no
 * reporter, log or error message can print what it was never given.
 */

/** sk-proj-…Abcd: the rule's known prefix, an ellipsis, the last four characters. */
export function redact(secret: string, prefixes: readonly string[] = []): string {
  const prefix = prefixes.find((p) => secret.startsWith(p)) ?? '';
  const rest = secret.slice(prefix.length);
  // Short values show less: never more than a quarter of what is hidden.
  const tail = rest.length >= 16 ? rest.slice(-4) : '';
  return `${prefix}…${tail}`;
}

/** Stable across runs and modes; sha256 of a high-entropy key does not lead back to it. */
export function fingerprint(ruleId: string, secret: string): string {
  return createHash('sha256').update(`scan-keys:v1\0${ruleId}\0${secret}`).digest('hex');
}

/** A match's fingerprint: of its key, or for .env lint (no key) of its place. */
export function fingerprintOf(m: Match): string {
  if (m.kind === 'secret') return fingerprint(m.rule.id, m.secret);
  return fingerprint(m.rule.id, `${m.unit.path}:${positionOf(m.unit.bytes, m.start).line}`);
}

/** Tokens that look random enough to be a secret of some kind, found or not. */
const TOKEN = /[A-Za-z0-9_\-+/=]{20,}/g;
const looksSecret = (t: string) => /\d/.test(t) && /[A-Za-z]/.test(t) && entropy(t) >= 3.5;

const SNIPPET_MAX = 160;

/**
 * The match's first line with every secret on it masked: the unit's other
 * matches too (even allowed or baselined ones), and any random-looking token.
 */
function snippetOf(m: Match, siblings: readonly Match[], line: number): string {
  const bytes = m.unit.bytes;
  const [from, to] = lineBounds(bytes, line);
  const parts: string[] = [];
  let at = from;
  const onLine = siblings
    .filter((s) => s.start < to && s.end > from && s.secret.length > 0)
    .sort((a, b) => a.start - b.start);
  for (const s of onLine) {
    if (s.start < at) continue;
    parts.push(bytes.toString('utf8', at, s.start), redact(s.secret, s.rule.prefixes));
    at = Math.min(s.end, to);
  }
  parts.push(bytes.toString('utf8', at, to));
  let text = parts
    .join('')
    .replace(TOKEN, (t) => (looksSecret(t) && !t.includes('…') ? redact(t) : t))
    .replace(/\t/g, ' ');
  if (text.length > SNIPPET_MAX) {
    const col = positionOf(bytes, m.start).column - 1;
    const begin = Math.max(0, Math.min(col - 40, text.length - SNIPPET_MAX));
    text = `${begin > 0 ? '…' : ''}${text.slice(begin, begin + SNIPPET_MAX)}${begin + SNIPPET_MAX < text.length ? '…' : ''}`;
  }
  return text.trimEnd();
}

function messageOf(m: Match): string {
  if (m.message) return m.message;
  const rotate = m.rule.rotateAt ? `; rotate it at ${m.rule.rotateAt}` : '';
  return `${m.rule.title} in plain text: remove it from the file${rotate}`;
}

/** Turns a match into a finding. `siblings` are all the matches of its unit, for masking. */
export function finalize(m: Match, siblings: readonly Match[] = [m]): Finding {
  const bytes = m.unit.bytes;
  const start = positionOf(bytes, m.start);
  const end = positionOf(bytes, m.end);
  return {
    kind: m.kind,
    rule: m.rule.id,
    provider: m.rule.provider,
    severity: m.rule.severity,
    file: m.unit.path,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    redacted: m.secret ? redact(m.secret, m.rule.prefixes) : '',
    fingerprint: fingerprintOf(m),
    message: messageOf(m),
    snippet: snippetOf(m, siblings.includes(m) ? siblings : [...siblings, m], start.line),
    ...(m.rule.rotateAt ? { rotateAt: m.rule.rotateAt } : {}),
    ...(m.unit.commit ? { commit: m.unit.commit } : {}),
    ...(m.unit.blob ? { blob: m.unit.blob } : {}),
  };
}
