/**
 * The floor a history audit is measured against beside ripgrep's: the least a
 * Node program can do for the same job. It starts the two git processes a
 * first audit starts (`rev-list --objects` piped into `cat-file --batch`, git
 * to git), reads every byte cat-file prints, and looks for the anchors with
 * indexOf in each chunk as it arrives (keeping the last bytes of a chunk, so
 * that an anchor cut in two is still seen). No parsing of the objects, no
 * rules, no trace to commits, no report: it prints how many anchors it saw.
 *
 *   node bench/floor-history.mjs ANCHOR... (run in the repository)
 */
import { spawn } from 'node:child_process';

const anchors = process.argv.slice(2).map((a) => Buffer.from(a));
const keep = Math.max(0, ...anchors.map((a) => a.length - 1));

const list = spawn('git', ['rev-list', '--objects', '--filter=object:type=blob', '--all', '--'], { stdio: ['ignore', 'pipe', 'inherit'] });
const read = spawn('git', ['cat-file', '--buffer', '--batch=%(objecttype) %(objectname) %(objectsize) %(rest)'], { stdio: [list.stdout, 'pipe', 'inherit'] });
list.stdout.destroy();

let hits = 0;
let tail = Buffer.alloc(0);
read.stdout.on('data', (chunk) => {
  const data = tail.length > 0 ? Buffer.concat([tail, chunk]) : chunk;
  for (const a of anchors) {
    // An anchor wholly inside the kept tail was counted with the chunk before.
    for (let at = data.indexOf(a); at !== -1; at = data.indexOf(a, at + 1)) if (at + a.length > tail.length) hits++;
  }
  tail = data.subarray(Math.max(0, data.length - keep));
});
read.on('close', (code) => {
  if (code !== 0) {
    console.error(`bench/floor-history.mjs: git cat-file exited ${code}`);
    process.exit(2);
  }
  console.log(hits);
});
