import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { applyEdits, modify, parse, type FormattingOptions, type ParseError } from 'jsonc-parser';
import { ConfigError } from '../errors.js';
import type { PackageJson } from './detect.js';
import type { Plan } from './plan.js';

/** The task init adds: lint-staged appends the staged paths, and --staged scans their staged content. */
export const LINT_STAGED_TASK = 'scan-keys --staged';

/** Globs that match every file; the first one the config does not use yet becomes our key. */
const MATCH_ALL = ['*', '**/*', '**'];

/** lint-staged's own file names, in the order it reads them (after package.json). */
const CONFIG_FILES = [
  '.lintstagedrc',
  '.lintstagedrc.json',
  '.lintstagedrc.yaml',
  '.lintstagedrc.yml',
  '.lintstagedrc.mjs',
  '.lintstagedrc.mts',
  '.lintstagedrc.js',
  '.lintstagedrc.ts',
  '.lintstagedrc.cjs',
  '.lintstagedrc.cts',
  'lint-staged.config.mjs',
  'lint-staged.config.mts',
  'lint-staged.config.js',
  'lint-staged.config.ts',
  'lint-staged.config.cjs',
  'lint-staged.config.cts',
];

export interface LintStagedConfig {
  readonly file: string;
  readonly text: string;
  /** Where the task map sits in the JSON: ['lint-staged'] in package.json, [] in a JSON rc file; undefined when not JSON. */
  readonly jsonPath: string[] | undefined;
}

/** The lint-staged config lint-staged would use in this package folder, if there is one. */
export function findLintStagedConfig(packageDir: string, pkg: PackageJson | undefined): LintStagedConfig | undefined {
  if (pkg && pkg.data['lint-staged'] !== undefined) return { file: pkg.file, text: pkg.text, jsonPath: ['lint-staged'] };
  for (const name of CONFIG_FILES) {
    const file = path.join(packageDir, name);
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    // .lintstagedrc may be JSON or YAML: it counts as JSON when it parses as an object.
    const json = name === '.lintstagedrc' || name.endsWith('.json') ? parseObject(text) : undefined;
    return { file, text, jsonPath: json ? [] : undefined };
  }
  return undefined;
}

/** A line of the hook, not a comment, that starts lint-staged. */
export function runsLintStaged(hookText: string): boolean {
  return hookText.split('\n').some((line) => !line.trimStart().startsWith('#') && /(?:^|[\s/])lint-staged(?:\s|$)/.test(line));
}

function parseObject(text: string): Record<string, unknown> | undefined {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: false, disallowComments: true });
  return errors.length === 0 && typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The task map (glob -> command or commands) of a JSON config. */
function taskMap(config: LintStagedConfig): Record<string, unknown> {
  let node: unknown = parseObject(config.text);
  for (const key of config.jsonPath ?? []) node = (node as Record<string, unknown> | undefined)?.[key];
  if (typeof node !== 'object' || node === null || Array.isArray(node)) {
    throw new ConfigError(`${config.file}: the lint-staged config is not an object of glob: command entries`);
  }
  return node as Record<string, unknown>;
}

const hasTask = (value: unknown) => value === LINT_STAGED_TASK || (Array.isArray(value) && value.includes(LINT_STAGED_TASK));

/** In a JSON config, a task that is ours; in any other, the command written anywhere in the file. */
function alreadyRuns(config: LintStagedConfig): boolean {
  return config.jsonPath ? Object.values(taskMap(config)).some(hasTask) : config.text.includes(LINT_STAGED_TASK);
}

/** Keeps the file's own indentation and line endings, so the edit is one added line. */
function formattingOf(text: string): FormattingOptions {
  const indent = /^([ \t]+)"/m.exec(text)?.[1] ?? '  ';
  return { insertSpaces: !indent.startsWith('\t'), tabSize: indent.startsWith('\t') ? 1 : indent.length, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

function edit(config: LintStagedConfig, key: string, value: unknown): string {
  const at = [...(config.jsonPath ?? []), key];
  return applyEdits(config.text, modify(config.text, at, value, { formattingOptions: formattingOf(config.text) }));
}

function whatToAdd(config: LintStagedConfig): string {
  return `add a task that runs '${LINT_STAGED_TASK}' on every file (for example "*": "${LINT_STAGED_TASK}") to ${config.file}`;
}

/** Adds `"*": "scan-keys --staged"` (or under another match-all glob) to the lint-staged config. */
export function planLintStagedTask(config: LintStagedConfig): Plan {
  const where = `lint-staged (${path.basename(config.file)})`;
  if (alreadyRuns(config)) return { where, steps: [], notes: [] };
  if (!config.jsonPath) {
    throw new ConfigError(`lint-staged is configured in ${config.file}, which scan-keys init does not edit: ${whatToAdd(config)}, then run scan-keys init again`);
  }
  const tasks = taskMap(config);
  const key = MATCH_ALL.find((k) => !(k in tasks));
  if (key === undefined) throw new ConfigError(`${config.file} already uses every match-all glob scan-keys tries: ${whatToAdd(config)} by hand`);
  return {
    where,
    steps: [{ kind: 'write', file: config.file, content: edit(config, key, LINT_STAGED_TASK), says: `add the lint-staged task "${key}": "${LINT_STAGED_TASK}"` }],
    notes: [],
  };
}

/** Removes the task init added (a whole entry, or one command of a list). */
export function planLintStagedRemoval(config: LintStagedConfig): Plan | undefined {
  if (!alreadyRuns(config)) return undefined;
  const where = `lint-staged (${path.basename(config.file)})`;
  if (!config.jsonPath) {
    throw new ConfigError(`${config.file} runs ${LINT_STAGED_TASK}, and scan-keys init does not edit this kind of file: remove that task by hand`);
  }
  let text = config.text;
  for (const [key, value] of Object.entries(taskMap(config))) {
    if (!hasTask(value)) continue;
    const rest = Array.isArray(value) ? value.filter((c) => c !== LINT_STAGED_TASK) : [];
    text = edit({ ...config, text }, key, rest.length === 0 ? undefined : rest);
  }
  return { where, steps: [{ kind: 'write', file: config.file, content: text, says: `remove the lint-staged task ${LINT_STAGED_TASK}` }], notes: [] };
}
