import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Location, Log, Notification, ReportingDescriptor, Result, Suppression, VersionControlDetails } from 'sarif';
import { coveredOf, type Finding, type ScanTarget, type Summary } from '../finding.js';
import { packageVersion } from '../version.js';
import { describe, probeText, ruleName, stepsFor } from './advice.js';
import type { Reporter } from './reporter.js';

/**
 * SARIF 2.1.0, as GitHub code scanning and other SARIF viewers read it: one
 * rule per rule id that has findings, one result per finding. Paths are
 * relative to %SRCROOT% (the repository root, or the scanned folder).
 */

const SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const SRCROOT = '%SRCROOT%';

/**
 * A result's identity across runs: the key (our fingerprint of rule + key) and
 * the file, but not the line, so an alert survives edits above it and the same
 * key in two files gives two alerts.
 */
const FINGERPRINT_KEY = 'scanKeysFingerprint/v1';
const FILE_KEY = 'scanKeysFile/v1';

/** A POSIX path as a relative URI reference: each segment percent-encoded (spaces, #, ? and % survive). */
export function pathToUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

function ruleFor(f: Finding): ReportingDescriptor {
  const title = f.title;
  const steps = stepsFor(f);
  return {
    id: f.rule,
    name: ruleName(f.rule),
    shortDescription: { text: title },
    fullDescription: { text: f.kind === 'secret' ? `${title} committed in plain text.` : `${title}.` },
    help: {
      text: steps.map((s, i) => `${i + 1}. ${s}`).join('\n'),
      markdown: steps.map((s, i) => `${i + 1}. ${s}`).join('\n'),
    },
    defaultConfiguration: { level: f.severity === 'info' ? 'note' : f.severity },
    properties: {
      // The schema wants distinct tags (a .env rule's provider may well be "dotenv").
      tags: [...new Set(['security', f.kind === 'secret' ? 'secret' : 'dotenv', f.provider])],
      precision: 'high',
      // GitHub code scanning ranks alerts by this number; a committed key is critical.
      ...(f.kind === 'secret' ? { 'security-severity': f.severity === 'error' ? '9.0' : '6.0' } : {}),
    },
  };
}

function locationOf(f: Finding): Location {
  return {
    physicalLocation: {
      artifactLocation: { uri: pathToUri(f.file), uriBaseId: SRCROOT },
      region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
    },
  };
}

/**
 * A finding let through, as code scanning shows a dismissed alert: an allow
 * comment is a suppression in the source, the baseline and the config are
 * outside it; the reason is the justification.
 */
function suppressionsOf(f: Finding): Suppression[] {
  if (!f.suppressed) return [];
  const { by, reason } = f.suppressed;
  return [{ kind: by === 'inline' ? 'inSource' : 'external', status: 'accepted', ...(reason ? { justification: reason } : {}), properties: { by } }];
}

function resultFor(f: Finding, ruleIndex: number): Result {
  return {
    ruleId: f.rule,
    ruleIndex,
    // SARIF has no 'info' level: a key kept in a git-ignored .env is informational, and such a result has level none.
    ...(f.severity === 'info' ? { kind: 'informational', level: 'none' } : { kind: 'fail', level: f.severity }),
    message: { text: describe(f) },
    locations: [locationOf(f)],
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint, [FILE_KEY]: f.file },
    ...(f.suppressed ? { suppressions: suppressionsOf(f) } : {}),
    properties: {
      kind: f.kind,
      provider: f.provider,
      fingerprint: f.fingerprint,
      ...(f.redacted ? { redacted: f.redacted } : {}),
      ...(f.commit ? { commit: { ...f.commit } } : {}),
      ...(f.probe ? { probe: { ...f.probe, summary: probeText(f.probe) } } : {}),
    },
  };
}

/** Files the source did not scan become notes on the invocation, so a viewer can tell "clean" from "not looked at". */
function skippedNotes(summary: Summary): Notification[] {
  return summary.skipped.map((s) => ({
    level: 'note',
    message: { text: `Not scanned (${s.skipped}${s.detail ? `: ${s.detail}` : ''}): ${s.path}` },
    locations: [{ physicalLocation: { artifactLocation: { uri: pathToUri(s.path), uriBaseId: SRCROOT } } }],
  }));
}

/**
 * A remote as the absolute URI SARIF wants: a URL stays, git's scp-like
 * user@host:path becomes ssh://user@host/path, an absolute local path a file:
 * URL. A relative path names no place a viewer could find: no URI.
 */
export function repositoryUri(repository: string): string | undefined {
  if (path.isAbsolute(repository)) return pathToFileURL(repository).href;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(repository)) return URL.canParse(repository) ? repository : undefined;
  const colon = repository.indexOf(':');
  const slash = repository.indexOf('/');
  if (colon <= 0 || (slash !== -1 && slash < colon)) return undefined;
  const uri = `ssh://${repository.slice(0, colon)}/${repository.slice(colon + 1).replace(/^\/+/, '')}`;
  return URL.canParse(uri) ? uri : undefined;
}

/** The repository, commit and branch the scan saw, with the repository's root as %SRCROOT%. */
function provenance(target: ScanTarget | undefined): VersionControlDetails[] {
  const uri = target?.repository === undefined ? undefined : repositoryUri(target.repository);
  if (!target || uri === undefined) return [];
  return [{ repositoryUri: uri, ...(target.head ? { revisionId: target.head } : {}), ...(target.branch ? { branch: target.branch } : {}), mappedTo: { uriBaseId: SRCROOT } }];
}

function sarifLog(findings: readonly Finding[], summary: Summary): Log {
  const rules: ReportingDescriptor[] = [];
  const index = new Map<string, number>();
  const results = findings.map((f) => {
    let at = index.get(f.rule);
    if (at === undefined) {
      at = rules.push(ruleFor(f)) - 1;
      index.set(f.rule, at);
    }
    return resultFor(f, at);
  });
  const vcs = provenance(summary.target);
  return {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'scan-keys',
            semanticVersion: packageVersion(),
            informationUri: 'https://www.npmjs.com/package/scan-keys',
            rules,
          },
        },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: skippedNotes(summary) }],
        ...(vcs.length > 0 ? { versionControlProvenance: vcs } : {}),
        // Columns in findings count UTF-16 code units, as editors do.
        columnKind: 'utf16CodeUnits',
        results,
        properties: {
          mode: summary.mode,
          files: summary.files,
          bytes: summary.bytes,
          durationMs: summary.durationMs,
          covered: { ...coveredOf(summary) },
          suppressed: { ...summary.suppressed },
          // The paths or revisions scanned, which versionControlProvenance has no field for.
          ...(summary.target ? { target: { ...summary.target } } : {}),
        },
      },
    ],
  };
}

export const sarifReporter: Reporter = (findings, summary, out) => {
  out.write(`${JSON.stringify(sarifLog(findings, summary), null, 2)}\n`);
};
