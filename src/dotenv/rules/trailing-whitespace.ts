import { fake } from '../../rules/fake.js';
import { partOffset } from '../parse.js';
import { edgeProblem } from './edges.js';
import { describeWhitespace, dotenvRule, effect, FIXED_BY, withValue, type Problem } from './rule.js';

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
      const inside = edgeProblem(e, 'ends');
      if (inside) problems.push(inside);
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
      { text: 'PRIVATE_KEY="-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n"\nCERT="a\\nb\\n"\n' },
    ],
  },
});
