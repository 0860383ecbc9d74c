import type { Writable } from 'node:stream';
import { finalize, shownCommit, shownSkipped } from '../../src/finalize.js';
import type { Finding, ProbeStatus, Summary } from '../../src/finding.js';
import { shown } from '../../src/redact.js';
import type { Commit, SkippedFile } from '../../src/sources/unit.js';
import type { Reporter } from '../../src/report/reporter.js';
import { builtinRules } from '../../src/rules/index.js';

/**
 * What a test may set on a finding: the strings that come from outside are
 * given raw, as a source would give them, and pass through the real redaction
 * step like theirs do.
 */
export type Over = Partial<Omit<Finding, 'file' | 'message' | 'commit' | 'probe'>> & {
  readonly file?: string;
  readonly message?: string;
  readonly commit?: Commit;
  readonly probe?: { readonly status: ProbeStatus; readonly httpStatus?: number; readonly code?: string; readonly detail?: string };
};

function applyOver(finding: Finding, over: Over): Finding {
  const { file, message, commit, probe, ...rest } = over;
  return {
    ...finding,
    ...rest,
    ...(file !== undefined ? { file: shown(file) } : {}),
    ...(message !== undefined ? { message: shown(message) } : {}),
    ...(commit ? { commit: shownCommit(commit) } : {}),
    ...(probe
      ? {
          probe: {
            status: probe.status,
            ...(probe.httpStatus !== undefined ? { httpStatus: probe.httpStatus } : {}),
            ...(probe.code !== undefined ? { code: shown(probe.code) } : {}),
            ...(probe.detail !== undefined ? { detail: shown(probe.detail) } : {}),
          },
        }
      : {}),
  };
}

/**
 * Findings made by the real finalize from a match in a small unit, for
 * reporter tests that need fields no source produces yet (history commits,
 * probe results) or file names a file system cannot hold: pass them in `over`.
 */
export function secretFinding(ruleId: string, key: string, over: Over = {}): Finding {
  const rule = builtinRules.find((r) => r.id === ruleId);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  // The key at line 3, column 17.
  const bytes = Buffer.from(`\n\n${' '.repeat(16)}${key}\n`);
  const unit = { path: 'src/app.ts', bytes };
  const start = bytes.indexOf(key);
  const { snippet: _snippet, ...finding } = finalize({ kind: 'secret', rule, secret: key, unit, start, end: start + key.length });
  return applyOver(finding, over);
}

export function dotenvFinding(ruleId: string, over: Over = {}): Finding {
  const rule = { id: ruleId, provider: 'dotenv', title: `.env ${ruleId}`, severity: 'warning' as const, prefixes: [] };
  const bytes = Buffer.from('# settings\nOPENAI_API_KEY=value-with-a-space-after \n');
  const unit = { path: '.env', bytes };
  const message = 'OPENAI_API_KEY has a trailing space: the value your code reads ends with it';
  const { snippet: _snippet, ...finding } = finalize({ kind: 'dotenv', rule, secret: '', unit, start: 11, end: 40, message });
  return applyOver(finding, over);
}

export function summaryOf(
  findings: readonly Finding[],
  { skipped = [], ...over }: Partial<Omit<Summary, 'skipped'>> & { readonly skipped?: readonly SkippedFile[] } = {},
): Summary {
  return {
    mode: 'files',
    files: 3,
    bytes: 4096,
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
    durationMs: 12,
    skipped: skipped.map(shownSkipped),
    suppressed: { inline: 0, baseline: 0, config: 0 },
    ...over,
  };
}

/** Runs a reporter into a string. */
export function render(reporter: Reporter, findings: readonly Finding[], summary: Summary = summaryOf(findings), quiet = false): string {
  let text = '';
  // Reporters only ever call write().
  const out = { write: (chunk: string) => ((text += chunk), true) } as unknown as Writable;
  reporter(findings, summary, out, { color: false, quiet });
  return text;
}

/**
 * Every 16-character window of a key: output holding any of them holds part
 * of the key's random body (the prefixes alone are shorter), so none may appear.
 */
export function keyWindows(key: string, width = 16): string[] {
  const out: string[] = [];
  for (let i = 0; i + width <= key.length; i++) out.push(key.slice(i, i + width));
  return out;
}

/** Where a part of a key shows in `text`, described without the key itself (so a failing test prints no key). */
export function leakedWindow(text: string, keys: readonly string[]): string | undefined {
  for (const [k, key] of keys.entries()) {
    const at = keyWindows(key).findIndex((w) => text.includes(w));
    if (at >= 0) return `key #${k} (${key.length} chars) leaks its characters ${at}..${at + 16}`;
  }
  return undefined;
}
