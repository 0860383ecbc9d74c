import { fake } from '../../rules/fake.js';
import { isCredentialName } from '../keylike.js';
import { dotenvRule, effect, FIXED_BY, valueContent, withValue, type Problem, type TextEdit } from './rule.js';

/** Typographic quotes: what word processors, chats and web pages put where a straight quote was typed. */
const SMART = '\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a';
const HAS_SMART = new RegExp(`[${SMART}]`);
const isSmart = (c: string | undefined) => c !== undefined && SMART.includes(c);

/**
 * The safe rewrite of a value wrapped in one pair of smart quotes: inside
 * straight quotes, just the inner text; unquoted, the inner text bare when it
 * is one plain token, else in straight double quotes when nothing in it needs escaping.
 */
function repair(content: string, quoted: boolean): string | undefined {
  const inner = content.slice(1, -1);
  if (content.length < 2 || !isSmart(content[0]) || !isSmart(content[content.length - 1]) || HAS_SMART.test(inner)) return undefined;
  if (quoted || /^[^\s"'`#\\]+$/.test(inner)) return inner;
  return /["\\]/.test(inner) ? undefined : `"${inner}"`;
}

/**
 * “Smart” quotes are not quotes to any loader: they become part of the value.
 * Reported when they stand at either end of a value (an apostrophe inside text
 * is fine), or anywhere in a credential.
 */
export const dotenvSmartQuotes = dotenvRule({
  id: 'dotenv-smart-quotes',
  title: 'Typographic (smart) quotes in a .env value',
  fixable: true,
  check({ doc, text: file }) {
    const problems: Problem[] = [];
    // Almost no file holds one: one native search of the text instead of one per value.
    if (!HAS_SMART.test(file)) return problems;
    for (const e of doc.entries) {
      const content = valueContent(e);
      const text = content.text;
      // The first and last smart quote, found without a match object per quote (a value of a million of them).
      const firstAt = text.search(HAS_SMART);
      if (firstAt === -1) continue;
      let lastAt = text.length - 1;
      while (!isSmart(text[lastAt])) lastAt--;
      const [first, last] = [text.charAt(firstAt), text.charAt(lastAt)];
      const atEdge = isSmart(text.trim()[0]) || isSmart(text.trim().slice(-1));
      if (!atEdge && !isCredentialName(e.key)) continue;
      const start = content.start + firstAt;
      const end = content.start + lastAt + 1;
      const fixed = repair(text, e.quote !== '');
      const fix: TextEdit[] | undefined = fixed === undefined ? undefined : [{ start: content.start, end: content.start + text.length, text: fixed }];
      problems.push({
        start,
        end,
        message:
          `${e.key}'s value contains typographic quotes (${first}${lastAt === firstAt ? '' : ` … ${last}`}), as pasted from a ` +
          `word processor, a chat or a web page: no loader treats them as quotes, so they stay in the value, and ` +
          `${effect(e, `contains ${first}`)} (or the HTTP client throws: it cannot send them in a header). ` +
          `Use straight quotes or none${fix ? FIXED_BY : ''}.`,
        ...withValue(e),
        ...(fix ? { fix } : {}),
      });
    }
    return problems;
  },
  examples: {
    positive: () => {
      const key = fake.openaiProject();
      return [
        { text: `OPENAI_API_KEY=\u201c${key}\u201d\n`, line: 1, fixed: `OPENAI_API_KEY=${key}\n` },
        { text: `A=1\nOPENAI_API_KEY="\u2018${key}\u2019"\n`, line: 2, fixed: `A=1\nOPENAI_API_KEY="${key}"\n` },
        { text: `TITLE=\u201cHello world\u201d\n`, line: 1, fixed: `TITLE="Hello world"\n` },
        { text: `API_TOKEN=abc\u2019def\n`, line: 1 },
      ];
    },
    clean: () => [
      { text: `OPENAI_API_KEY="${fake.openaiProject()}"\n` },
      { text: 'MESSAGE=Don\u2019t panic\n# \u201ccomments\u201d are fine\n' },
    ],
  },
});
