import { describe, expect, test } from 'vitest';
import { fake } from '../../src/rules/fake.js';
import { annotation, escapeData, escapeProperty, githubReporter } from '../../src/report/github.js';
import { cli } from '../support/cli.js';
import { dotenvFinding, leakedWindow, render, secretFinding, summaryOf } from '../support/findings.js';
import { tempRepo } from '../support/repo.js';

/** What the runner does with a command line: split off the properties, then undo the escaping. */
function parseCommand(line: string) {
  const match = /^::(\w+) ([^:]*)::(.*)$/.exec(line);
  if (!match) throw new Error(`not a workflow command: ${line.slice(0, 40)}`);
  const unescape = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  const properties = Object.fromEntries(
    match[2]!.split(',').map((pair) => {
      const at = pair.indexOf('=');
      return [pair.slice(0, at), unescape(pair.slice(at + 1))];
    }),
  );
  return { command: match[1], properties, message: unescape(match[3]!) };
}

const key = fake.openaiProject(31);

describe('github annotations', () => {
  test('escaping follows the runner: %, CR and LF in data; also : and , in properties', () => {
    expect(escapeData('100% done\r\nnext: a,b')).toBe('100%25 done%0D%0Anext: a,b');
    expect(escapeProperty('100% done\r\nnext: a,b')).toBe('100%25 done%0D%0Anext%3A a%2Cb');
  });

  test('an error finding becomes one ::error line with file, line, col, endLine, endColumn and title', () => {
    const f = secretFinding('openai-project-key', key, { line: 4, column: 9, endLine: 4, endColumn: 173 });
    const line = annotation(f);
    expect(line).toMatch(/^::error file=src\/app\.ts,line=4,col=9,endLine=4,endColumn=173,title=OpenAI project API key \[openai-project-key\]::/);
    expect(parseCommand(line).message).toContain(f.redacted);
  });

  test('a warning finding becomes a ::warning line', () => {
    expect(annotation(dotenvFinding('dotenv-trailing-whitespace'))).toMatch(/^::warning file=\.env,line=2,/);
  });

  test('a file name with separators, percent signs and a newline cannot break out of its property or start a new command', () => {
    const file = 'a,b:c%d\n::error::injected.ts';
    const f = secretFinding('openai-project-key', key, {
      file,
      commit: { sha: 'b'.repeat(40), author: 'Evil, Inc.\r\n::warning::x', date: '2024-01-01T00:00:00Z' },
    });
    const line = annotation(f);
    expect(line.split('\n')).toHaveLength(1);
    const parsed = parseCommand(line);
    expect(parsed.command).toBe('error');
    // Control characters from input reach no report raw: they are shown as escapes.
    expect(parsed.properties.file).toBe('a,b:c%d\\n::error::injected.ts');
    expect(parsed.properties.line).toBe('3');
    expect(parsed.message).toContain('Evil, Inc.\\r\\n::warning::x');
  });

  test('history commits and probe results are in the message', () => {
    const f = secretFinding('openai-project-key', key, {
      commit: { sha: 'c'.repeat(40), author: 'Dana Dev', date: '2024-02-02T00:00:00Z' },
      probe: { status: 'live_no_quota', httpStatus: 429, code: 'insufficient_quota' },
    });
    const message = parseCommand(annotation(f)).message;
    expect(message).toContain(`commit ${'c'.repeat(12)} by Dana Dev on 2024-02-02T00:00:00Z`);
    expect(message).toContain('Probe: live, no quota (HTTP 429, insufficient_quota)');
  });

  test('a summary line follows unless --quiet, and it is not a workflow command', () => {
    const findings = [secretFinding('openai-project-key', key), dotenvFinding('dotenv-crlf')];
    const lines = render(githubReporter, findings, summaryOf(findings)).trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('scan-keys: 1 error(s), 1 warning(s) in 3 file(s) (files scan)');
    expect(render(githubReporter, findings, summaryOf(findings), true).trimEnd().split('\n')).toHaveLength(2);
  });
});

describe('github format through the CLI', () => {
  test('annotates each finding of a real scan, exits 1, and prints no key', async () => {
    const repo = tempRepo();
    const keys = [fake.openaiServiceAccount(32), fake.anthropicAdmin(33)];
    repo.write('deploy/settings, prod.yml', `a: ${keys[0]}\n\nb: ${keys[1]}\n`);
    const run = await cli(repo.dir, ['--format', 'github']);
    expect(run.exitCode).toBe(1);
    const commands = run.stdout.split('\n').filter((l) => l.startsWith('::'));
    expect(commands.map((l) => parseCommand(l).properties)).toMatchObject([
      { file: 'deploy/settings, prod.yml', line: '1', col: '4' },
      { file: 'deploy/settings, prod.yml', line: '3', col: '4' },
    ]);
    expect(leakedWindow(run.stdout + run.stderr, keys)).toBeUndefined();
  });
});
