/** Pieces shared by the provider rules' patterns. */

/** The characters of a URL-safe key body. */
export const BODY = '[A-Za-z0-9_-]';
/**
 * A key starts where no key character stands before it, or right after an
 * escaped newline or tab inside a string literal ("...\nsk-...").
 */
export const START = String.raw`(?:(?<![A-Za-z0-9_-])|(?<=\\[nrt]))`;
/** A key ends where no key character follows. */
export const END = '(?![A-Za-z0-9_-])';

export const rx = (source: string) => new RegExp(source, 'g');

/**
 * For bodies without a prefix (a context rule's 32 alphanumerics): no base64
 * character may stand next to them either, so that a run inside a longer
 * base64 string (`sha512-…+…/…`) or a path is no candidate.
 */
export const BARE_START = String.raw`(?:(?<![A-Za-z0-9_+/-])|(?<=\\[nrt]))`;
export const BARE_END = '(?![A-Za-z0-9_+/=-])';

/** Case-insensitive prefixes that a word must not run into. */
export const WORD_START = String.raw`(?:(?<![A-Za-z0-9_])|(?<=\\[nrt]))`;
