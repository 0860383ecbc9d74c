/**
 * The floor a history audit is measured against beside ripgrep's: the least a
 * Node program can do for the same job. It starts the two git processes a
 * first audit starts (`rev-list --objects` piped into `cat-file --batch`, git
 * to git), reads every byte cat-file prints, and looks for the anchors with
 * indexOf in each chunk as it arrives, and across each cut between two chunks
 * (an anchor cut in two is still seen). No parsing of the objects, no rules,
 * no trace to commits, no report: it prints how many anchors it saw.
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
/** The last bytes of the output so far: an anchor may start there and end in the next chunk. */
let tail = Buffer.alloc(0);
read.stdout.on('data', (chunk) => {
  for (const a of anchors) for (let at = chunk.indexOf(a); at !== -1; at = chunk.indexOf(a, at + 1)) hits++;
  if (tail.length > 0) {
    // Only the bytes around the cut are joined (a copy of every chunk would be work scan-keys does not do).
    const seam = Buffer.concat([tail, chunk.subarray(0, keep)]);
    for (const a of anchors) {
      for (let at = seam.indexOf(a); at !== -1 && at < tail.length; at = seam.indexOf(a, at + 1)) if (at + a.length > tail.length) hits++;
    }
  }
  tail = chunk.length >= keep ? chunk.subarray(chunk.length - keep) : Buffer.concat([tail, chunk]).subarray(-keep);
});
// rev-list failing would leave cat-file a short listing to answer: a floor faster than the job.
const listed = new Promise((resolve) => list.on('close', resolve));
read.on('close', async (code) => {
  const listCode = await listed;
  if (code !== 0 || listCode !== 0) {
    console.error(`bench/floor-history.mjs: git ${listCode !== 0 ? `rev-list exited ${listCode}` : `cat-file exited ${code}`}`);
    process.exit(2);
  }
  console.log(hits);
});
