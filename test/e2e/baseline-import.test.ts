import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { tempRepo } from '../support/repo.js';
import { expectOneLineError, plant, run } from '../support/secrets.js';

/** `scan-keys baseline --import`: what gitleaks and detect-secrets accepted becomes scan-keys baseline entries. */

const BASELINE = '.scan-keys-baseline.json';

/**
 * A repository adopting scan-keys: src/app.ts:2 and config/prod.py:1 hold keys
 * the other tool accepted; src/other.ts:1 holds one it did not.
 */
function migratingRepo() {
  const repo = tempRepo();
  const keys = { app: plant.openaiProject(1201), prod: plant.anthropic(1202), other: plant.openaiProject(1203) };
  repo.write('src/app.ts', `// client\nconst key = "${keys.app}";\n`);
  repo.write('config/prod.py', `KEY = "${keys.prod}"\n`);
  repo.write('src/other.ts', `const k = "${keys.other}";\n`);
  repo.git('add', '.');
  repo.git('commit', '-q', '--no-verify', '-m', 'keys');
  const head = repo.git('rev-parse', 'HEAD').trim();
  return { repo, keys, head };
}

/** Imports FILE, then checks what the baseline holds and what a scan still reports. */
async function importAndScan(dir: string, file: string) {
  const imported = await run(dir, ['baseline', '--import', file]);
  const text = readFileSync(path.join(dir, BASELINE), 'utf8');
  const scan = await run(dir, ['.', '--format', 'json']);
  return { imported, baseline: JSON.parse(text), text, scan };
}

const places = (doc: { findings: { rule: string; file: string }[] }) => doc.findings.map((f) => [f.file, f.rule]);

