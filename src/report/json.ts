import { coveredOf, type Finding } from '../finding.js';
import type { Reporter } from './reporter.js';

/** The JSON contract, version 1 (DESIGN.md): exactly these fields, in this order. */
function contractFields(f: Finding) {
  return {
    kind: f.kind,
    rule: f.rule,
    provider: f.provider,
    severity: f.severity,
    file: f.file,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    redacted: f.redacted,
    fingerprint: f.fingerprint,
    message: f.message,
    ...(f.commit ? { commit: f.commit } : {}),
    ...(f.probe ? { probe: f.probe } : {}),
    // Only with --show-suppressed: what let the finding through.
    ...(f.suppressed ? { suppressed: f.suppressed } : {}),
  };
}

export const jsonReporter: Reporter = (findings, summary, out) => {
  const doc = {
    version: 1,
    mode: summary.mode,
    // What the scan covered: repository (remote URL without credentials), branch, HEAD, paths or revisions.
    ...(summary.target ? { scan: { target: summary.target } } : {}),
    findings: findings.map(contractFields),
    summary: {
      files: summary.files,
      bytes: summary.bytes,
      errors: summary.errors,
      warnings: summary.warnings,
      durationMs: summary.durationMs,
      // What was read: a gate that scanned nothing must be seen to have.
      covered: coveredOf(summary),
      // Every file not scanned, and why (count: its length).
      skipped: summary.skipped.map((s) => ({ file: s.path, reason: s.skipped, ...(s.detail ? { detail: s.detail } : {}) })),
      suppressed: { inline: summary.suppressed.inline, baseline: summary.suppressed.baseline, config: summary.suppressed.config },
      // Only when objects were missing: the audit covered what was there, not everything.
      ...(summary.incomplete ? { incomplete: summary.incomplete } : {}),
    },
  };
  out.write(`${JSON.stringify(doc, null, 2)}\n`);
};
