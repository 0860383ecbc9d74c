import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tempDir } from './repo.js';

/** Debian's chromium (.ci/run installs it). A missing browser fails the test: it is never skipped. */
export const CHROMIUM = process.env.CHROMIUM ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p)) ?? 'chromium';

export interface RenderedPage {
  /** The DOM after the page's scripts ran. */
  readonly dom: string;
  /** Every console message of the page: errors, warnings, logs and CSP violations alike. */
  readonly console: string[];
}

/** Headless, offline, throwaway profile: nothing is fetched and nothing is kept. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-logging=stderr',
  '--v=0',
];

/** Loads a page in headless Chromium and returns its DOM and console messages. */
export function renderPage(url: string): Promise<RenderedPage> {
  return new Promise((resolve, reject) => {
    const child = spawn(CHROMIUM, [...FLAGS, `--user-data-dir=${tempDir('scan-keys-chromium-')}`, '--dump-dom', url], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let dom = '';
    let log = '';
    child.stdout.on('data', (c: Buffer) => (dom += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (log += c.toString('utf8')));
    child.on('error', (err) => reject(new Error(`cannot start ${CHROMIUM}: ${err.message} (apt-get install chromium)`)));
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${CHROMIUM} exited ${code}: ${log.slice(-500)}`));
      // Chromium logs page console messages as `...:CONSOLE(line)] "text", source: url (line)` or `:CONSOLE:line]`.
      resolve({ dom, console: log.split('\n').filter((l) => /:CONSOLE[(:]/.test(l)) });
    });
  });
}
