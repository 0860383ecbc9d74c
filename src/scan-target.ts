import type { ScanTarget } from './finding.js';
import { shown } from './redact.js';
import type { Repo } from './sources/git.js';

/** The reports whose header says what was scanned; the others (text above all: the hook) never pay for the git calls. */
const TARGET_FORMATS: ReadonlySet<string> = new Set(['json', 'sarif', 'html']);

export const wantsTarget = (formats: readonly { readonly format: string }[]): boolean => formats.some((t) => TARGET_FORMATS.has(t.format));

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
/** ssh authenticates with keys: its user name (git@) is an address, not a credential. Elsewhere a lone user name is often a token. */
const KEEPS_USER = new Set(['ssh:', 'git+ssh:', 'ssh+git:']);

/**
 * A remote URL as a report may show it: without a password, without a token
 * put where a user name goes (https://TOKEN@host/...), and without a query or
 * fragment (?private_token=...). A local path is left as it is.
 */
export function withoutCredentials(url: string): string {
  if (SCHEME.test(url)) return withoutUserinfo(url);
  // scp-like user@host:path: a user name stays, a user:password goes. The @ that counts is the last before the path's first slash.
  const at = url.lastIndexOf('@', firstOf(url, '/'));
  if (at === -1 || !url.slice(at + 1, firstOf(url, '/')).includes(':')) return url;
  return url.slice(0, at).includes(':') ? url.slice(at + 1) : url;
}

function withoutUserinfo(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL Node reads: cut whatever lies between the scheme and the host's last @.
    const start = url.indexOf('://') + 3;
    const at = url.lastIndexOf('@', firstOf(url, '/?#', start));
    return at === -1 ? url : `${url.slice(0, start)}${url.slice(at + 1)}`;
  }
  if (!KEEPS_USER.has(parsed.protocol)) parsed.username = '';
  parsed.password = '';
  parsed.search = '';
  parsed.hash = '';
  return parsed.href;
}

/** The index of the first of `chars` in `text` at or after `from`, or the text's length. */
function firstOf(text: string, chars: string, from = 0): number {
  for (let i = from; i < text.length; i++) if (chars.includes(text.charAt(i))) return i;
  return text.length;
}

export interface Scanned {
  readonly paths?: readonly string[];
  readonly revisions?: readonly string[];
}

/**
 * What a scan covers, gathered while it runs: the repository's remote (no
 * credentials), branch and HEAD, and the paths or revisions it was given, all
 * through the one redaction step. Outside git, only the paths.
 */
export async function scanTarget(repo: Repo | undefined, scanned: Scanned): Promise<ScanTarget> {
  const where = repo ? await repo.whereabouts() : {};
  const list = (items: readonly string[] | undefined) => (items && items.length > 0 ? items.map((item) => shown(item)) : undefined);
  const paths = list(scanned.paths);
  const revisions = list(scanned.revisions);
  return {
    ...(where.remoteUrl ? { repository: shown(withoutCredentials(where.remoteUrl)) } : {}),
    ...(where.branch ? { branch: shown(where.branch) } : {}),
    ...(where.head ? { head: where.head } : {}),
    ...(paths ? { paths } : {}),
    ...(revisions ? { revisions } : {}),
  };
}
