import { distance } from 'fastest-levenshtein';
import { dotenvRules } from '../dotenv/rules/index.js';
import type { DotenvRule } from '../dotenv/rules/index.js';
import { UsageError } from '../errors.js';
import { secretSteps } from '../report/advice.js';
import { builtinRules } from '../rules/index.js';
import type { Rule } from '../rules/rule.js';
import type { Command } from './command.js';

/**
 * `scan-keys explain RULE`: the long text behind a one-line finding. The
 * one-line report names the rule; this says what the rule finds, why it
 * matters, how to fix it and where to rotate, for a rule met once and
 * looked up later.
 */

interface Explanation {
  readonly finds: string;
  readonly why: string;
  readonly fix: readonly string[];
  readonly rotateAt?: string;
}

const SECRET_WHY =
  'Anyone who can read the file (a clone, a fork, a CI log, a published package) can use the key: on your bill, with ' +
  "your data and your rate limits. A committed key stays in the git history after the line is deleted, and providers' " +
  "and attackers' scanners find keys in public repositories within minutes.";

const FIX_ENV = 'scan-keys fix-env repairs it (scan-keys fix-env --dry-run shows the change first).';

/** What each .env rule looks for and what it costs, in a sentence each; the messages give the line's own details. */
const DOTENV_TEXTS: Readonly<Record<string, Omit<Explanation, 'fix'> & { fix: string }>> = {
  'dotenv-trailing-whitespace': {
    finds: 'spaces, tabs or invisible characters after a value.',
    why: 'dotenv trims them, but `docker run --env-file` and scripts that read the line keep them: a key sent with a trailing space gets 401.',
    fix: 'Delete the whitespace after the value.',
  },
  'dotenv-leading-whitespace': {
    finds: 'whitespace before a variable name or at the start of a value.',
    why: 'loaders disagree on it, so the name or the value your code reads differs between dotenv, a shell and docker.',
    fix: 'Start the line with the name and the value right after the =.',
  },
  'dotenv-space-around-equals': {
    finds: 'spaces around the = of a line (NAME = value).',
    why: 'a shell that sources the file runs NAME as a command, and `docker run --env-file` rejects the line or keeps the spaces.',
    fix: 'Write NAME=value.',
  },
  'dotenv-crlf': {
    finds: 'Windows (CRLF) line endings.',
    why: 'a shell that sources the file keeps the carriage return at the end of every value: a key sent that way gets 401.',
    fix: 'Convert the file to LF line endings.',
  },
  'dotenv-unbalanced-quotes': {
    finds: 'a value whose opening quote is never closed, or closed on another line.',
    why: 'loaders read on to the next quote, so the value swallows the lines after it (or is cut), and those variables go missing.',
    fix: 'Close the quote on the same line.',
  },
  'dotenv-nested-quotes': {
    finds: 'quotes inside a quoted value (KEY="\'value\'").',
    why: 'the inner quotes become part of the value, and a key sent with quotes around it gets 401.',
    fix: 'Keep one pair of quotes.',
  },
  'dotenv-smart-quotes': {
    finds: 'typographic quotes (\u201c \u201d \u2018 \u2019) that a word processor or a chat app put in.',
    why: 'no loader treats them as quotes: they become part of the value.',
    fix: 'Use straight quotes (" or \') or none.',
  },
  'dotenv-duplicate-key': {
    finds: 'a variable set on more than one line.',
    why: 'loaders keep the last one, so editing the first changes nothing.',
    fix: 'Delete the lines you do not mean.',
  },
  'dotenv-invalid-line': {
    finds: 'a line no loader reads as NAME=value.',
    why: 'dotenv skips it silently and python-dotenv reports an error: nothing on it is set.',
    fix: 'Write the line as NAME=value, or make it a comment with #.',
  },
  'dotenv-bom': {
    finds: 'a byte order mark at the start of the file (some Windows editors add one).',
    why: 'python-dotenv and a shell read the first name with an invisible character in front, so that variable is not set.',
    fix: 'Save the file as UTF-8 without BOM.',
  },
  'dotenv-key-name': {
    finds: 'an API key under a name the SDKs do not read (OPENAI_KEY), or one provider\u2019s key under another\u2019s name.',
    why: 'the SDK reads its own variable, finds nothing or the wrong key, and the API answers 401.',
    fix: 'Rename the variable to the one the SDK reads (the message names it).',
  },
  'dotenv-masked-key': {
    finds: 'a masked (sk-proj-...Abcd), placeholder or truncated key.',
    why: 'dashboards and error messages show keys shortened like this: it is not the key, and the API answers 401.',
    fix: 'A key is shown whole only once, when it is created: create a new one at the provider and paste it whole.',
  },
  'dotenv-committed': {
    finds: 'a private .env file (.env, .env.local, .env.*.local) staged for commit.',
    why: "once committed, every value in it stays in the repository's history, and anyone with a clone can read it.",
    fix: 'git rm --cached the file, add it to .gitignore, and commit a .env.example without values instead.',
  },
};

