import { describe, expect, test } from 'vitest';
import { fake } from '../../src/rules/fake.js';
import { escapeMarkdown, summaryReporter } from '../../src/report/summary.js';
import { dotenvFinding, leakedWindow, render, secretFinding, summaryOf } from '../support/findings.js';

const key = fake.openaiProject(41);
const sha = 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0';

/** The cells of a Markdown table row, split on the pipes that are not escaped. */
const cells = (row: string) => row.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());

describe('summary report (Markdown for $GITHUB_STEP_SUMMARY)', () => {
  test('counts, one row per finding with file:line, commit and the redacted key, and what was covered', () => {
    const findings = [
      secretFinding('openai-project-key', key, { commit: { sha, author: 'Dev', date: '2026-01-02T03:04:05Z' } }),
      dotenvFinding('dotenv-trailing-whitespace'),
    ];
    const text = render(summaryReporter, findings, summaryOf(findings, { mode: 'history', files: 12, bytes: 3 * 1024 }));
    const lines = text.split('\n');
    expect(lines[0]).toBe('## ❌ scan-keys: 1 error, 1 warning');
    const rows = lines.filter((l) => l.startsWith('| ') && !l.startsWith('| Severity') && !l.startsWith('| ---'));
    expect(rows.map(cells)).toEqual([
      ['error', 'OpenAI project API key (openai-project-key)', 'src/app.ts:3', sha.slice(0, 12), `sk-proj-…${key.slice(-4)}`],
      ['warning', expect.stringContaining('(dotenv-trailing-whitespace)'), '.env:2', '', expect.any(String)],
    ]);
    expect(text).toContain('**Covered** (history scan): 12 files, 3.0 KB');
    expect(leakedWindow(text, [key])).toBeUndefined();
  });

  test('a clean scan says so, and a scan that covered nothing says that instead of looking clean', () => {
    expect(render(summaryReporter, [])).toMatch(/^## ✅ scan-keys: no keys found\n/);
    const empty = render(summaryReporter, [], summaryOf([], { files: 0, bytes: 0 }));
    expect(empty).toContain('**Covered** (files scan): 0 files, 0 bytes — nothing was scanned');
  });

  test('covered and suppressed counts are reported when the scan gives them', () => {
    const summary = {
      ...summaryOf([]),
      covered: { commits: 3, blobs: 5, files: 4, bytes: 2 * 1024 * 1024 },
      suppressed: { inline: 1, baseline: 2, config: 0 },
    };
    const text = render(summaryReporter, [], summary);
    expect(text).toContain('**Covered** (files scan): 3 commits, 5 blobs, 4 files, 2.0 MB');
    expect(text).toContain('**Suppressed**: 3 (1 by inline allow comments, 2 by the baseline, 0 by the config allow-list)');
    expect(render(summaryReporter, [], { ...summary, suppressed: { inline: 0, baseline: 0, config: 0 } })).toContain('**Suppressed**: none');
    // A folder scan's summary has no commits: files and bytes are what it covered.
    expect(render(summaryReporter, [])).toContain('**Covered** (files scan): 3 files, 4.0 KB');
  });

  test('the skipped files are listed by reason', () => {
    const text = render(summaryReporter, [], summaryOf([], { skipped: [{ path: 'img/logo.png', skipped: 'binary' }] }));
    expect(text).toContain('**Not scanned**: 1 file');
    expect(text).toContain('- skipped 1 binary file: img/logo.png');
  });

  test('a file name cannot inject a link, an image, HTML or a table cell into the job summary', () => {
    const hostile = 'x](https://evil.example)![i](https://evil.example/i.png)<img src=x onerror=alert(1)>|`code`|[y].ts';
    const f = secretFinding('openai-project-key', key, { file: hostile });
    const text = render(summaryReporter, [f], summaryOf([f], { skipped: [{ path: `<script>${hostile}`, skipped: 'binary' }] }));
    const row = text.split('\n').find((l) => l.startsWith('| error'))!;
    expect(cells(row)).toHaveLength(5);
    expect(cells(row)[2]).toBe(`${escapeMarkdown(hostile)}:3`);
    // Nothing a Markdown renderer would act on is left unescaped.
    const fromInput = [cells(row)[2]!, text.split('\n').find((l) => l.startsWith('- skipped'))!];
    for (const unsafe of [/(?<!\\)\[/, /(?<!\\)\]/, /(?<!\\)`/, /</, />/, /(?<!\\)\(/]) for (const t of fromInput) expect(t).not.toMatch(unsafe);
    expect(text).not.toContain('<script>');
    expect(text).toContain('&lt;script&gt;');
  });

  test('escapeMarkdown escapes Markdown punctuation with backslashes and HTML with entities', () => {
    expect(escapeMarkdown('a|b`c[d]e<f>g&h\\i*j_k')).toBe('a\\|b\\`c\\[d\\]e&lt;f&gt;g&amp;h\\\\i\\*j\\_k');
    expect(escapeMarkdown('src/app.config.ts')).toBe('src/app.config.ts');
  });
});
