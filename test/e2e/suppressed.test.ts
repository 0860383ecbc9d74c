import { describe, expect, test } from 'vitest';
import { tempRepo } from '../support/repo.js';
import { sarifErrors } from '../support/sarif-schema.js';
import { plant, run } from '../support/secrets.js';

/** What allow comments, the baseline and the config let through: counted in every report, listed with --show-suppressed. */

/**
 * A repository with one key of each kind of suppression and one that blocks:
 * a.ts:1 allowed inline with a reason, b.ts:1 in the baseline, c.ts:1 matched
 * by the config allow-list, d.ts:1 reported.
 */
async function letThroughRepo() {
  const repo = tempRepo();
  const keys = { inline: plant.openaiProject(1101), baseline: plant.anthropic(1102), config: plant.openaiAdmin(1103), open: plant.openaiProject(1104) };
  repo.write('a.ts', `const a = "${keys.inline}"; // scan-keys:allow test fixture for the client\n`);
  repo.write('b.ts', `const b = "${keys.baseline}";\n`);
  repo.write('scan-keys.config.json', JSON.stringify({ allow: ['^sk-admin-'] }));
  repo.write('c.ts', `const c = "${keys.config}";\n`);
  const made = await run(repo.dir, ['baseline', 'b.ts']);
  expect(made.exitCode).toBe(0);
  repo.write('d.ts', `const d = "${keys.open}";\n`);
  return { repo, keys };
}

