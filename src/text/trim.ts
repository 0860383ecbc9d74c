/**
 * Linear stand-ins for edge regexes such as /\s+$/ or /^…*(.*?)…*$/. A regex
 * anchored only at the end is retried at every start position, so a long run
 * of the characters it strips that does not reach the end (`A=x` + 200,000
 * spaces + `y`) costs quadratic time; these walk each edge once.
 * Offsets are UTF-16 code units, as in the regexes they replace (none uses the
 * u flag, and every class they test holds BMP characters only).
 */

/** Tests one character (one UTF-16 code unit). */
export type CharTest = (ch: string) => boolean;

export interface TrimOptions {
  /** Also strip the two-character escapes `\n` and `\r` (as written in a double-quoted .env value). */
  readonly escapes?: boolean;
}

const isEscapeLetter = (ch: string) => ch === 'n' || ch === 'r';

/** Index of the first character of text[0, to) that is not stripped from the start. */
export function trimStartIndex(text: string, strip: CharTest, options: TrimOptions = {}, to = text.length): number {
  let i = 0;
  for (;;) {
    if (i < to && strip(text.charAt(i))) i++;
    else if (options.escapes && i + 1 < to && text.charAt(i) === '\\' && isEscapeLetter(text.charAt(i + 1))) i += 2;
    else return i;
  }
}

/**
 * Index just past the last character of text[from, length) that is not stripped
 * from the end. Reading an escape backwards is unambiguous: a stripped
 * character is never `n` or `r`, so a trailing `\n` can only be the escape.
 */
export function trimEndIndex(text: string, strip: CharTest, options: TrimOptions = {}, from = 0): number {
  let i = text.length;
  for (;;) {
    if (i > from && strip(text.charAt(i - 1))) i--;
    else if (options.escapes && i - 2 >= from && text.charAt(i - 2) === '\\' && isEscapeLetter(text.charAt(i - 1))) i -= 2;
    else return i;
  }
}

/** The text split into its stripped start, its core and its stripped end (the core is as short as it can be). */
export function splitEdges(text: string, strip: CharTest, options: TrimOptions = {}): { head: string; core: string; tail: string } {
  const start = trimStartIndex(text, strip, options);
  const end = trimEndIndex(text, strip, options, start);
  return { head: text.slice(0, start), core: text.slice(start, end), tail: text.slice(end) };
}

/** Whitespace (\s, which includes U+FEFF) and the zero-width characters that hide around pasted values. */
const INVISIBLE = /[\s\u200b-\u200d\u2060]/;
export const isInvisible: CharTest = (ch) => INVISIBLE.test(ch);
