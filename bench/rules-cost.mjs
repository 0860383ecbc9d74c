/**
 * What the provider rules cost: the folder scan with every built-in rule
 * against the same build with only the six first rules (OpenAI and Anthropic,
 * the others switched off in a config), interleaved run by run on two trees:
 * the generated bench corpus and a real npm dependency tree (installed once
 * into bench/.corpus/npm-tree with --ignore-scripts, then reused).
 *
 *   node bench/rules-cost.mjs [--runs N]   (default 9 rounds; each round's own ratio is printed too)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { builtinRules } from '../dist/rules/index.js';
import { CLI } from './cli.mjs';
import { ensureCorpus } from './corpus.mjs';
import { ensureNpmTree } from './npm-tree.mjs';
import { median, run } from './timing.mjs';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '9' } } });
const runs = Number(values.runs);
const root = fileURLToPath(new URL('./.corpus/', import.meta.url));

const FIRST_RULES = ['openai-project-key', 'openai-service-account-key', 'openai-admin-key', 'openai-legacy-key', 'anthropic-api-key', 'anthropic-admin-key'];


function firstRulesConfig() {
  const dir = path.join(root, 'configs');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'first-rules.json');
  const off = Object.fromEntries(builtinRules.filter((r) => !FIRST_RULES.includes(r.id)).map((r) => [r.id, 'off']));
  writeFileSync(file, `${JSON.stringify({ rules: off }, null, 1)}\n`);
  return file;
}

/** One warm-up each, then `runs` rounds of (all rules, first rules), so both see the same machine. */
async function interleaved(dir, config) {
  const cases = { all: ['.', '--format', 'json', '--no-baseline'], first: ['.', '--format', 'json', '--no-baseline', '--config', config] };
  const times = { all: [], first: [] };
  const last = {};
  for (const [name, args] of Object.entries(cases)) last[name] = await run(process.execPath, [CLI, ...args], { cwd: dir });
  for (let i = 0; i < runs; i++) {
    for (const [name, args] of Object.entries(cases)) {
      const r = await run(process.execPath, [CLI, ...args], { cwd: dir });
      times[name].push(r.ms);
      last[name] = r;
    }
  }
  const summary = (r) => JSON.parse(r.stdout).summary;
  // Each round's own ratio: the two runs of a round saw the same machine, so the spread of these says how far to trust one.
  const ratios = times.all.map((t, i) => t / times.first[i]).sort((a, b) => a - b);
  return { all: median(times.all), first: median(times.first), ratios, allSummary: summary(last.all), firstSummary: summary(last.first) };
}

const config = firstRulesConfig();
const corpus = await ensureCorpus(root);
const tree = await ensureNpmTree(root);
console.log('');
console.log(`provider rules: ${builtinRules.length} rules against the first ${FIRST_RULES.length}, same build, interleaved, median of ${runs}`);
for (const [label, dir] of [
  ['bench corpus', corpus.dir],
  [`npm tree (${tree.manifest.packages.length} packages)`, tree.dir],
]) {
  const m = await interleaved(dir, config);
  const mb = (m.allSummary.bytes / 1e6).toFixed(0);
  console.log(
    `${label.padEnd(28)} ${m.allSummary.files} files, ${mb} MB: all rules ${Math.round(m.all)} ms, first rules ${Math.round(m.first)} ms, ` +
      `${(m.all / m.first).toFixed(2)}x (round by round: median ${median(m.ratios).toFixed(2)}x, ${m.ratios[0].toFixed(2)}-${m.ratios.at(-1).toFixed(2)}x); findings ${m.allSummary.errors + m.allSummary.warnings} vs ${m.firstSummary.errors + m.firstSummary.warnings}`,
  );
}
