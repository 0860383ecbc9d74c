import type { Writable } from 'node:stream';
import { fingerprint, redact } from '../../src/finalize.js';
import type { Finding, Summary } from '../../src/finding.js';
import type { Reporter } from '../../src/report/reporter.js';
import { builtinRules } from '../../src/rules/index.js';

/**
 * Findings built the way finalize builds them (real redaction and fingerprint
 * of a fake key), for reporter tests that need fields no source produces yet
 * (history commits, probe results) or file names a file system cannot hold.
 */
export function secretFinding(ruleId: string, key: string, over: Partial<Finding> = {}): Finding {
  const rule = builtinRules.find((r) => r.id === ruleId);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  return {
    kind: 'secret',
    rule: rule.id,
    provider: rule.provider,
    severity: rule.severity,
    file: 'src/app.ts',
    line: 3,
    column: 17,
    endLine: 3,
    endColumn: 17 + key.length,
    redacted: redact(key, rule.prefixes),
    fingerprint: fingerprint(rule.id, key),
    message: `${rule.title} in plain text: remove it from the file${rule.rotateAt ? `; rotate it at ${rule.rotateAt}` : ''}`,
    ...(rule.rotateAt ? { rotateAt: rule.rotateAt } : {}),
    ...over,
  };
}

export function dotenvFinding(ruleId: string, over: Partial<Finding> = {}): Finding {
  return {
    kind: 'dotenv',
    rule: ruleId,
    provider: 'dotenv',
    severity: 'warning',
    file: '.env',
    line: 2,
    column: 1,
    endLine: 2,
    endColumn: 30,
    redacted: '',
    fingerprint: fingerprint(ruleId, `.env:2`),
    message: 'OPENAI_API_KEY has a trailing space: the value your code reads ends with it',
    ...over,
  };
}

export function summaryOf(findings: readonly Finding[], over: Partial<Summary> = {}): Summary {
  return {
    mode: 'files',
    files: 3,
    bytes: 4096,
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
    durationMs: 12,
    skipped: [],
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
