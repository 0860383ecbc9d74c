import { engineFor, type Engine } from './engine/engine.js';
import { builtinFilters, OUT_OF_SCOPE, type MatchFilter } from './engine/filters.js';
import type { Match } from './engine/match.js';
import { finalize, shownSkipped } from './finalize.js';
import type { Finding, Mode, ProbeResult, ScanTarget, ShownSkipped, SuppressedCounts, Summary } from './finding.js';
import type { RuleInfo, Rule, Severity } from './rules/rule.js';
import { builtinRules } from './rules/index.js';
import { isPassedOver, isSkipped, type ScanUnit, type SourceItem } from './sources/unit.js';

/** A unique secret handed to the prober, the only consumer of secrets after the filters. */
export interface ProbeRequest {
  readonly rule: RuleInfo;
  readonly secret: string;
  readonly fingerprint: string;
  /** The identifier found with a paired secret (an AWS key id for its secret key): some probes need both. */
  readonly pairedWith?: string;
}

export type Prober = (requests: readonly ProbeRequest[]) => Promise<ReadonlyMap<string, ProbeResult>>;

/** Finds matches of a kind other than the rules' (the .env linter is one). */
export type Matcher = (unit: ScanUnit) => Match[];

/**
 * Sees every match that passed the filters, secret included, before finalize:
 * for the few consumers that need the key itself (the history purge plan).
 */
export type MatchConsumer = (m: Match) => void;

/** Re-places findings once every unit is scanned (history: from a blob to the commits and paths holding it). */
export type Placer = (findings: Finding[]) => Promise<Finding[]>;

export interface PipelineOptions {
  readonly rules?: readonly Rule[];
  /** Extra matchers run on every unit beside the rule engine. */
  readonly matchers?: readonly Matcher[];
  /** Extra filters (config allow-list, baseline...): a verdict drops the match. */
  readonly filters?: readonly MatchFilter[];
  /** false ignores inline allow comments (an audit of what they let through). */
  readonly inlineAllow?: boolean;
  /** Keep the suppressed findings in the result, marked with what let them through (--show-suppressed). */
  readonly keepSuppressed?: boolean;
  readonly probe?: Prober;
  readonly consumers?: readonly MatchConsumer[];
  readonly place?: Placer;
  /** What the scan covers (repository, branch, paths), gathered while it runs; it goes into the summary. */
  readonly target?: Promise<ScanTarget>;
}

export interface ScanResult {
  readonly findings: Finding[];
  readonly summary: Summary;
}

const bySeverity = (findings: readonly Finding[], s: Severity) => findings.filter((f) => f.severity === s).length;

/**
 * The pipeline: units from a source ─▶ engine and matchers ─▶ filters ─▶
 * (probe) ─▶ finalize ─▶ findings. Units are finalized as they arrive, so only
 * the unique secrets to probe are held until the end.
 */
