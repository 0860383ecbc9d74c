// Prints how long .env parse, lint and fix take on large generated files (build first: npm run build).
import { parseDotenv, printDotenv } from '../dist/dotenv/parse.js';
import { lintDotenv } from '../dist/dotenv/lint.js';
import { fixDotenv } from '../dist/dotenv/fix.js';

const kinds = [
  (i) => `VAR_${i}=value-${i}`,
  (i) => `  SPACED_${i} = "quoted value ${i} "  `,
  (i) => `# comment ${i} \u00e9`,
  (i) => `MULTI_${i}="line one\nline two"`,
  (i) => `DUP=${i}`,
  (i) => `OPENAI_KEY_${i}=\u201csmart ${i}\u201d`,
];

function file(lines, ending) {
  return Array.from({ length: lines }, (_, i) => kinds[i % kinds.length](i)).join(ending) + ending;
}

function time(label, f) {
  const t = performance.now();
  const r = f();
  console.log(`${label.padEnd(36)} ${(performance.now() - t).toFixed(0).padStart(6)} ms`);
  return r;
}

for (const lines of [1_000, 50_000]) {
  for (const ending of ['\n', '\r\n']) {
    const text = file(lines, ending);
    const name = `${lines} lines, ${(text.length / 1024 / 1024).toFixed(1)} MB, ${ending === '\n' ? 'LF' : 'CRLF'}`;
    console.log(name);
    const doc = time('  parse', () => parseDotenv(text));
    time('  print', () => printDotenv(doc));
    const problems = time('  lint', () => lintDotenv(text));
    const fixed = time('  fix', () => fixDotenv(text));
    console.log(`  ${problems.length} problems, ${fixed.fixed.length} fixed, ${fixed.remaining.length} left`);
  }
}
