import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { fake } from '../../src/rules/fake.js';
import { escapeHtml, htmlReport } from '../../src/report/html.js';
import type { Severity } from '../../src/rules/rule.js';
import { renderPage } from '../support/chromium.js';
import { cli } from '../support/cli.js';
import { dotenvFinding, leakedWindow, secretFinding, summaryOf } from '../support/findings.js';
import { commit, tempDir, tempRepo } from '../support/repo.js';

/** The rows of the findings table in a rendered DOM, with whether the page's script hid them. */
const rows = (dom: string) => [...dom.matchAll(/<tr class="finding"([^>]*)>/g)].map((m) => ({ hidden: / hidden=/.test(m[1]!), attrs: m[1]! }));

describe('the html report in headless Chromium', () => {
  test('the console check is real: a page that throws is caught', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'bad.html'), '<!doctype html><title>bad</title><script>throw new Error("boom")</script>');
    const page = await renderPage(pathToFileURL(path.join(dir, 'bad.html')).href);
    expect(page.console.join('\n')).toContain('Uncaught Error: boom');
  });

  test('a real scan renders with no console message, shows every finding, and holds no whole key', async () => {
    const repo = tempRepo();
    const keys = [fake.openaiProject(51), fake.anthropic(52), fake.openaiLegacy(53)];
    // A folder named so that the path spells a script element: the report must show it as text.
    mkdirSync(path.join(repo.dir, '<script>alert(1)<'), { recursive: true });
    const evil = '<script>alert(1)</script> & "x".ts';
    repo.write(evil, `const k = "${keys[0]}";\n`);
    repo.write('src/app.ts', `const a = "${keys[0]}";\nconst b = "${keys[1]}";\n`);
    repo.write('lib/old.py', `KEY = '${keys[2]}'\n`);
    const report = path.join(repo.dir, 'report.html');
    const run = await cli(repo.dir, ['--format', 'html', '--output', report]);
    expect(run.exitCode).toBe(1);
    const json = (await cli(repo.dir, ['--format', 'json'])).json as { findings: { file: string; redacted: string }[] };
    expect(json.findings).toHaveLength(4);

    const page = await renderPage(pathToFileURL(report).href);
    expect(page.console).toEqual([]);
    expect(rows(page.dom)).toHaveLength(json.findings.length);
    for (const f of json.findings) {
      expect(page.dom).toContain(escapeHtml(f.file).replace(/&#39;/g, "'").replace(/&quot;/g, '"'));
      expect(page.dom).toContain(f.redacted);
    }
    // Three unique keys: three cards.
    expect(page.dom.match(/<article class="secret/g)).toHaveLength(3);
    expect(page.dom).not.toContain('<script>alert(1)');
    expect(leakedWindow(page.dom, keys)).toBeUndefined();
  });

  test('history commits, authors and probe badges render, and the table filters from the address', async () => {
    const key = fake.openaiAdmin(54);
    const findings = [
      secretFinding('openai-admin-key', key, {
        file: 'ops/deploy.sh',
        commit: { sha: 'e'.repeat(40), author: 'Ada Admin', date: '2023-11-11T11:11:11Z' },
        probe: { status: 'live', httpStatus: 200 },
      }),
      secretFinding('anthropic-api-key', fake.anthropic(55), {
        file: 'notes/keys.md',
        commit: { sha: 'f'.repeat(40), author: 'Bo Builder', date: '2022-02-02T02:02:02Z' },
        probe: { status: 'deactivated', httpStatus: 401, code: 'account_deactivated' },
      }),
      dotenvFinding('dotenv-crlf', { commit: { sha: '1'.repeat(40), author: 'Cy Config', date: '2021-01-01T01:01:01Z' } }),
    ];
    const dir = tempDir();
    const file = path.join(dir, 'history.html');
    writeFileSync(file, htmlReport(findings, summaryOf(findings, { mode: 'history' })));

    const page = await renderPage(`${pathToFileURL(file).href}#q=ada`);
    expect(page.console).toEqual([]);
    for (const text of ['Ada Admin', 'Bo Builder', 'Cy Config', 'eeeeeeeeeeee', 'badge-live', 'badge-deactivated', 'account_deactivated']) {
      expect(page.dom).toContain(text);
    }
    // The page's script ran: #q=ada left only Ada's row visible.
    const table = rows(page.dom);
    expect(table).toHaveLength(3);
    expect(table.filter((r) => !r.hidden).map((r) => /data-author="([^"]*)"/.exec(r.attrs)?.[1])).toEqual(['Ada Admin']);
    expect(leakedWindow(page.dom, [key])).toBeUndefined();
  });

  test('the header renders what was scanned, and sorting by severity keeps errors, warnings, then other severities', async () => {
    const repo = tempRepo();
    repo.git('remote', 'add', 'origin', 'https://example.com/org/app.git');
    const head = commit(repo, 'init', { 'src/app.ts': `const k = "${fake.openaiProject(56)}";\n` });
    const report = path.join(repo.dir, 'report.html');
    expect((await cli(repo.dir, ['--format', 'html', '--output', report])).exitCode).toBe(1);
    const scanned = await renderPage(pathToFileURL(report).href);
    expect(scanned.console).toEqual([]);
    const header = scanned.dom.slice(scanned.dom.indexOf('<header class="top">'), scanned.dom.indexOf('</header>'));
    for (const text of ['https://example.com/org/app.git', '<code>main</code>', head.slice(0, 12), ' UTC</time>']) expect(header).toContain(text);

    // info (a severity another branch adds) sorts after warning, not alphabetically between error and warning.
    const lint = [
      dotenvFinding('dotenv-bom', { file: 'a.env', severity: 'info' as Severity }),
      dotenvFinding('dotenv-crlf', { file: 'b.env', severity: 'warning' }),
      dotenvFinding('dotenv-committed', { file: 'c.env', severity: 'error' }),
    ];
    const file = path.join(tempDir(), 'lint.html');
    writeFileSync(file, htmlReport(lint, summaryOf(lint)));
    const page = await renderPage(`${pathToFileURL(file).href}#sort=severity`);
    expect(page.console).toEqual([]);
    // The page's script sorted the table (alphabetical order would put info between error and warning).
    expect(page.dom).toMatch(/<th data-key="severity" aria-sort="ascending">/);
    expect(rows(page.dom).map((r) => /data-file="([^"]*)"/.exec(r.attrs)?.[1])).toEqual(['c.env', 'b.env', 'a.env']);
  });
});
