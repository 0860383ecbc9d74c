import { looksLikeKey } from '../keylike.js';
import type { DotenvEntry } from '../parse.js';
import { describeWhitespace, effect, FIXED_BY, valueContent, withValue, type Problem } from './rule.js';

/** Whitespace, invisible characters and (in double quotes) \n and \r escapes: what ends up around a value unseen. */
const INVISIBLE = '\\s\\u200b-\\u200d\\u2060\\ufeff';
const junk = (quote: string) => (quote === '"' ? `(?:[${INVISIBLE}]|\\\\[nr])+` : `[${INVISIBLE}]+`);
const AT = {
  starts: { '"': new RegExp(`^${junk('"')}`), other: new RegExp(`^${junk('')}`) },
  ends: { '"': new RegExp(`${junk('"')}$`), other: new RegExp(`${junk('')}$`) },
};

/** A character beyond Latin-1 cannot go in an HTTP header: the client throws before sending. */
const HEADER_NOTE = ' (a character beyond Latin-1 makes the HTTP client throw before the request is even sent)';

/**
 * Whitespace or an invisible character at one edge of a value, inside its
 * quotes (or, unquoted, one that trimming does not remove): every loader keeps
 * it. The fix removes it only from values that look like keys; elsewhere it may be meant.
 */
export function edgeProblem(e: DotenvEntry, edge: 'starts' | 'ends'): Problem | undefined {
  const content = valueContent(e);
  const m = (e.quote === '"' ? AT[edge]['"'] : AT[edge].other).exec(content.text);
  if (!m) return undefined;
  // A value of whitespace only is reported once, at its end.
  if (edge === 'starts' && m[0].length === content.text.length) return undefined;
  // A multi-line value (a PEM certificate, JSON) may well end with a line break: only spaces count there.
  const rest = edge === 'ends' ? content.text.slice(0, m.index) : content.text.slice(m[0].length);
  if (/^(?:\r\n|\r|\n|\\n)+$/.test(m[0]) && /\r|\n|\\n/.test(rest)) return undefined;
  const start = content.start + m.index;
  const end = start + m[0].length;
  const words = describeWhitespace(m[0]);
  const safe = looksLikeKey(e.value);
  return {
    start,
    end,
    message:
      `${e.key}'s value ${edge} with ${words}${e.quote ? ' inside the quotes' : ''}: every loader keeps it, so ` +
      `${effect(e, `${edge} with ${words}`)}${/[^\u0000-\u00ff]/.test(m[0]) ? HEADER_NOTE : ''}. Remove it${safe ? FIXED_BY : ''}.`,
    ...withValue(e),
    ...(safe ? { fix: [{ start, end, text: '' }] } : {}),
  };
}
