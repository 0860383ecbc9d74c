import { isInvisible, trimEndIndex, trimStartIndex } from '../../text/trim.js';
import { looksLikeKey } from '../keylike.js';
import type { DotenvEntry } from '../parse.js';
import { describeWhitespace, effect, FIXED_BY, valueContent, withValue, type Problem } from './rule.js';

/**
 * Whitespace, invisible characters and (in double quotes) \n and \r escapes: what
 * ends up around a value unseen. Found by a linear walk from each edge.
 */
function junkAt(text: string, edge: 'starts' | 'ends', escapes: boolean): { index: number; junk: string } | undefined {
  const options = { escapes };
  const index = edge === 'starts' ? 0 : trimEndIndex(text, isInvisible, options);
  const end = edge === 'starts' ? trimStartIndex(text, isInvisible, options) : text.length;
  return end > index ? { index, junk: text.slice(index, end) } : undefined;
}

/** Only line breaks, real or escaped (one class and one escape: no alternation that can backtrack). */
const LINE_BREAKS_ONLY = /^(?:[\r\n]|\\n)+$/;
const HAS_LINE_BREAK = /[\r\n]|\\n/;

/** A character beyond Latin-1 cannot go in an HTTP header: the client throws before sending. */
const HEADER_NOTE = ' (a character beyond Latin-1 makes the HTTP client throw before the request is even sent)';

const BACKSLASH = 0x5c;

/**
 * Whether the value (between its quotes) is empty or has a visible ASCII
 * character at that edge: then nothing junkAt strips can stand there. Nearly
 * every value of a large tree's .env files is like that, and each is seen
 * once, before the JIT has warmed up: this answers without a slice or a walk.
 * A backslash, or an n or r that may end a \n escape, is left to junkAt.
 */
function plainAtEdge(e: DotenvEntry, edge: 'starts' | 'ends'): boolean {
  const written = e.parts.value;
  const quotes = e.quote === '' ? 0 : 1;
  if (written.length <= 2 * quotes) return true;
  const c = written.charCodeAt(edge === 'starts' ? quotes : written.length - 1 - quotes);
  if (c <= 0x20 || c >= 0x7f || c === BACKSLASH) return false;
  return edge === 'starts' || e.quote !== '"' || (c !== 0x6e /* n */ && c !== 0x72 /* r */);
}

/**
 * Whitespace or an invisible character at one edge of a value, inside its
 * quotes (or, unquoted, one that trimming does not remove): every loader keeps
 * it. The fix removes it only from values that look like keys; elsewhere it may be meant.
 */
export function edgeProblem(e: DotenvEntry, edge: 'starts' | 'ends'): Problem | undefined {
  if (plainAtEdge(e, edge)) return undefined;
  const content = valueContent(e);
  const m = junkAt(content.text, edge, e.quote === '"');
  if (!m) return undefined;
  // A value of whitespace only is reported once, at its end.
  if (edge === 'starts' && m.junk.length === content.text.length) return undefined;
  // A multi-line value (a PEM certificate, JSON) may well end with a line break: only spaces count there.
  const rest = edge === 'ends' ? content.text.slice(0, m.index) : content.text.slice(m.junk.length);
  if (LINE_BREAKS_ONLY.test(m.junk) && HAS_LINE_BREAK.test(rest)) return undefined;
  const start = content.start + m.index;
  const end = start + m.junk.length;
  const words = describeWhitespace(m.junk);
  const safe = looksLikeKey(e.value);
  return {
    start,
    end,
    message:
      `${e.key}'s value ${edge} with ${words}${e.quote ? ' inside the quotes' : ''}: every loader keeps it, so ` +
      `${effect(e, `${edge} with ${words}`)}${/[^\u0000-\u00ff]/.test(m.junk) ? HEADER_NOTE : ''}. Remove it${safe ? FIXED_BY : ''}.`,
    ...withValue(e),
    ...(safe ? { fix: [{ start, end, text: '' }] } : {}),
  };
}
