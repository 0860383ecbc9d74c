/**
 * The floor a folder scan is measured against: the least a Node program can do
 * for the same job. It lists the files as scan-keys does (git ls-files inside
 * a repository, a readdir walk elsewhere), reads each one whole with blocking
 * calls on the main thread, and looks for the anchors with indexOf. No rules,
 * no report: it prints only how many files hold an anchor.
 *
 *   node bench/floor-reader.mjs ANCHOR... (run in the folder to scan)
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const anchors = process.argv.slice(2).map((a) => Buffer.from(a));

function listed() {
  try {
    const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] });
    return out.toString('utf8').split('\0').filter(Boolean);
  } catch {
    const files = [];
    const walk = (dir) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.name === '.git' || e.name === 'node_modules') continue;
        const p = dir === '.' ? e.name : path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.isFile()) files.push(p);
      }
    };
    walk('.');
    return files;
  }
}

let hits = 0;
for (const file of listed()) {
  let bytes;
  try {
    bytes = readFileSync(file);
  } catch {
    continue;
  }
  if (anchors.some((a) => bytes.indexOf(a) !== -1)) hits++;
}
console.log(hits);
