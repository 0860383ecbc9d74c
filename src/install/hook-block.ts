import path from 'node:path';
import { ConfigError } from '../errors.js';

/**
 * The lines init puts into a shell hook, between two marker lines so that a
 * second run finds them (and changes nothing) and --uninstall removes exactly
 * them. The same block serves husky's .husky/pre-commit and a plain git hook.
 */

const BEGIN = '# >>> scan-keys';
const END = '# <<< scan-keys';
const CREATED = '# scan-keys init created this file; --uninstall deletes it unless other lines were added.';
/** The git hooks init installs. */
export type HookName = 'pre-commit' | 'pre-push';
/** Where a hook that is not a shell script is moved, to be run after the scan. */
export const LOCAL_HOOK = 'pre-commit.local';
export const localHook = (hook: HookName) => `${hook}.local`;
const chainLine = (hook: HookName) => `if [ -x "$(dirname "$0")/${localHook(hook)}" ]; then exec "$(dirname "$0")/${localHook(hook)}" "$@"; fi`;
const CHAIN = chainLine('pre-commit');

export interface BlockOptions {
  /** The project's own scan-keys, relative to the repository root (hooks run there): `node_modules/.bin/scan-keys`. */
  readonly bin: string;
  /** init wrote the whole file, so uninstall may delete it. */
  readonly created: boolean;
  /** The previous hook lives in pre-commit.local and runs after the scan. */
  readonly chained: boolean;
  /** Default pre-commit. */
  readonly hook?: HookName;
}

/** POSIX shell single quotes: safe for any folder name. */
function quote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

/**
 * Runs the project's own scan-keys when it is installed, else one on PATH; with
 * neither it stops the commit and says how to install. It never calls npx, so
 * nothing is ever downloaded at commit time (and npm's own parsing of flags
 * after the package name cannot swallow --staged).
 */
export function renderBlock(o: BlockOptions): string {
  if (o.hook === 'pre-push') return renderPrePushBlock(o);
  const bin = quote(o.bin);
  const lines = [
    `${BEGIN}: stops a commit that adds an API key (from \`scan-keys init\`; \`scan-keys init --uninstall\` removes it)`,
    `if [ -x ${bin} ]; then`,
    `  ${bin} --staged || exit $?`,
    'elif command -v scan-keys >/dev/null 2>&1; then',
    '  scan-keys --staged || exit $?',
    'else',
    "  echo 'scan-keys: not installed, so the staged changes were not scanned and the commit is stopped.' >&2",
    "  echo 'scan-keys: install it with: npm install --save-dev scan-keys   (git commit --no-verify skips the check once)' >&2",
    '  exit 1',
    'fi',
    ...(o.created ? [CREATED] : []),
    ...(o.chained ? [`# The hook that was here before scan-keys init, moved to ${LOCAL_HOOK}: it runs after the scan.`, CHAIN] : []),
    END,
  ];
  return `${lines.join('\n')}\n`;
}

/** Held while scan-keys reads git's ref lines, then given back as stdin to the rest of the hook. */
const REFS = 'scan_keys_refs';

/**
 * The pre-push check: git's ref lines on stdin go to `scan-keys pre-push`
 * with the remote's name and URL. They are read once and handed on, so that
 * the user's own commands after the block (or the moved hook) still get them.
 * A here-document expands the variable once and never its value.
 */
