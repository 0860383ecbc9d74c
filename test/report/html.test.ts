import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { fake } from '../../src/rules/fake.js';
import { shown } from '../../src/redact.js';
import type { Severity } from '../../src/rules/rule.js';
import { escapeHtml, htmlReport, htmlReporter, humanDate } from '../../src/report/html.js';
import { dotenvFinding, leakedWindow, render, secretFinding, summaryOf } from '../support/findings.js';

const project = fake.openaiProject(41);
const legacy = fake.openaiLegacy(42);
const evilFile = `<script>alert("x")</script> & 'q'.ts`;
const findings = [
  secretFinding('openai-project-key', project, {
    file: evilFile,
    commit: { sha: 'd'.repeat(40), author: '"Eve" <eve@example.invalid>', date: '2024-05-05T05:05:05Z' },
    probe: { status: 'live', httpStatus: 200 },
  }),
  secretFinding('openai-project-key', project, { file: 'src/b.ts', line: 20, endLine: 20, probe: { status: 'live', httpStatus: 200 } }),
  secretFinding('openai-legacy-key', legacy, { probe: { status: 'unknown', detail: 'timeout after 5 s' } }),
  dotenvFinding('dotenv-nested-quotes', { message: 'the value holds <b>quotes</b> & "more"' }),
];
const html = htmlReport(findings, summaryOf(findings, { mode: 'history', skipped: [{ path: 'big <file>.bin', skipped: 'too-large' }] }));

const inline = (tag: string) => [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1]!);
const cspHash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe('html report', () => {
  test('escapes &, <, >, " and \' for text and attributes', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  test('a file name, an author and a message holding markup are shown as text, never as markup', () => {
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<b>quotes</b>');
    expect(html).not.toContain('"Eve" <eve');
    expect(html).toContain(escapeHtml(evilFile));
    expect(html).toContain('&quot;Eve&quot; &lt;eve@example.invalid&gt;');
    expect(html).toContain('big &lt;file&gt;.bin');
    // One <script> element: ours.
    expect(html.match(/<script/g)).toHaveLength(1);
  });

  test('is self-contained: no src, no stylesheet link, no url(), no @import; links only in anchors', () => {
    expect(html).not.toMatch(/\ssrc=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/url\(|@import/i);
    const hrefs = [...html.matchAll(/<(\w+)[^>]*\shref="([^"]*)"/g)];
    expect(hrefs.length).toBeGreaterThan(0);
    for (const [, tag, href] of hrefs) {
      expect(tag).toBe('a');
      expect(href).toMatch(/^https:\/\//);
    }
  });

  test('its Content-Security-Policy allows exactly the inline style and script, by hash', () => {
    const attribute = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1] ?? '';
    const csp = attribute.replace(/&#39;/g, "'");
    expect(csp).toContain("default-src 'none'");
    const [style] = inline('style');
    const [script] = inline('script');
    expect(csp).toContain(`style-src ${cspHash(style!)}`);
    expect(csp).toContain(`script-src ${cspHash(script!)}`);
  });

  test('groups findings by secret: one card per fingerprint, listing every place with its commit', () => {
    const cards = html.split('<article class="secret').slice(1);
    expect(cards).toHaveLength(2);
    const projectCard = cards.find((c) => c.includes(findings[0]!.redacted))!;
    expect(projectCard).toContain('found 2 times in 2 files');
    expect(projectCard).toContain(escapeHtml(evilFile));
    expect(projectCard).toContain('src/b.ts');
    expect(projectCard).toContain('dddddddddddd');
    expect(projectCard).toContain('badge-live');
    expect(projectCard).toContain('Rotate the key at <a href="https://platform.openai.com/api-keys"');
  });

  test('live keys come first, and every finding has a row in the table', () => {
    expect(html.indexOf(findings[0]!.redacted)).toBeLessThan(html.indexOf(findings[2]!.redacted));
    expect(html.match(/<tr class="finding"/g)).toHaveLength(findings.length);
    expect(html).toContain('badge-unknown');
    expect(html).toContain('timeout after 5 s');
  });

  test('a clean scan says so and has no table', () => {
    const clean = render(htmlReporter, []);
    expect(clean).toContain('No secrets found.');
    expect(clean).not.toContain('<table');
  });

  test('holds no key', () => {
    expect(leakedWindow(html, [project, legacy])).toBeUndefined();
  });

  test('dates read as a person writes them, in UTC whatever the local zone', () => {
    expect(humanDate(new Date('2026-12-01T11:40:59Z'))).toBe('1 December 2026, 11:40 UTC');
    expect(humanDate(new Date('2027-01-31T23:05:00-02:00'))).toBe('1 February 2027, 01:05 UTC');
    expect(humanDate(new Date('2026-06-09T00:00:00Z'))).toBe('9 June 2026, 00:00 UTC');
  });

  test('without a target (a summary made by hand) the header gives only the date, with the ISO form kept', () => {
    const page = htmlReport([], summaryOf([]), new Date('2026-12-01T11:40:00Z'));
    expect(page).not.toContain('<dt>Repository</dt>');
    expect(page).toContain('<dt>Generated</dt><dd><time datetime="2026-12-01T11:40:00.000Z" title="2026-12-01T11:40:00.000Z">1 December 2026, 11:40 UTC</time></dd>');
  });

  test('errors, then warnings, then any other severity (info, once it exists) in the .env list and the table', () => {
    const lint = [
      dotenvFinding('dotenv-bom', { file: 'a.env', severity: 'info' as Severity }),
      dotenvFinding('dotenv-crlf', { file: 'b.env', severity: 'warning' }),
      dotenvFinding('dotenv-committed', { file: 'c.env', severity: 'error' }),
    ];
    const page = htmlReport(lint, summaryOf(lint));
    const listed = [...page.matchAll(/<li><span class="sev sev-(\w+)">/g)].map((m) => m[1]);
    expect(listed).toEqual(['error', 'warning', 'info']);
    const rows = [...page.matchAll(/<tr class="finding" data-severity="(\d) (\w+)"/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(rows).toEqual(['0 error', '1 warning', '2 info']);
  });

  test('a history finding prints the commit subject and the refs that reach it when the history scan gives them', () => {
    const found = secretFinding('openai-project-key', project, { commit: { sha: 'e'.repeat(40), author: 'Dana', date: '2024-05-05T05:05:05Z' } });
    // The fields the history branch adds to ShownCommit, set here until it lands.
    const traced = { ...found, commit: { ...found.commit!, subject: shown('add <the> client'), refs: [shown('topic/old'), shown('origin/topic/old')] } };
    const page = htmlReport([traced], summaryOf([traced]));
    expect(page).toContain('<span class="subject">add &lt;the&gt; client</span>');
    expect(page).toContain('on <code>topic/old</code>, <code>origin/topic/old</code>');
    expect(page).toContain('It was introduced in commit eeeeeeeeeeee (add &lt;the&gt; client) (reached from topic/old, origin/topic/old)');
  });
});
