import path from 'node:path';
import { parseJson } from '../config/load.js';
import { ConfigError } from '../errors.js';
import type { Finding } from '../finding.js';
import { readBaselineText } from './baseline.js';
import { runPipeline, type PipelineOptions } from '../pipeline.js';
import { readFileUnit } from '../sources/read.js';
import { DEFAULT_MAX_FILE_SIZE, type SourceItem } from '../sources/unit.js';

/**
 * `scan-keys baseline --import FILE`: the findings another scanner accepted
 * (a gitleaks report or .gitleaksignore, a detect-secrets baseline) become
 * scan-keys baseline entries. Their fingerprints are not ours, so each place
 * they name (file and line) is scanned with scan-keys' own engine and what it
 * finds there is recorded: fingerprints only, never the key the report may hold.
 */

export type ImportFormat = 'gitleaks report' | '.gitleaksignore' | 'detect-secrets baseline';

/** A place another scanner named: a POSIX path relative to the repository root, and a 1-based line. */
export interface ImportedPlace {
  readonly file: string;
  readonly line: number;
}

export interface ImportedPlaces {
  readonly format: ImportFormat;
  readonly places: readonly ImportedPlace[];
}

export interface ImportResult {
  readonly format: ImportFormat;
  /** The scan-keys findings at the places named, to record. */
  readonly findings: readonly Finding[];
  readonly matched: number;
  readonly unmatched: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isLine = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;

/** gitleaks' JSON report: an array of findings with File and StartLine (Secret and Match hold the key: never read). */
function gitleaksReport(doc: readonly unknown[], shown: string): ImportedPlace[] {
  return doc.map((entry, i) => {
    if (!isObject(entry) || typeof entry.File !== 'string' || !isLine(entry.StartLine)) {
      throw new ConfigError(`${shown}: entry ${i} of the gitleaks report has no File and StartLine`);
    }
    return { file: entry.File, line: entry.StartLine };
  });
}

/** detect-secrets' .secrets.baseline: { results: { file: [{ type, line_number, hashed_secret }] } }. */
function detectSecrets(results: unknown, shown: string): ImportedPlace[] {
  if (!isObject(results)) throw new ConfigError(`${shown}: results must be an object of files (a detect-secrets baseline)`);
  return Object.entries(results).flatMap(([file, list]) => {
    if (!Array.isArray(list)) throw new ConfigError(`${shown}: results of a file must be an array (a detect-secrets baseline)`);
    return list.map((entry, i) => {
      if (!isObject(entry) || !isLine(entry.line_number)) {
        throw new ConfigError(`${shown}: result ${i} of a file has no line_number (a detect-secrets baseline)`);
      }
      return { file, line: entry.line_number };
    });
  });
}

/** A commit at the start of a gitleaks fingerprint (`commit:file:rule:line`): a full SHA-1 or SHA-256. */
const COMMIT = /^(?:[0-9a-f]{40}|[0-9a-f]{64}):/;

/** The file and line of `[commit:]file:rule:line`, split at the last two colons (a path may hold a colon, a rule id does not). */
function fingerprintPlace(line: string): ImportedPlace | undefined {
  const lineAt = line.lastIndexOf(':');
  const ruleAt = lineAt > 0 ? line.lastIndexOf(':', lineAt - 1) : -1;
  const number = line.slice(lineAt + 1);
  if (ruleAt <= 0 || ruleAt + 1 === lineAt || !/^\d{1,9}$/.test(number) || Number(number) < 1) return undefined;
  const file = line.slice(0, ruleAt);
  return { file: COMMIT.test(file) ? file.slice(file.indexOf(':') + 1) : file, line: Number(number) };
}

/**
 * .gitleaksignore: one fingerprint a line, `file:rule:line` or
 * `commit:file:rule:line`; blank lines and # comments are skipped. Parsed from
 * the right, since a path may hold a colon.
 */
function gitleaksIgnore(text: string, shown: string): ImportedPlace[] {
  const places: ImportedPlace[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const place = fingerprintPlace(line);
    if (!place) throw new ConfigError(`${shown}: line ${i + 1} is not a gitleaks fingerprint (file:rule:line or commit:file:rule:line)`);
    places.push(place);
  });
  return places;
}

/** Which format FILE is, told by its content, and the places it names. */
export async function readImport(file: string, shown: string): Promise<ImportedPlaces> {
  const text = await readBaselineText(file, shown);
  if (text === undefined) throw new ConfigError(`--import ${shown}: no such file`);
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (!body.startsWith('[') && !body.startsWith('{')) return { format: '.gitleaksignore', places: gitleaksIgnore(body, shown) };
  const doc = await parseJson(body, shown);
  if (Array.isArray(doc)) return { format: 'gitleaks report', places: gitleaksReport(doc, shown) };
  if (isObject(doc) && 'results' in doc) return { format: 'detect-secrets baseline', places: detectSecrets(doc.results, shown) };
  throw new ConfigError(`${shown}: not a gitleaks report, .gitleaksignore or detect-secrets baseline`);
}

/** The place's path relative to root, or undefined when it points outside it (never read a file the repository does not hold). */
function inside(root: string, file: string): string | undefined {
  const absolute = path.resolve(root, file);
  const rel = path.relative(root, absolute);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join('/');
}

async function* unitsOf(root: string, files: readonly string[], maxFileSize: number): AsyncGenerator<SourceItem> {
  for (const file of files) {
    const item = await readFileUnit(path.join(root, file), file, maxFileSize);
    if (item) yield item;
  }
}

/**
 * Scans the files the places name, from root, and keeps the findings that
 * start on a named line. A place counts as matched when scan-keys finds at
 * least one key there.
 */
export async function matchPlaces(
  imported: ImportedPlaces,
  root: string,
  pipeline: PipelineOptions,
  maxFileSize = DEFAULT_MAX_FILE_SIZE,
): Promise<ImportResult> {
  const wanted = new Map<string, Set<number>>();
  let outside = 0;
  for (const p of imported.places) {
    const file = inside(root, p.file);
    if (file === undefined) {
      outside++;
      continue;
    }
    const lines = wanted.get(file) ?? new Set<number>();
    lines.add(p.line);
    wanted.set(file, lines);
  }
  const { findings } = await runPipeline(unitsOf(root, [...wanted.keys()], maxFileSize), 'files', pipeline);
  const hit = findings.filter((f) => wanted.get(f.file)?.has(f.line));
  const matchedPlaces = new Set(hit.map((f) => `${f.file}\0${f.line}`));
  const places = [...wanted.values()].reduce((n, s) => n + s.size, 0);
  return { format: imported.format, findings: hit, matched: matchedPlaces.size, unmatched: places - matchedPlaces.size + outside };
}
