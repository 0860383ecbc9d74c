import { fake } from '../../rules/fake.js';
import { looksLikeKey } from '../keylike.js';
import { partOffset } from '../parse.js';
import { describeWhitespace, dotenvRule, effect, FIXED_BY, trailingJunk, valueContent, withValue, type Problem } from './rule.js';

/** Characters an HTTP header cannot carry: the client throws before the request is sent. */
const beyondLatin1 = (s: string) => /[^\u0000-\u00ff]/.test(s);
export const HEADER_NOTE = ' (a character beyond Latin-1 makes the HTTP client throw before the request is even sent)';

/**
 * Whitespace at the end of a value. Inside quotes (or an invisible character
 * such as a zero-width space anywhere) every loader keeps it: the classic 401.
 * After a value, dotenv, python-dotenv and compose trim it, but `docker run
 * --env-file` and scripts that read the line do not.
 */
export const dotenvTrailingWhitespace = dotenvRule({
  id: 'dotenv-trailing-whitespace',
  title: 'Whitespace at the end of a .env value',
  fixable: true,
  check({ doc }) {
    const problems: Problem[] = [];
    for (const e of doc.entries) {
      const content = valueContent(e);
      const junk = trailingJunk(e.quote).exec(content.text);
      if (junk) {
        const start = content.start + junk.index;
        const end = start + junk[0].length;
        const words = describeWhitespace(junk[0]);
        const safe = looksLikeKey(e.value);
        problems.push({
          start,
          end,
          message:
            `${e.key}'s value ends with ${words}${e.quote ? ' inside the quotes' : ''}: every loader keeps it, so ` +
            `${effect(e, `ends with ${words}`)}${beyondLatin1(junk[0]) ? HEADER_NOTE : ''}. Remove it${safe ? FIXED_BY : ''}.`,
          ...withValue(e),
          ...(safe ? { fix: [{ start, end, text: '' }] } : {}),
        });
      }
      if (e.parts.trailing !== '' && e.parts.comment === '') {
        const start = partOffset(e, 'trailing');
        const end = start + e.parts.trailing.length;
        const words = describeWhitespace(e.parts.trailing);
        const consequence = e.quote
          ? `\`docker run --env-file\` keeps it, quotes and all`
          : `\`docker run --env-file\` and scripts that read the line keep it, and then ${effect(e, `ends with ${words}`)}`;
        problems.push({
          start,
          end,
          message:
            `${words} after ${e.key}'s value${e.quote ? ' (after the closing quote)' : ''}: dotenv, python-dotenv and ` +
            `docker compose trim trailing whitespace, but ${consequence}. Remove it${FIXED_BY}.`,
          ...withValue(e),
          fix: [{ start, end, text: '' }],
        });
      }
    }
    return problems;
  },
  examples: {
    positive: () => {
      const key = fake.openaiProject();
      return [
        { text: `OPENAI_API_KEY=${key}  \n`, line: 1, fixed: `OPENAI_API_KEY=${key}\n` },
        { text: `A=1\nOPENAI_API_KEY="${key} "\n`, line: 2, fixed: `A=1\nOPENAI_API_KEY="${key}"\n` },
        { text: `OPENAI_API_KEY="${key}\\n"\n`, line: 1, fixed: `OPENAI_API_KEY="${key}"\n` },
        { text: `ANTHROPIC_API_KEY="${fake.anthropic()}\n"\nB=1\n`, line: 1, fixed: `ANTHROPIC_API_KEY="${fake.anthropic()}"\nB=1\n` },
        { text: `OPENAI_API_KEY=${key}\u200b\n`, line: 1, fixed: `OPENAI_API_KEY=${key}\n` },
        // Not a key: maybe meant, so reported but left alone.
        { text: `GREETING='hello '\n`, line: 1 },
        { text: `QUOTED="v"  \n`, line: 1, fixed: `QUOTED="v"\n` },
      ];
    },
    clean: () => [
      { text: `OPENAI_API_KEY=${fake.openaiProject()}\n` },
      { text: 'A=1 # a comment needs the space before it\n' },
      { text: 'GREETING="hello world"\nEMPTY=\n' },
    ],
  },
});
