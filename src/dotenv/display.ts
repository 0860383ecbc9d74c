import { redact } from '../redact.js';
import { KEY_PREFIXES } from './keylike.js';
import type { DotenvLine } from './parse.js';
import { splitEdges } from '../text/trim.js';

/** Whitespace made visible, so that a diff of whitespace fixes shows what changed. */
const VISIBLE: Record<string, string> = { ' ': '·', '\t': '→', '\n': '⏎', '\r': '␍', '\u00a0': '⍽' };
export const visible = (s: string) =>
  s.replace(/[\s\u200b-\u200d\u2060]/g, (c) => VISIBLE[c] ?? `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`);

/** Quotes (straight, curly and guillemets) and invisible characters: with \n and \r escapes, what stays in view at a value's edges. */
const EDGE_CHAR = /["'`\u2018\u2019\u201a-\u201f\u00ab\u00bb\s\u200b-\u200d\u2060]/;
const isEdgeChar = (ch: string) => EDGE_CHAR.test(ch);

/** A raw value with its core redacted (sk-proj-…Abcd, or … for short values) and its edges as written. */
export function maskValue(raw: string): string {
  const { head, core, tail } = splitEdges(raw, isEdgeChar, { escapes: true });
  return head + (core ? redact(core, KEY_PREFIXES) : '') + tail;
}

/**
 * One line item as fix-env shows it: names, `=`, quotes and whitespace as
 * written (whitespace made visible), every value redacted, comments elided.
 * Nothing that looks like a key is ever shown whole.
 */
export function displayLine(item: DotenvLine): string {
  if (item.kind === 'blank') return visible(item.raw);
  if (item.kind !== 'entry') return item.kind === 'comment' ? '#…' : '…';
  const p = item.parts;
  const head = p.indent + p.export + p.key + p.beforeSeparator + p.separator + p.afterSeparator;
  return visible(head) + visible(maskValue(p.value)) + visible(p.trailing) + (p.comment ? '#…' : '');
}
