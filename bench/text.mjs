/**
 * Source-like text for the benchmark corpus: plausible lines of TypeScript,
 * Python, Go, Markdown, JSON, YAML, logs and minified bundles, drawn from a
 * seeded random source so that the same seed always gives the same bytes.
 */

const WORDS = (
  'user account request response handler config value result item list index buffer stream token session ' +
  'cache client server message error status query record field model view route event queue worker path file ' +
  'line node tree map set count size offset limit page order price total amount date time name title label ' +
  'text data payload header body options params context state store action reducer effect service provider ' +
  'factory builder parser writer reader loader runner task job batch chunk block frame layer scope entry table ' +
  'column row schema source target output input risk proj desk mask ask'
).split(' ');

/** Prose that is not plain ASCII, as real READMEs and comments are. */
const UNICODE = ['café', 'naïve', 'Zürich', 'über', '日本語', 'données', 'résumé', '→', '✓', 'Ελληνικά'];

export const pick = (rand, list) => list[Math.floor(rand() * list.length)];
export const int = (rand, lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));

export const word = (rand) => pick(rand, WORDS);
const cap = (w) => w[0].toUpperCase() + w.slice(1);
const camel = (rand) => word(rand) + (rand() < 0.6 ? cap(word(rand)) : '') + (rand() < 0.2 ? cap(word(rand)) : '');
const snake = (rand) => word(rand) + (rand() < 0.6 ? `_${word(rand)}` : '');
const sentence = (rand) => {
  const n = int(rand, 4, 16);
  const words = Array.from({ length: n }, () => (rand() < 0.04 ? pick(rand, UNICODE) : word(rand)));
  return `${cap(words.join(' '))}.`;
};
const indent = (rand) => '  '.repeat(int(rand, 0, 3));

/** One line generator per kind of file. */
const LINES = {
  ts: [
    (r) => `import { ${camel(r)}, ${camel(r)} } from './${word(r)}/${word(r)}.js';`,
    (r) => `export function ${camel(r)}(${camel(r)}: string, ${camel(r)}: number): ${cap(camel(r))} {`,
    (r) => `${indent(r)}const ${camel(r)} = ${camel(r)}.${camel(r)}(${camel(r)}, ${int(r, 0, 9999)});`,
    (r) => `${indent(r)}if (${camel(r)}.length > ${int(r, 1, 64)}) return ${rand3(r)};`,
    (r) => `${indent(r)}// ${sentence(r)}`,
    (r) => `${indent(r)}return { ${camel(r)}, ${camel(r)}: ${camel(r)}.${camel(r)} };`,
    (r) => `${indent(r)}await this.${camel(r)}.${camel(r)}('${word(r)}-${word(r)}', { ${word(r)}: true });`,
    () => '}',
    () => '',
  ],
  py: [
    (r) => `def ${snake(r)}(${snake(r)}, ${snake(r)}=None):`,
    (r) => `${'    '.repeat(int(r, 1, 3))}${snake(r)} = ${snake(r)}.${snake(r)}(${snake(r)}, ${int(r, 0, 999)})`,
    (r) => `${'    '.repeat(int(r, 0, 2))}# ${sentence(r)}`,
    (r) => `from ${word(r)}.${word(r)} import ${cap(camel(r))}`,
    (r) => `class ${cap(camel(r))}(${cap(word(r))}):`,
    (r) => `${'    '.repeat(int(r, 1, 2))}return ${snake(r)}`,
    () => '',
  ],
  go: [
    (r) => `func (s *${cap(camel(r))}) ${cap(camel(r))}(ctx context.Context, ${camel(r)} string) error {`,
    (r) => `\t${camel(r)}, err := s.${camel(r)}.${cap(camel(r))}(ctx, ${int(r, 0, 99)})`,
    () => '\tif err != nil {\n\t\treturn err\n\t}',
    (r) => `\t// ${sentence(r)}`,
    () => '}',
    () => '',
  ],
  md: [
    (r) => `## ${cap(word(r))} ${word(r)}`,
    (r) => `${sentence(r)} ${sentence(r)} ${sentence(r)}`,
    (r) => `- ${sentence(r)}`,
    (r) => `See [${word(r)}](https://example.invalid/${word(r)}/${word(r)}) for the ${word(r)} ${word(r)}.`,
    () => '',
  ],
  json: [
    (r) => `  "${camel(r)}": "${word(r)}-${word(r)}-${int(r, 0, 999)}",`,
    (r) => `  "${camel(r)}": ${int(r, 0, 100000)},`,
    (r) => `  "${camel(r)}": ${r() < 0.5 ? 'true' : 'false'},`,
    (r) => `  "${camel(r)}": ["${word(r)}", "${word(r)}"],`,
  ],
  yml: [
    (r) => `${indent(r)}${snake(r)}: ${word(r)}`,
    (r) => `${indent(r)}- name: ${word(r)}-${word(r)}`,
    (r) => `${indent(r)}# ${sentence(r)}`,
  ],
  env: [
    (r) => `${snake(r).toUpperCase()}=${word(r)}-${int(r, 0, 999)}`,
    (r) => `# ${sentence(r)}`,
  ],
  log: [
    (r) =>
      `2024-${pad(int(r, 1, 12))}-${pad(int(r, 1, 28))}T${pad(int(r, 0, 23))}:${pad(int(r, 0, 59))}:${pad(int(r, 0, 59))}Z ` +
      `${pick(r, ['INFO', 'WARN', 'DEBUG', 'ERROR'])} ${word(r)}.${word(r)} ${sentence(r)} id=${int(r, 1e5, 1e6)}`,
  ],
};

const pad = (n) => String(n).padStart(2, '0');
const rand3 = (r) => pick(r, ['null', 'undefined', 'false', '0', "''"]);

export const TEXT_KINDS = Object.keys(LINES);

/** A real .env is a few dozen lines, each variable set once; larger ones would make the folder bench a lint bench (bench/dotenv.mjs is that). */
const ENV_MAX_BYTES = 2048;

/** Lines of one kind of file, about `size` bytes in all. */
export function textLines(rand, kind, size) {
  const makers = LINES[kind];
  const lines = [];
  const names = new Set();
  let bytes = 0;
  const target = kind === 'env' ? Math.min(size, ENV_MAX_BYTES) : size;
  while (bytes < target) {
    // A maker may give several lines at once (a Go error check).
    for (const line of pick(rand, makers)(rand).split('\n')) {
      if (kind === 'env') {
        const name = line.split('=')[0];
        if (line.includes('=') && names.has(name)) continue;
        names.add(name);
      }
      lines.push(line);
      bytes += line.length + 1;
    }
  }
  return lines;
}

/** One long line of minified JavaScript, about `size` bytes. */
export function minifiedLine(rand, size) {
  const parts = [];
  let bytes = 0;
  while (bytes < size) {
    const a = camel(rand).slice(0, int(rand, 1, 3));
    const part = pick(rand, [
      () => `var ${a}=${camel(rand)}.${camel(rand)}(${int(rand, 0, 99)}),${a}${int(rand, 0, 9)}=${a}[${int(rand, 0, 9)}];`,
      () => `function ${a}(e,t){return e.${camel(rand)}(t)||"${word(rand)}-${word(rand)}"}`,
      () => `if(${a}&&${a}.length>${int(rand, 0, 99)}){${a}.push("${word(rand)}")}`,
      () => `${a}.prototype.${camel(rand)}=function(){return this.${camel(rand)}};`,
    ])();
    parts.push(part);
    bytes += part.length;
  }
  return parts.join('');
}
