import { dotenvRule, FIXED_BY, withValue } from './rule.js';

/**
 * A UTF-8 byte order mark at the start of the file. dotenv (Node) skips it, but
 * python-dotenv reads the first name as "\uFEFFKEY", and a shell that sources
 * the file looks for a command of that name: the first variable is not set.
 */
export const dotenvBom = dotenvRule({
  id: 'dotenv-bom',
  title: 'Byte order mark at the start of a .env file',
  fixable: true,
  check({ doc }) {
    if (!doc.bom) return [];
    const first = doc.lines[0];
    const entry = first?.kind === 'entry' ? first : undefined;
    const name = entry ? entry.key : 'the first variable';
    return [
      {
        start: 0,
        end: 1,
        message:
          `the file starts with a byte order mark (BOM, added by some Windows editors): python-dotenv and a shell ` +
          `that sources the file read the first name with an invisible character in front, so ${name} is not set ` +
          `there (dotenv for Node skips it). Save the file as UTF-8 without BOM${FIXED_BY}.`,
        ...(entry ? withValue(entry) : {}),
        fix: [{ start: 0, end: 1, text: '' }],
      },
    ];
  },
  examples: {
    positive: () => [
      { text: '\uFEFFOPENAI_API_KEY=abc\nDEBUG=1\n', line: 1, fixed: 'OPENAI_API_KEY=abc\nDEBUG=1\n' },
      { text: '\uFEFF# settings\r\nA=1\r\n', line: 1, fixed: '# settings\nA=1\n' },
    ],
    clean: () => [{ text: 'OPENAI_API_KEY=abc\n' }, { text: '# a BOM in a comment is harmless: \uFEFF\nA=1\n' }, { text: '' }],
  },
});