describe('scan-keys baseline --import', () => {
  test('a gitleaks JSON report: matched by file and line, the secret it holds never written', async () => {
    const { repo, keys } = migratingRepo();
    const report = [
      { RuleID: 'generic-api-key', File: 'src/app.ts', StartLine: 2, Secret: keys.app, Match: `key = "${keys.app}"`, Fingerprint: 'x:src/app.ts:generic-api-key:2' },
      { RuleID: 'anthropic-api-key', File: 'config/prod.py', StartLine: 1, Secret: keys.prod, Fingerprint: 'config/prod.py:anthropic-api-key:1' },
      { RuleID: 'generic-api-key', File: 'src/app.ts', StartLine: 1, Fingerprint: 'src/app.ts:generic-api-key:1' },
      { RuleID: 'generic-api-key', File: 'gone.ts', StartLine: 4, Fingerprint: 'gone.ts:generic-api-key:4' },
      { RuleID: 'generic-api-key', File: '../outside.ts', StartLine: 1, Fingerprint: '../outside.ts:generic-api-key:1' },
    ];
    // The report holds the keys themselves: kept out of git, as it should be.
    repo.write('.gitignore', 'gitleaks-report.json\n');
    repo.write('gitleaks-report.json', JSON.stringify(report, null, 2));
    const { imported, baseline, text, scan } = await importAndScan(repo.dir, 'gitleaks-report.json');
    expect(imported.exitCode).toBe(0);
    expect(imported.stdout.trimEnd().split('\n')).toEqual([
      `gitleaks-report.json (gitleaks report): matched 2 of 5 places, added 2 entries to ${BASELINE}; 3 not matched (scan-keys finds no key at that file and line, or the file is gone). It holds fingerprints only: commit it.`,
    ]);
    expect(places(baseline)).toEqual([
      ['config/prod.py', 'anthropic-api-key'],
      ['src/app.ts', 'openai-project-key'],
    ]);
    for (const key of Object.values(keys)) expect(text.includes(key)).toBe(false);
    expect(scan.exitCode).toBe(1);
    expect(scan.json.findings.map((f: { file: string }) => f.file)).toEqual(['src/other.ts']);
    expect(scan.json.summary.suppressed).toEqual({ inline: 0, baseline: 2, config: 0 });
  });

  test('a .gitleaksignore: file:rule:line and commit:file:rule:line fingerprints, comments skipped', async () => {
    const { repo, head } = migratingRepo();
    repo.write('.gitleaksignore', `# accepted after review\n\nsrc/app.ts:generic-api-key:2\n${head}:config/prod.py:anthropic-api-key:1\nsrc/other.ts:generic-api-key:7\n`);
    const { imported, baseline, scan } = await importAndScan(repo.dir, '.gitleaksignore');
    expect(imported.stdout).toContain('.gitleaksignore (.gitleaksignore): matched 2 of 3 places, added 2 entries');
    expect(imported.stdout).toContain('; 1 not matched');
    expect(places(baseline)).toEqual([
      ['config/prod.py', 'anthropic-api-key'],
      ['src/app.ts', 'openai-project-key'],
    ]);
    expect(scan.json.findings.map((f: { file: string }) => f.file)).toEqual(['src/other.ts']);
  });

  test('a detect-secrets .secrets.baseline, added to the entries already in the baseline', async () => {
    const { repo } = migratingRepo();
    // src/other.ts is accepted by scan-keys already: the import keeps it.
    expect((await run(repo.dir, ['baseline', 'src/other.ts'])).exitCode).toBe(0);
    const doc = {
      version: '1.5.0',
      plugins_used: [{ name: 'KeywordDetector' }],
      results: {
        'src/app.ts': [{ type: 'Secret Keyword', filename: 'src/app.ts', hashed_secret: 'a'.repeat(40), is_verified: false, line_number: 2 }],
        'config/prod.py': [{ type: 'Secret Keyword', filename: 'config/prod.py', hashed_secret: 'b'.repeat(40), is_verified: false, line_number: 1 }],
      },
      generated_at: '2026-01-01T00:00:00Z',
    };
    repo.write('.secrets.baseline', JSON.stringify(doc, null, 2));
    const { imported, baseline, scan } = await importAndScan(repo.dir, '.secrets.baseline');
    expect(imported.stdout.trimEnd()).toBe(
      `.secrets.baseline (detect-secrets baseline): matched 2 of 2 places, added 2 entries to ${BASELINE}. It holds fingerprints only: commit it.`,
    );
    expect(places(baseline)).toEqual([
      ['config/prod.py', 'anthropic-api-key'],
      ['src/app.ts', 'openai-project-key'],
      ['src/other.ts', 'openai-project-key'],
    ]);
    expect(scan.exitCode).toBe(0);
    expect(scan.json.summary.suppressed.baseline).toBe(3);
  });

  test.each([
    ['a file that is none of the formats', 'notes.json', '{"hello": 1}', /notes\.json: not a gitleaks report, \.gitleaksignore or detect-secrets baseline$/],
    ['a gitleaks entry without a line', 'r.json', '[{"File": "a.ts"}]', /r\.json: entry 0 of the gitleaks report has no File and StartLine$/],
    ['a broken .gitleaksignore line', 'ignore', 'src/app.ts\n', /ignore: line 1 is not a gitleaks fingerprint/],
    ['broken JSON', 'r.json', '[{"File": ', /r\.json: not valid JSON at line 1/],
    ['a missing file', 'nowhere.json', undefined, /--import nowhere\.json: no such file$/],
  ])('%s is a one-line error, exit 2, and no baseline is written', async (_what, name, content, message) => {
    const { repo } = migratingRepo();
    if (content !== undefined) repo.write(name, content);
    const r = await run(repo.dir, ['baseline', '--import', name]);
    expect(expectOneLineError(r)).toMatch(message);
    expect(() => readFileSync(path.join(repo.dir, BASELINE))).toThrow();
  });

  test('--import takes no paths', async () => {
    const { repo } = migratingRepo();
    repo.write('.gitleaksignore', 'src/app.ts:generic-api-key:2\n');
    const r = await run(repo.dir, ['baseline', '--import', '.gitleaksignore', 'src']);
    expect(expectOneLineError(r)).toContain('baseline --import FILE takes no paths');
  });
});