function renderPrePushBlock(o: BlockOptions): string {
  const bin = quote(o.bin);
  const feed = `printf '%s\\n' "$${REFS}" |`;
  const lines = [
    `${BEGIN}: stops a push of commits that hold an API key (from \`scan-keys init --pre-push\`; \`scan-keys init --uninstall\` removes it)`,
    `${REFS}=$(cat)`,
    `if [ -x ${bin} ]; then`,
    `  ${feed} ${bin} pre-push "$@" || exit $?`,
    'elif command -v scan-keys >/dev/null 2>&1; then',
    `  ${feed} scan-keys pre-push "$@" || exit $?`,
    'else',
    "  echo 'scan-keys: not installed, so the commits being pushed were not scanned and the push is stopped.' >&2",
    "  echo 'scan-keys: install it with: npm install --save-dev scan-keys   (git push --no-verify skips the check once)' >&2",
    '  exit 1',
    'fi',
    'exec <<SCAN_KEYS_REFS',
    `$${REFS}`,
    'SCAN_KEYS_REFS',
    ...(o.created ? [CREATED] : []),
    ...(o.chained ? [`# The hook that was here before scan-keys init, moved to ${localHook('pre-push')}: it runs after the scan.`, chainLine('pre-push')] : []),
    END,
  ];
  return `${lines.join('\n')}\n`;
}

export interface FoundBlock {
  /** Character offsets of the block, its last newline included. */
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly created: boolean;
  readonly chained: boolean;
}

/** Our block in a file's text, if there is one. A begin marker without its end is an error, not a guess. */
export function findBlock(text: string, file: string): FoundBlock | undefined {
  const start = lineStartOf(text, BEGIN);
  if (start === undefined) return undefined;
  const endLine = lineStartOf(text, END, start);
  if (endLine === undefined) {
    throw new ConfigError(`${file} has a '${BEGIN}' line without its '${END}' line: fix it by hand, then run scan-keys init again`);
  }
  const newline = text.indexOf('\n', endLine);
  const end = newline === -1 ? text.length : newline + 1;
  const block = text.slice(start, end);
  const chained = block.includes(CHAIN) || block.includes(chainLine('pre-push'));
  return { start, end, text: block, created: block.includes(CREATED), chained };
}

/** Offset of the first line that starts with `marker`, at or after `from`. */
function lineStartOf(text: string, marker: string, from = 0): number | undefined {
  let at = from;
  while (at <= text.length) {
    if (text.startsWith(marker, at)) return at;
    const next = text.indexOf('\n', at);
    if (next === -1) return undefined;
    at = next + 1;
  }
  return undefined;
}

/** The file without our block: exactly what it was before init added it. */
export function withoutBlock(text: string, found: FoundBlock): string {
  return text.slice(0, found.start) + text.slice(found.end);
}

export function replaceBlock(text: string, found: FoundBlock, block: string): string {
  return text.slice(0, found.start) + block + text.slice(found.end);
}

/**
 * Puts the block near the top: after the shebang and husky 8's `. "…/husky.sh"`
 * line, before the user's commands. Appended at the end it would never run in
 * a hook that ends with `exit 0` or `exec …` (as the pre-commit framework's does).
 */
export function insertBlock(text: string, block: string): string {
  let at = 0;
  const lines = text.split('\n');
  if (lines[0]?.startsWith('#!')) {
    at = 1;
    if (isHuskyShLine(lines[1] ?? '')) at = 2;
  }
  const head = lines.slice(0, at).join('\n');
  if (at === 0) return block + text;
  const rest = lines.slice(at).join('\n');
  return `${head}\n${block}${rest}`;
}

/** husky 8's `. "$(dirname -- "$0")/_/husky.sh"`, which must stay the second line of its hooks. */
export function isHuskyShLine(line: string): boolean {
  return /^\.\s+"\$\(dirname (?:-- )?"\$0"\)\/_\/husky\.sh"\s*$/.test(line);
}

/** The shells a hook's shebang may name for init to edit it in place. */
const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'ash', 'mksh', 'busybox']);

/** True when the first line is a shebang that runs a POSIX-like shell (directly or through env). */
export function isShellScript(text: string): boolean {
  const first = text.split('\n', 1)[0] ?? '';
  if (!first.startsWith('#!')) return false;
  const words = first.slice(2).trim().split(/\s+/);
  let program = path.posix.basename(words[0] ?? '');
  if (program === 'env') program = path.posix.basename(words.slice(1).find((w) => !w.startsWith('-')) ?? '');
  return SHELLS.has(program);
}