export async function runPipeline(items: AsyncIterable<SourceItem>, mode: Mode, options: PipelineOptions = {}): Promise<ScanResult> {
  // process.hrtime, not performance.now(): the `performance` global loads perf_hooks, milliseconds of every hook run.
  const started = process.hrtime.bigint();
  // Awaited at the end; a failure meanwhile must not count as unhandled.
  options.target?.catch(() => undefined);
  // Built at the first item, not before: by then the source has started its work (git's processes for a staged
  // scan), and building the keyword tables (a few milliseconds) overlaps it instead of coming first.
  let built: Engine | undefined;
  const engine = () => (built ??= engineFor(options.rules ?? builtinRules));
  const filters = [...builtinFilters({ inlineAllow: options.inlineAllow !== false }), ...(options.filters ?? [])];
  const findings: Finding[] = [];
  // Finalized like the others (so only redacted forms), and placed with them: counted after placement, as findings are.
  const suppressed: Finding[] = [];
  const skipped: ShownSkipped[] = [];
  const toProbe = new Map<string, ProbeRequest>();
  let files = 0;
  let bytes = 0;
  // A history reads many blobs by one name (a file edited in every commit): a name that held no key is not scanned again.
  const cleanNames = mode === 'history' ? new Set<string>() : undefined;
  const keysIn = (name: string): readonly Match[] => {
    if (cleanNames?.has(name)) return [];
    const found = keysInName(engine(), name);
    if (found.length === 0) cleanNames?.add(name);
    return found;
  };
  const keep = (m: Match, siblings: readonly Match[]) => {
    for (const filter of filters) {
      const verdict = filter(m);
      if (verdict === OUT_OF_SCOPE) return;
      if (verdict !== undefined) {
        suppressed.push({ ...finalize(m, siblings), suppressed: verdict });
        return;
      }
    }
    for (const consume of options.consumers ?? []) consume(m);
    const finding = finalize(m, siblings);
    findings.push(finding);
    if (options.probe && m.kind === 'secret' && !toProbe.has(finding.fingerprint)) {
      toProbe.set(finding.fingerprint, { rule: m.rule, secret: m.secret, fingerprint: finding.fingerprint, ...(m.pairedWith !== undefined ? { pairedWith: m.pairedWith } : {}) });
    }
  };

  for await (const item of items) {
    if (isSkipped(item)) {
      skipped.push(shownSkipped(item));
      for (const m of keysIn(item.path)) keep(m, [m]);
      continue;
    }
    if (isPassedOver(item)) {
      files += item.passedOver;
      bytes += item.bytes;
      continue;
    }
    files++;
    bytes += item.bytes.length;
    const all = engine().scan(item);
    // One at a time: a spread of a .env linter's 200,000 matches would overflow the call stack.
    for (const matcher of options.matchers ?? []) for (const m of matcher(item)) all.push(m);
    for (const m of all) keep(m, all);
    for (const m of keysIn(item.path)) keep(m, [m]);
  }

  const placed = options.place ? await options.place([...findings, ...suppressed]) : [...findings, ...suppressed];
  let result = placed.filter((f) => f.suppressed === undefined);
  const letThrough = placed.filter((f) => f.suppressed !== undefined);
  if (options.probe && toProbe.size > 0) {
    const answers = await options.probe([...toProbe.values()]);
    result = result.map((f) => {
      const probe = answers.get(f.fingerprint);
      return probe ? { ...f, probe } : f;
    });
  }
  if (options.keepSuppressed) result = [...result, ...letThrough];
  result.sort(compareFindings);
  const active = result.filter((f) => f.suppressed === undefined);
  const target = await options.target;
  return {
    findings: result,
    summary: {
      mode,
      files,
      bytes,
      errors: bySeverity(active, 'error'),
      warnings: bySeverity(active, 'warning'),
      durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e6),
      // Readers on several threads hand skips over in no fixed order: a report lists them by path.
      skipped: skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
      suppressed: countSuppressed(letThrough),
      covered: { files, bytes },
      ...(target ? { target } : {}),
    },
  };
}

/**
 * Keys in a file's name: a key pasted where a name goes is as leaked as one in
 * the content. The name is scanned as a unit of its own, so the finding points
 * into the name (line 1) and says so.
 */
function keysInName(engine: Engine, path: string): Match[] {
  const unit: ScanUnit = { path, bytes: Buffer.from(path) };
  return engine.scan(unit).map((m) => ({
    ...m,
    message: `${m.rule.title} in a file name: rename the file${m.rule.rotateAt ? ` and rotate the key at ${m.rule.rotateAt}` : ''}`,
  }));
}

function countSuppressed(findings: readonly Finding[]): SuppressedCounts {
  const counts = { inline: 0, baseline: 0, config: 0 };
  for (const f of findings) if (f.suppressed) counts[f.suppressed.by]++;
  return counts;
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.line - b.line ||
    a.column - b.column ||
    (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0)
  );
}
