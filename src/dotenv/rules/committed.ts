import path from 'node:path';
import { isPrivateEnvPath } from '../paths.js';
import { dotenvRule, lineStartOffset, withValue, type DotenvContext } from './rule.js';
import type { DotenvLine } from '../parse.js';

/** The .gitignore line that keeps this kind of file out (`.env*.local` covers .env.local and .env.development.local). */
const ignoreLineFor = (file: string) => (path.posix.basename(file) === '.env' ? '.env' : '.env*.local');

/** The value on a line, to mask in the report's snippet. */
function valueOn(lines: readonly DotenvLine[], line: number) {
  const item = lines.find((l) => l.line <= line && line <= l.endLine);
  return item?.kind === 'entry' ? withValue(item) : {};
}

/**
 * A staged .env, .env.local or .env.*.local: once committed, every value in it
 * stays in the history. A new file is reported on line 1; a file git already
 * tracks is reported on the first line this commit adds (a commit that only
 * deletes lines from it is not reported: it leaks nothing new).
 */
export const dotenvCommitted = dotenvRule({
  id: 'dotenv-committed',
  title: 'A private .env file staged for commit',
  fixable: false,
  check(ctx: DotenvContext) {
    if (!ctx.staged || !isPrivateEnvPath(ctx.path)) return [];
    const line = ctx.addedLines ? ctx.addedLines[0]?.[0] : 1;
    if (line === undefined) return [];
    const start = lineStartOffset(ctx.text, line);
    const rest = ctx.text.slice(start).search(/\r|\n|$/);
    const tracked = ctx.addedLines !== undefined;
    return [
      {
        start,
        end: start + rest,
        message:
          `${ctx.path} is ${tracked ? 'tracked by git, and this commit adds to it' : 'staged'}: once committed, every ` +
          `value in it stays in the repository's history, and anyone with a clone can read it. Unstage it ` +
          `(git rm --cached ${ctx.path}), add "${ignoreLineFor(ctx.path)}" to .gitignore, and commit a .env.example ` +
          `without values instead${tracked ? '; rotate every key it ever held' : ''}.`,
        ...valueOn(ctx.doc.lines, line),
      },
    ];
  },
  examples: {
    positive: () => [
      { text: 'OPENAI_API_KEY=abc\n', path: '.env', staged: true, line: 1 },
      { text: 'A=1\n', path: 'web/.env.local', staged: true, line: 1 },
      { text: 'A=1\nB=2\nC=3\n', path: '.env.development.local', staged: true, addedLines: [[3, 3]], line: 3 },
      { text: '', path: '.env', staged: true, line: 1 },
    ],
    clean: () => [
      { text: 'OPENAI_API_KEY=abc\n', path: '.env', staged: false },
      { text: 'OPENAI_API_KEY=\n', path: '.env.example', staged: true },
      { text: 'A=1\n', path: '.env.production', staged: true },
      { text: 'A=1\n', path: '.env.sample.local', staged: true },
      { text: 'A=1\n', path: '.env', staged: true, addedLines: [] },
    ],
  },
});
