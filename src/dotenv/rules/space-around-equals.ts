import { partOffset } from '../parse.js';
import { dotenvRule, FIXED_BY, withValue, type Problem } from './rule.js';

/**
 * `KEY = value`: dotenv, python-dotenv and compose accept it, but a shell that
 * sources the file runs KEY as a command (or sets KEY empty and runs the value),
 * and `docker run --env-file` rejects the name or keeps the space in the value.
 */
export const dotenvSpaceAroundEquals = dotenvRule({
  id: 'dotenv-space-around-equals',
  title: 'Spaces around = in a .env line',
  fixable: true,
  check({ doc }) {
    const problems: Problem[] = [];
    for (const e of doc.entries) {
      const p = e.parts;
      if (p.separator !== '=') continue;
      // `KEY= # comment` has no value to separate: leave it.
      const after = p.afterSeparator !== '' && (p.value !== '' || p.comment === '');
      if (p.beforeSeparator === '' && !after) continue;
      const start = partOffset(e, 'beforeSeparator');
      const end = partOffset(e, 'value');
      problems.push({
        start,
        end,
        message:
          `spaces around "=": dotenv, python-dotenv and docker compose accept them, but a shell that sources the file ` +
          `runs "${e.key}" as a command (or sets it empty) and \`docker run --env-file\` rejects the line or keeps the ` +
          `space in the value, so ${e.key} is not set right there. Write ${e.key}=value${FIXED_BY}.`,
        ...withValue(e),
        fix: [{ start, end, text: '=' }],
      });
    }
    return problems;
  },
  examples: {
    positive: () => [
      { text: 'OPENAI_API_KEY = abc\n', line: 1, fixed: 'OPENAI_API_KEY=abc\n' },
      { text: 'A=1\nB= "two words"\n', line: 2, fixed: 'A=1\nB="two words"\n' },
      { text: 'export C =3 # note\n', line: 1, fixed: 'export C=3 # note\n' },
      { text: 'D=   \n', line: 1, fixed: 'D=\n' },
    ],
    clean: () => [{ text: 'A=1\nB="x = y"\n' }, { text: 'C= # only a comment\n' }, { text: 'E=\n' }],
  },
});