function secretExplanation(rule: Rule): Explanation {
  const starts = rule.prefixes.length > 0 ? `, text starting ${rule.prefixes.join(', ')}` : '';
  const near = rule.context ? `, only where ${rule.context.words.join(', ')} stands within ${rule.context.within} characters before it` : '';
  return {
    finds: `${rule.title}${starts}${near}.`,
    why: SECRET_WHY,
    fix: secretSteps({ provider: rule.provider, file: '', ...(rule.rotateAt ? { rotateAt: rule.rotateAt } : {}), inHistory: false }),
    ...(rule.rotateAt ? { rotateAt: rule.rotateAt } : {}),
  };
}

function dotenvExplanation(rule: DotenvRule): Explanation {
  const text = DOTENV_TEXTS[rule.id];
  const fixes = rule.fixable ? [FIX_ENV] : [];
  if (!text) return { finds: `${rule.title}.`, why: 'see the message of each finding.', fix: ['Fix the line as the message says.', ...fixes] };
  return { finds: text.finds, why: text.why, fix: [text.fix, ...fixes] };
}

/** Wraps a paragraph at `width`, indenting the lines after the first. */
function wrap(text: string, width: number, indent: string): string {
  const lead = /^ */.exec(text)?.[0] ?? '';
  const lines: string[] = [];
  let line = lead;
  for (const word of text.slice(lead.length).split(' ')) {
    if (line.trim() !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent + word;
    } else {
      line = line.trim() === '' ? `${line}${word}` : `${line} ${word}`;
    }
  }
  lines.push(line);
  return lines.join('\n');
}

function explanationText(id: string, title: string, severity: string, e: Explanation, width: number): string {
  const lines = [
    `${id}: ${title} (${severity})`,
    '',
    wrap(`What it finds: ${e.finds}`, width, '  '),
    wrap(`Why it matters: ${e.why}`, width, '  '),
    'How to fix:',
    ...e.fix.map((step, i) => wrap(`  ${i + 1}. ${step}`, width, '     ')),
    `Where to rotate: ${e.rotateAt ?? (severity === 'error' && !id.startsWith('dotenv-') ? "the provider's key page" : 'nothing to rotate: no key is leaked by this problem itself')}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** A misspelt id (openai-projet-key), or a part of one (crlf): the closest ids, at most three. */
export function closestIds(word: string, ids: readonly string[]): string[] {
  const lower = word.toLowerCase();
  const containing = ids.filter((id) => id.includes(lower));
  if (lower.length >= 3 && containing.length > 0 && containing.length <= 3) return containing;
  const scored = ids.map((id) => ({ id, d: distance(lower, id) })).filter((s) => s.d <= Math.max(2, Math.floor(s.id.length / 4)));
  return scored
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map((s) => s.id);
}

export function explain(id: string, width = 80): string {
  const secret = builtinRules.find((r) => r.id === id);
  if (secret) return explanationText(secret.id, secret.title, secret.severity, secretExplanation(secret), width);
  const lint = dotenvRules.find((r) => r.id === id);
  if (lint) return explanationText(lint.id, lint.title, lint.severity, dotenvExplanation(lint), width);
  const ids = [...builtinRules, ...dotenvRules].map((r) => r.id);
  const near = closestIds(id, ids);
  const hint = near.length > 0 ? `; did you mean ${near.join(', ')}?` : " (the rule ids are in the README's rule table and in every report)";
  throw new UsageError(`explain: no rule '${id}'${hint}`);
}

export const explainCommand: Command = {
  name: 'explain',
  summary: "print a rule's full explanation",
  usage: `scan-keys explain RULE...       what a rule finds, why it matters, how to fix it, where to rotate`,
  options: {},
  run({ positionals }) {
    if (positionals.length === 0) throw new UsageError('explain needs a rule id, as the report shows it (scan-keys explain openai-project-key)');
    const width = Math.min(process.stdout.isTTY ? process.stdout.columns || 80 : 80, 100);
    process.stdout.write(positionals.map((id) => explain(id, width)).join('\n'));
    return Promise.resolve(0);
  },
};
