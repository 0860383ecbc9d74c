import { fake } from '../../rules/fake.js';
import { partOffset, type DotenvEntry, type DotenvInvalid } from '../parse.js';
import { dotenvRule, withValue, type Problem, type ValueSpan } from './rule.js';

const FORMAT = 'A .env line is KEY=value, a # comment, or blank.';

/** What stands after the name (or after `=`, or the whole line): masked in reports, as a value would be. */
function restOf(line: DotenvInvalid, from: number): ValueSpan | undefined {
  const text = line.raw.slice(from).trim();
  if (text === '') return undefined;
  const start = line.offset + line.raw.indexOf(text, from);
  return { text, start, end: start + text.length };
}

function invalidProblem(line: DotenvInvalid, assigned: ReadonlySet<string>): Problem | undefined {
  const lead = line.raw.length - line.raw.trimStart().length;
  const span = { start: line.offset + lead, end: line.offset + line.raw.trimEnd().length };
  const key = line.key ?? '';
  if (line.reason === 'no-separator') {
    const nameEnd = line.raw.indexOf(key) + key.length;
    const value = restOf(line, nameEnd);
    // `export KEY` after KEY=... is the shell idiom for exporting it: fine.
    if (!value && /^\s*export\s/.test(line.raw) && assigned.has(key)) return undefined;
    const message = value
      ? `"=" is missing between ${key} and its value: dotenv skips the line and python-dotenv reports an error, ` +
        `so ${key} is not set and the code finds no key. Write ${key}=value.`
      : `${key} has no "=": dotenv skips the line, so ${key} is not set from this file (docker compose takes it ` +
        `from the shell instead). Write ${key}=value, or delete the line.`;
    return { ...span, message, ...(value ? { value } : {}) };
  }
  if (line.reason === 'bad-key') {
    const eq = line.raw.indexOf('=');
    const name = line.raw.slice(0, eq).trim();
    const value = restOf(line, eq + 1);
    const what = name === '' ? 'the line has no name before "="' : `"${name}" is not a variable name (letters, digits, _ . and -, no spaces)`;
    return {
      ...span,
      message: `${what}: dotenv skips the line and python-dotenv reports an error, so nothing on it is set. ${FORMAT}`,
      ...(value ? { value } : {}),
    };
  }
  const value = restOf(line, 0);
  return {
    ...span,
    message: `dotenv skips this line and python-dotenv reports an error: nothing on it is set. ${FORMAT}`,
    ...(value ? { value } : {}),
  };
}

/** `KEY: value` is YAML: dotenv (Node) reads it, python-dotenv, compose and the shell do not. */
function colonProblem(e: DotenvEntry): Problem {
  const start = partOffset(e, 'key');
  return {
    start,
    end: start + e.key.length + 1,
    message:
      `"${e.key}: value" is YAML, not .env: dotenv (Node) reads it, but python-dotenv, docker compose and a shell do ` +
      `not, so ${e.key} is set for some tools only. Write ${e.key}=value.`,
    ...withValue(e),
  };
}

/** A line no loader reads as an assignment (or only one does): the variable on it is silently not set. */
export const dotenvInvalidLine = dotenvRule({
  id: 'dotenv-invalid-line',
  title: 'A .env line that loaders skip',
  fixable: false,
  check({ doc }) {
    const problems: Problem[] = [];
    let assigned: ReadonlySet<string> | undefined;
    for (const l of doc.lines) {
      if (l.kind === 'entry' && l.parts.separator === ':') problems.push(colonProblem(l));
      if (l.kind !== 'invalid') continue;
      const p = invalidProblem(l, (assigned ??= new Set(doc.entries.map((e) => e.key))));
      if (p) problems.push(p);
    }
    return problems;
  },
  examples: {
    positive: () => [
      { text: `OPENAI_API_KEY ${fake.openaiProject()}\n`, line: 1 },
      { text: 'A=1\nOPENAI_API_KEY\n', line: 2 },
      { text: 'OPENAI API KEY=abc\n', line: 1 },
      { text: 'OPENAI_API_KEY: abc\n', line: 1 },
      { text: '=abc\n', line: 1 },
      { text: 'A=1\n$env:OPENAI_API_KEY="abc"\n', line: 2 },
      { text: 'export OPENAI_API_KEY\n', line: 1 },
    ],
    clean: () => [
      { text: 'A=1\n# OPENAI_API_KEY missing here\n\nexport B=2\n' },
      { text: 'B=2\nexport B\n' },
      { text: 'URL=http://x:8080/a=b\n' },
    ],
  },
});