describe('suppressed findings', () => {
  test('text: the summary counts what each kind let through, and the list says why only with --show-suppressed', async () => {
    const { repo } = await letThroughRepo();
    const plain = await run(repo.dir, ['.']);
    expect(plain.exitCode).toBe(1);
    expect(plain.stdout).toContain('3 findings let through (1 by allow comments, 1 by the baseline, 1 by the config allow-list); --show-suppressed lists them');
    expect(plain.stdout).toContain('1 problem (1 error, 0 warnings)');
    expect(plain.stdout).not.toContain('a.ts:1');

    const shown = await run(repo.dir, ['.', '--show-suppressed']);
    expect(shown.exitCode).toBe(1);
    expect(shown.stdout).toContain('Let through (3), not counted as problems:');
    expect(shown.stdout).toMatch(/a\.ts:1:12 +sk-proj-…\S{4} +\[openai-project-key\]\n +let through by an allow comment: test fixture for the client/);
    expect(shown.stdout).toMatch(/b\.ts:1:12 .*\n +let through by the baseline\n/);
    expect(shown.stdout).toMatch(/c\.ts:1:12 .*\n +let through by the config allow-list: allow\[0\] \/\^sk-admin-\//);
    expect(shown.stdout).toContain('1 problem (1 error, 0 warnings)');
  });

  test('JSON: summary.suppressed always; the suppressed findings with what let them through only with --show-suppressed', async () => {
    const { repo } = await letThroughRepo();
    const plain = await run(repo.dir, ['.', '--format', 'json']);
    expect(plain.json.summary.suppressed).toEqual({ inline: 1, baseline: 1, config: 1 });
    expect(plain.json.findings.map((f: { file: string }) => f.file)).toEqual(['d.ts']);
    expect(plain.json.findings[0].suppressed).toBeUndefined();

    const listed = await run(repo.dir, ['.', '--format', 'json', '--show-suppressed']);
    expect(listed.exitCode).toBe(1);
    expect(listed.json.summary).toMatchObject({ errors: 1, suppressed: { inline: 1, baseline: 1, config: 1 } });
    expect(listed.json.findings.map((f: { file: string; suppressed?: unknown }) => [f.file, f.suppressed])).toEqual([
      ['a.ts', { by: 'inline', reason: 'test fixture for the client' }],
      ['b.ts', { by: 'baseline' }],
      ['c.ts', { by: 'config', reason: 'allow[0] /^sk-admin-/' }],
      ['d.ts', undefined],
    ]);
  });

  test('suppressed findings never fail the scan, even listed', async () => {
    const { repo } = await letThroughRepo();
    repo.write('d.ts', 'const d = process.env.OPENAI_API_KEY;\n');
    const listed = await run(repo.dir, ['.', '--format', 'json', '--show-suppressed']);
    expect(listed.exitCode).toBe(0);
    expect(listed.json.findings).toHaveLength(3);
    expect(listed.json.summary).toMatchObject({ errors: 0, warnings: 0 });
    const text = await run(repo.dir, ['.', '--show-suppressed']);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toContain('✔ no problems');
    expect(text.stdout).toContain('3 findings let through');
  });

  test('SARIF: run properties count them; listed results carry suppressions (inSource, external) and still validate', async () => {
    const { repo } = await letThroughRepo();
    const plain = await run(repo.dir, ['.', '--format', 'sarif']);
    expect(sarifErrors(plain.json)).toEqual([]);
    expect(plain.json.runs[0].properties.suppressed).toEqual({ inline: 1, baseline: 1, config: 1 });
    expect(plain.json.runs[0].results).toHaveLength(1);

    const listed = await run(repo.dir, ['.', '--format', 'sarif', '--show-suppressed']);
    expect(sarifErrors(listed.json)).toEqual([]);
    const results = listed.json.runs[0].results as { locations: { physicalLocation: { artifactLocation: { uri: string } } }[]; suppressions?: unknown[] }[];
    const byFile = Object.fromEntries(results.map((r) => [r.locations[0]?.physicalLocation.artifactLocation.uri, r.suppressions]));
    expect(byFile).toEqual({
      'a.ts': [{ kind: 'inSource', status: 'accepted', justification: 'test fixture for the client', properties: { by: 'inline' } }],
      'b.ts': [{ kind: 'external', status: 'accepted', properties: { by: 'baseline' } }],
      'c.ts': [{ kind: 'external', status: 'accepted', justification: 'allow[0] /^sk-admin-/', properties: { by: 'config' } }],
      'd.ts': undefined,
    });
  });

  test('github: annotations only for what blocks, and a notice with the count', async () => {
    const { repo } = await letThroughRepo();
    const r = await run(repo.dir, ['.', '--format', 'github', '--show-suppressed']);
    expect(r.stdout.match(/^::error /gm)).toHaveLength(1);
    expect(r.stdout).toContain('::error file=d.ts,');
    expect(r.stdout).toContain('::notice title=scan-keys%3A let through::3 findings let through (1 by allow comments, 1 by the baseline, 1 by the config allow-list)');
  });

  test('--no-inline-allow reports what allow comments let through, and only those', async () => {
    const { repo } = await letThroughRepo();
    const r = await run(repo.dir, ['.', '--format', 'json', '--no-inline-allow']);
    expect(r.exitCode).toBe(1);
    expect(r.json.findings.map((f: { file: string }) => f.file)).toEqual(['a.ts', 'd.ts']);
    expect(r.json.summary.suppressed).toEqual({ inline: 0, baseline: 1, config: 1 });
  });

  test('lines a commit does not add are out of scope, not let through', async () => {
    const repo = tempRepo();
    const key = plant.openaiProject(1110);
    repo.write('a.ts', `const a = "${key}"; // scan-keys:allow\n`);
    repo.git('add', '.');
    repo.git('commit', '-q', '--no-verify', '-m', 'allowed key');
    repo.write('a.ts', `const a = "${key}"; // scan-keys:allow\nconst b = 1;\n`);
    repo.git('add', '.');
    const r = await run(repo.dir, ['--staged', '--format', 'json']);
    expect(r.exitCode).toBe(0);
    expect(r.json.summary.suppressed).toEqual({ inline: 0, baseline: 0, config: 0 });
  });

  test('a reason cannot print a key: it is redacted like every other input', async () => {
    const repo = tempRepo();
    const key = plant.openaiProject(1111);
    const other = plant.anthropic(1112);
    repo.write('a.ts', `const a = "${key}"; // scan-keys:allow same as ${other} in staging\n`);
    // run() fails the test if any planted key, or a piece of one, is printed.
    const r = await run(repo.dir, ['.', '--format', 'json', '--show-suppressed']);
    expect(r.json.findings[0].suppressed).toEqual({ by: 'inline', reason: `same as sk-ant-api03-…${other.slice(-4)} in staging` });
  });

  test('history: allowed keys are counted after they are traced to their commits', async () => {
    const repo = tempRepo();
    repo.write('a.ts', `const a = "${plant.openaiProject(1113)}"; // gitleaks:allow\n`);
    repo.git('add', '.');
    repo.git('commit', '-q', '--no-verify', '-m', 'one');
    const r = await run(repo.dir, ['history', '--format', 'json', '--show-suppressed']);
    expect(r.exitCode).toBe(0);
    expect(r.json.summary.suppressed).toEqual({ inline: 1, baseline: 0, config: 0 });
    expect(r.json.findings).toMatchObject([{ file: 'a.ts', line: 1, suppressed: { by: 'inline' }, commit: { sha: expect.stringMatching(/^[0-9a-f]{40}$/) } }]);
  });
});

describe("other scanners' inline markers", () => {
  test.each([
    ['gitleaks:allow', (k: string) => `const k = "${k}"; // gitleaks:allow`],
    ['pragma: allowlist secret', (k: string) => `K = "${k}"  # pragma: allowlist secret`],
    ['pragma: allowlist nextline secret', (k: string) => `# pragma: allowlist nextline secret\nK = "${k}"`],
    ['trufflehog:ignore', (k: string) => `K = "${k}"  # trufflehog:ignore`],
    ['ggignore', (k: string) => `K = "${k}"  # ggignore`],
    ['secretlint-disable-line', (k: string) => `const k = "${k}"; // secretlint-disable-line`],
    ['secretlint-disable-next-line', (k: string) => `// secretlint-disable-next-line\nconst k = "${k}";`],
  ])('%s lets the key through, counted as inline; --no-inline-allow reports it', async (_marker, text) => {
    const repo = tempRepo();
    repo.write('app.py', `${text(plant.openaiProject(1120))}\nK2 = "${plant.anthropic(1121)}"\n`);
    const r = await run(repo.dir, ['.', '--format', 'json']);
    expect(r.json.findings.map((f: { rule: string }) => f.rule)).toEqual(['anthropic-api-key']);
    expect(r.json.summary.suppressed.inline).toBe(1);
    const audit = await run(repo.dir, ['.', '--format', 'json', '--no-inline-allow']);
    expect(audit.json.findings.map((f: { rule: string }) => f.rule).sort()).toEqual(['anthropic-api-key', 'openai-project-key']);
  });
});
