import { partOffset, type DotenvEntry } from '../parse.js';
import { dotenvRule, withValue, type Problem } from './rule.js';

/** "line 3", "lines 3 and 9", "lines 3, 9, 12 and 40 more". */
function lineList(lines: readonly number[]): string {
  if (lines.length === 1) return `line ${lines[0]}`;
  if (lines.length <= 4) return `lines ${lines.slice(0, -1).join(', ')} and ${lines[lines.length - 1]}`;
  return `lines ${lines.slice(0, 3).join(', ')} and ${lines.length - 3} more`;
}

/**
 * The same name set twice. dotenv, python-dotenv, compose and the shell all
 * keep the last one, so a key pasted at the top of a file is silently
 * overridden by an old one further down. Every occurrence is reported, so that
 * a staged scan sees the one the commit adds.
 */
export const dotenvDuplicateKey = dotenvRule({
  id: 'dotenv-duplicate-key',
  title: 'Variable set more than once in a .env file',
  fixable: false,
  check({ doc }) {
    const problems: Problem[] = [];
    // Nearly every file sets each name once: known from a set of names, before a list is made for each.
    const names = new Set<string>();
    for (const e of doc.entries) names.add(e.key);
    if (names.size === doc.entries.length) return problems;
    const byKey = new Map<string, DotenvEntry[]>();
    for (const e of doc.entries) {
      const list = byKey.get(e.key);
      if (list) list.push(e);
      else byKey.set(e.key, [e]);
    }
    for (const [key, entries] of byKey) {
      if (entries.length < 2) continue;
      const winner = entries[entries.length - 1] as DotenvEntry;
      const earlier = entries.slice(0, -1).map((o) => o.line);
      const lost = earlier.length > 1 ? 'the values above are' : 'the value above is';
      for (const e of entries) {
        const message =
          e === winner
            ? `${key} is also set on ${lineList(earlier)}: loaders keep the last one, this one, so ${lost} never used. ` +
              `Delete the lines you do not mean.`
            : `${key} is set again on line ${winner.line}, and loaders keep the last one: this value is never used, ` +
              `even if it is the key you just pasted. Delete the line you do not mean.`;
        const start = partOffset(e, 'key');
        problems.push({ start, end: start + key.length, message, ...withValue(e) });
      }
    }
    return problems;
  },
  examples: {
    positive: () => [
      { text: 'OPENAI_API_KEY=new\nDEBUG=1\nOPENAI_API_KEY=old\n', line: 1 },
      { text: 'OPENAI_API_KEY=new\nDEBUG=1\nOPENAI_API_KEY=old\n', line: 3 },
      { text: 'A=1\nexport A=2\n', line: 2 },
    ],
    clean: () => [{ text: 'A=1\nB=2\n# A=3\n' }, { text: 'a=1\nA=2\n' }],
  },
});
