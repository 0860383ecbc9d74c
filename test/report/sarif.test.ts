import { describe, expect, test } from 'vitest';
import type { Log } from 'sarif';
import { fake } from '../../src/rules/fake.js';
import { pathToUri, sarifReporter } from '../../src/report/sarif.js';
import { dotenvFinding, leakedWindow, render, secretFinding, summaryOf } from '../support/findings.js';
import { sarifErrors } from '../support/sarif-schema.js';
import { cli } from '../support/cli.js';
import { tempRepo } from '../support/repo.js';

const project = fake.openaiProject();
const anthropic = fake.anthropic();

const historyFinding = secretFinding('openai-project-key', project, {
  file: 'config/old settings#1.ts',
  commit: { sha: 'a'.repeat(40), author: 'Dana Dev <dana@example.invalid>', date: '2024-03-01T10:00:00Z' },
  probe: { status: 'live', httpStatus: 200 },
});
const findings = [
  historyFinding,
  secretFinding('openai-project-key', project, { file: 'src/app.ts', line: 9, endLine: 9, probe: { status: 'live', httpStatus: 200 } }),
  secretFinding('anthropic-api-key', anthropic, { probe: { status: 'invalid', httpStatus: 401, code: 'authentication_error' } }),
  dotenvFinding('dotenv-trailing-whitespace'),
];
const skipped = [{ path: 'assets/logo.png', skipped: 'binary' as const }];

const sarif = (list = findings, summary = summaryOf(list, { skipped })) => JSON.parse(render(sarifReporter, list, summary)) as Log;

describe('sarif report', () => {
  test('validates against the official SARIF 2.1.0 schema, with commits, probes, .env findings and skipped files', () => {
    expect(sarifErrors(sarif())).toEqual([]);
  });

  test('an empty scan is a valid log with one run and no results', () => {
    const log = sarif([], summaryOf([]));
    expect(sarifErrors(log)).toEqual([]);
    expect(log.runs[0]?.results).toEqual([]);
  });

  test('the schema check is real: a result without a message fails it', () => {
    const log = sarif();
    delete (log.runs[0]?.results?.[0] as { message?: unknown }).message;
    expect(sarifErrors(log).join('\n')).toContain('message');
  });

  test('one rule per rule id, with a name, a short description, help that says what to do, and a default level', () => {
    const driver = sarif().runs[0]!.tool.driver;
    const ids = driver.rules!.map((r) => r.id);
    expect(ids).toEqual(['openai-project-key', 'anthropic-api-key', 'dotenv-trailing-whitespace']);
    const openai = driver.rules![0]!;
    expect(openai.name).toBe('OpenaiProjectKey');
    expect(openai.shortDescription?.text).toBe('OpenAI project API key');
    expect(openai.help?.text).toContain('Rotate the key at https://platform.openai.com/api-keys');
    expect(openai.help?.text).toContain('OPENAI_API_KEY');
    expect(openai.defaultConfiguration?.level).toBe('error');
    expect(openai.properties?.['security-severity']).toBe('9.0');
    expect(driver.rules![2]!.defaultConfiguration?.level).toBe('warning');
    // The rule's own title, carried by the finding.
    expect(driver.rules![2]!.shortDescription?.text).toBe(dotenvFinding('dotenv-trailing-whitespace').title);
  });

  test('each result points at its rule, its file and region, and carries our fingerprint', () => {
    const log = sarif();
    const rules = log.runs[0]!.tool.driver.rules!;
    const results = log.runs[0]!.results!;
    expect(results).toHaveLength(findings.length);
    results.forEach((r, i) => {
      const f = findings[i]!;
      expect(rules[r.ruleIndex!]!.id).toBe(r.ruleId);
      expect(r.ruleId).toBe(f.rule);
      expect(r.level).toBe(f.severity);
      expect(r.partialFingerprints?.['scanKeysFingerprint/v1']).toBe(f.fingerprint);
      const location = r.locations![0]!.physicalLocation!;
      expect(decodeURIComponent(location.artifactLocation!.uri!)).toBe(f.file);
      expect(location.artifactLocation!.uriBaseId).toBe('%SRCROOT%');
      expect(location.region).toEqual({ startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn });
    });
  });

  test('the same key in two files gives two identities; a key that moves to another line keeps its identity', () => {
    const [a, b] = sarif().runs[0]!.results!;
    expect(a!.partialFingerprints!['scanKeysFingerprint/v1']).toBe(b!.partialFingerprints!['scanKeysFingerprint/v1']);
    expect(a!.partialFingerprints!['scanKeysFile/v1']).not.toBe(b!.partialFingerprints!['scanKeysFile/v1']);
    const moved = { ...historyFinding, line: 40, endLine: 40 };
    expect(sarif([moved]).runs[0]!.results![0]!.partialFingerprints).toEqual(a!.partialFingerprints);
  });

  test('history and probe details go into the message and the properties', () => {
    const [first, , third] = sarif().runs[0]!.results!;
    expect(first!.message.text).toContain(historyFinding.redacted);
    expect(first!.message.text).toContain(`commit ${'a'.repeat(12)} by Dana Dev`);
    expect(first!.message.text).toContain('Probe: live (HTTP 200)');
    expect(first!.properties).toMatchObject({
      redacted: historyFinding.redacted,
      commit: historyFinding.commit,
      probe: { status: 'live', httpStatus: 200 },
    });
    expect(third!.properties).toMatchObject({ probe: { status: 'invalid', code: 'authentication_error' } });
  });

  test('skipped files are notes on the invocation', () => {
    const invocation = sarif().runs[0]!.invocations![0]!;
    expect(invocation.executionSuccessful).toBe(true);
    expect(invocation.toolExecutionNotifications).toMatchObject([{ level: 'note', message: { text: 'Not scanned (binary): assets/logo.png' } }]);
  });

  test('paths become relative URI references that decode back to the path', () => {
    for (const file of ['src/app.ts', 'a b/c#d?.ts', '100%/x.ts', 'ü/日本.txt']) {
      const uri = pathToUri(file);
      expect(uri).not.toMatch(/[ #?]/);
      expect(decodeURIComponent(uri)).toBe(file);
    }
  });

  test('holds no key, only redacted forms', () => {
    expect(leakedWindow(render(sarifReporter, findings), [project, anthropic])).toBeUndefined();
  });
});

describe('sarif through the CLI', () => {
  test('a real scan writes a valid log with one result per finding and no key', async () => {
    const repo = tempRepo();
    const keys = [fake.openaiProject(21), fake.openaiAdmin(22), fake.anthropic(23)];
    repo.write('src/app.ts', `export const a = "${keys[0]}";\nexport const b = "${keys[1]}";\n`);
    repo.write('space dir/it, has: commas.py', `KEY = "${keys[2]}"\n`);
    const run = await cli(repo.dir, ['--format', 'sarif']);
    expect(run.exitCode).toBe(1);
    const log = JSON.parse(run.stdout) as Log;
    expect(sarifErrors(log)).toEqual([]);
    const json = await cli(repo.dir, ['--format', 'json']);
    expect(log.runs[0]!.results).toHaveLength(json.json.findings.length);
    expect(log.runs[0]!.results!.map((r) => decodeURIComponent(r.locations![0]!.physicalLocation!.artifactLocation!.uri!)).sort()).toEqual(
      ['space dir/it, has: commas.py', 'src/app.ts', 'src/app.ts'],
    );
    expect(leakedWindow(run.stdout, keys)).toBeUndefined();
  });
});
