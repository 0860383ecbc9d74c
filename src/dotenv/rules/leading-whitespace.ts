import { fake } from '../../rules/fake.js';
import { edgeProblem } from './edges.js';
import { describeWhitespace, dotenvRule, FIXED_BY, withValue, type Problem } from './rule.js';

/**
 * Whitespace before a value inside its quotes (every loader keeps it), an
 * invisible character in front of an unquoted value, or an indented line
 * (loaders skip the indent; `grep '^KEY='` in a script does not find the key).
 */
export const dotenvLeadingWhitespace = dotenvRule({
  id: 'dotenv-leading-whitespace',
  title: 'Whitespace at the start of a .env line or value',
  fixable: true,
  check({ doc }) {
    const problems: Problem[] = [];
    for (const e of doc.entries) {
      if (e.parts.indent !== '') {
        const words = describeWhitespace(e.parts.indent);
        problems.push({
          start: e.offset,
          end: e.offset + e.parts.indent.length,
          message:
            `the line starts with ${words}: dotenv, python-dotenv and docker compose skip it, but a script that looks ` +
            `for "^${e.key}=" (grep, sed, a CI step) does not find ${e.key}. Remove it${FIXED_BY}.`,
          ...withValue(e),
          fix: [{ start: e.offset, end: e.offset + e.parts.indent.length, text: '' }],
        });
      }
      const inside = edgeProblem(e, 'starts');
      if (inside) problems.push(inside);
    }
    return problems;
  },
  examples: {
    positive: () => {
      const key = fake.openaiProject();
      return [
        { text: `  OPENAI_API_KEY=${key}\n`, line: 1, fixed: `OPENAI_API_KEY=${key}\n` },
        { text: `A=1\n\texport B=2\n`, line: 2, fixed: `A=1\nexport B=2\n` },
        { text: `OPENAI_API_KEY=" ${key}"\n`, line: 1, fixed: `OPENAI_API_KEY="${key}"\n` },
        { text: `OPENAI_API_KEY='\t${key}'\n`, line: 1, fixed: `OPENAI_API_KEY='${key}'\n` },
        { text: `OPENAI_API_KEY=\u200b${key}\n`, line: 1, fixed: `OPENAI_API_KEY=${key}\n` },
        // Not a key: maybe meant, so reported but left alone.
        { text: `PREFIX=" > "\n`, line: 1 },
      ];
    },
    clean: () => [
      { text: `OPENAI_API_KEY=${fake.openaiProject()}\n` },
      { text: '  # an indented comment\nA="x y"\n' },
      { text: 'A=" "\n' },
    ],
  },
});
