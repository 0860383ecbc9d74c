/**
 * The library API: the same engine and sources the CLI uses.
 *
 *   import { scanText, scanPaths, scanStaged, scanHistory } from 'scan-keys';
 */
import { runPipeline, type PipelineOptions, type ScanResult } from './pipeline.js';
import { fileUnits, type FileSourceOptions } from './sources/files.js';
import { Repo } from './sources/git.js';
import { stagedUnits, type StagedSourceOptions } from './sources/staged.js';
import type { SourceItem } from './sources/unit.js';
import type { Finding } from './finding.js';
import { dotenvMatcher } from './dotenv/lint.js';
import { runHistoryScan, type HistoryScanOptions } from './history/scan.js';
import { historyRevs } from './sources/history.js';

export type { Finding, Mode, ProbeResult, ProbeStatus, Summary } from './finding.js';
export type { Rule, RuleInfo, Severity, Verdict } from './rules/rule.js';
export type { PipelineOptions, ScanResult, Prober, ProbeRequest, Matcher } from './pipeline.js';
export type { FileSourceOptions } from './sources/files.js';
export type { StagedSourceOptions } from './sources/staged.js';
export type { HistoryScanOptions } from './history/scan.js';
export type { HistoryProgress } from './sources/history.js';
export type { Commit, LineRanges, ScanUnit, SkippedFile } from './sources/unit.js';
export { builtinRules } from './rules/index.js';
export { fingerprint } from './finalize.js';
export { redact, shown, type Shown } from './redact.js';
export { fake } from './rules/fake.js';
export { ScanKeysError, UsageError, ConfigError, GitError } from './errors.js';
export { createProber, type ProberOptions } from './probe/prober.js';
export { parseDotenv, printDotenv } from './dotenv/parse.js';
export type { DotenvDocument, DotenvEntry, DotenvLine, EntryParts } from './dotenv/parse.js';
export { lintDotenv, isDotenvPath, dotenvMatcher, dotenvRules } from './dotenv/lint.js';
export type { DotenvProblem, DotenvRule, LintOptions } from './dotenv/lint.js';
export { fixDotenv } from './dotenv/fix.js';

/** .env lint runs by default; options.matchers replaces it. */
const withDotenv = <T extends PipelineOptions>(options: T, staged: boolean): T => ({
  ...options,
  matchers: options.matchers ?? [dotenvMatcher({ staged })],
});

async function* one(item: SourceItem): AsyncGenerator<SourceItem> {
  yield item;
}

/** Scans a string as if it were the file `path`. */
export async function scanText(text: string, options: PipelineOptions & { path?: string } = {}): Promise<Finding[]> {
  const unit = { path: options.path ?? '<text>', bytes: Buffer.from(text, 'utf8') };
  return (await runPipeline(one(unit), 'files', withDotenv(options, false))).findings;
}

/** Scans files and folders: inside git the files git would track, elsewhere every file not ignored. */
export function scanPaths(options: FileSourceOptions & PipelineOptions = {}): Promise<ScanResult> {
  return runPipeline(fileUnits(options), 'files', withDotenv(options, false));
}

/** Scans what is staged in the repository holding `cwd`: only the added lines unless allLines is set. */
export async function scanStaged(options: StagedSourceOptions & PipelineOptions = {}): Promise<ScanResult> {
  const repo = await Repo.open(options.cwd ?? process.cwd(), '--staged');
  return runPipeline(stagedUnits(repo, options), 'staged', withDotenv(options, true));
}

/**
 * Scans every unique blob reachable from revs (default: every ref and stash
 * entry) in the repository holding `cwd`; findings carry the commit that
 * introduced them.
 */
export async function scanHistory(
  options: HistoryScanOptions & PipelineOptions & { cwd?: string; revs?: readonly string[] } = {},
): Promise<ScanResult> {
  const repo = await Repo.open(options.cwd ?? process.cwd(), 'scanHistory');
  return runHistoryScan(repo, await historyRevs(repo, options.revs), options, options);
}
