import { describe, expect, test } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { ALLOW_REACH, inlineAllowed, inRanges, LONG_LINE, outsideAddedLines, REASON_MAX } from '../../src/engine/filters.js';
import { scanText } from '../../src/index.js';
import { builtinRules } from '../../src/rules/index.js';
import { fake } from '../../src/rules/fake.js';
import type { LineRanges } from '../../src/sources/unit.js';

const key = fake.openaiProject();
const other = fake.anthropic();
const lines = async (text: string) => (await scanText(text)).map((f) => f.line);

describe('inline allow directives', () => {
  test.each([
    ['scan-keys:allow', `k = "${key}" // scan-keys:allow`],
    ['gitleaks:allow', `k = "${key}" # gitleaks:allow`],
    ['pragma: allowlist secret', `k = "${key}"  # pragma: allowlist secret`],
    ['a directive before the key', `/* scan-keys:allow */ k = "${key}"`],
    ['trufflehog:ignore', `k = "${key}" # trufflehog:ignore`],
    ['ggignore', `k = "${key}" # ggignore`],
    ['secretlint-disable-line', `k = "${key}" // secretlint-disable-line`],
  ])('%s on the key line allows it', async (_what, line) => {
    expect(await lines(`first\n${line}\nlast\n`)).toEqual([]);
  });

  test.each([
    ['scan-keys:allow-next-line', '// scan-keys:allow-next-line'],
    ['pragma: allowlist nextline secret', '# pragma: allowlist nextline secret'],
    ['secretlint-disable-next-line', '// secretlint-disable-next-line'],
  ])('%s allows the line after it, and only that line', async (_what, directive) => {
    const text = `${directive}\nk1 = "${key}"\nk2 = "${key}"\n`;
    expect(await lines(text)).toEqual([3]);
  });

  test('allow-next-line works with CRLF line endings and inside a multi-line string', async () => {
    expect(await lines(`const s = \`\r\n// scan-keys:allow-next-line\r\n${key}\r\n${other}\r\n\`;\r\n`)).toEqual([4]);
  });

  test.each([
    ['a line comment', `k = "${key}" // scan-keys:allow test fixture`, 'test fixture'],
    ['a block comment, cut at its end', `k = "${key}" /* scan-keys:allow: docs example */ + x`, 'docs example'],
    ['an HTML comment', `<p>${key}</p> <!-- gitleaks:allow  rotated in March -->`, 'rotated in March'],
    ['a next-line directive', `// scan-keys:allow-next-line sample for the README\nk = "${key}"`, 'sample for the README'],
    ['no reason', `k = "${key}" // scan-keys:allow`, undefined],
  ])('an allow reason in %s is what follows the directive', async (_what, text, reason) => {
    const [first] = new Engine(builtinRules).scan({ path: 'f', bytes: Buffer.from(`${text}\n`) });
    expect(first && inlineAllowed(first)).toEqual(reason === undefined ? { by: 'inline' } : { by: 'inline', reason });
  });

  test('a reason is cut at REASON_MAX characters and cannot carry a key', () => {
    const long = 'why '.repeat(100);
    const [a] = new Engine(builtinRules).scan({ path: 'f', bytes: Buffer.from(`k = "${key}" // scan-keys:allow ${long}\n`) });
    const cut = (a && inlineAllowed(a))?.reason ?? '';
    expect([...cut]).toHaveLength(REASON_MAX);
    expect(cut.endsWith('…')).toBe(true);
    const [b] = new Engine(builtinRules).scan({ path: 'f', bytes: Buffer.from(`k = "${key}" // scan-keys:allow same as ${other}\n`) });
    const shownReason = (b && inlineAllowed(b))?.reason ?? '';
    expect(shownReason.startsWith('same as sk-ant-api03-…')).toBe(true);
    expect(shownReason.includes(other)).toBe(false);
  });

  test('a directive on another line does not allow the key', async () => {
    expect(await lines(`k = "${key}"\n// scan-keys:allow\n`)).toEqual([1]);
    expect(await lines(`// scan-keys:allow-next-line\n\nk = "${key}"\n`)).toEqual([3]);
  });

  test('allows every key on the allowed line, none on the others', async () => {
    const findings = await scanText(`a = ["${key}", "${other}"] // scan-keys:allow\nb = "${other}"\n`);
    expect(findings.map((f) => [f.line, f.rule])).toEqual([[2, 'anthropic-api-key']]);
  });

  test('a near miss of a directive does not allow anything', async () => {
    for (const near of ['scan-keys: allow', 'scankeys:allow', 'gitleaks allow', 'pragma: allowlist']) {
      expect(await lines(`k = "${key}" // ${near}\n`), near).toEqual([1]);
    }
  });

  test('inlineAllowed looks at the line the match starts on', () => {
    const bytes = Buffer.from(`x\n${key} scan-keys:allow\n${key}\n`);
    const [first, second] = new Engine(builtinRules).scan({ path: 'f', bytes });
    expect(first && inlineAllowed(first)).toEqual({ by: 'inline' });
    expect(second && inlineAllowed(second)).toBeUndefined();
  });
});

describe('allow directives on long lines cover only the keys near them', () => {
  const pad = (n: number) => ' '.repeat(n);
  /** A minified-looking line of exactly `length` bytes: `before` the rest padded with `;`. */
  const minified = (before: string, length: number, after = '') => before + ';'.repeat(length - before.length - after.length) + after;

  test('a directive at the start of a 5,000-byte line does not allow a key far along it', async () => {
    const line = minified(`/* scan-keys:allow */${pad(4000)}k="${key}"`, 5000);
    expect(await lines(`${line}\n`)).toEqual([1]);
  });

  test.each([
    ['after the key', (gapBytes: number) => `k=${key}${pad(gapBytes)}gitleaks:allow`],
    ['before the key', (gapBytes: number) => `# pragma: allowlist secret${pad(gapBytes)}${key};`],
  ])('a directive %s on a long line reaches exactly ALLOW_REACH bytes', async (_where, around) => {
    for (const [gapBytes, expected] of [
      [ALLOW_REACH, []],
      [ALLOW_REACH + 1, [1]],
    ] as const) {
      const line = minified(`${pad(2000)}${around(gapBytes)}`, 4000);
      expect(await lines(`${line}\n`), `gap ${gapBytes}`).toEqual(expected);
    }
  });

  test('on a long line, only the key beside the directive is allowed, not its neighbours', async () => {
    const line = minified(`a="${key}";${pad(1000)}b="${other}" /* scan-keys:allow */;${pad(1000)}c="${key}"`, 3000);
    const findings = await scanText(`${line}\n`);
    expect(findings.map((f) => f.rule)).toEqual(['openai-project-key', 'openai-project-key']);
  });

  test('a line of LONG_LINE bytes keeps the whole-line rule; one byte more and it is scoped', async () => {
    const at = (length: number) => minified(`// scan-keys:allow${pad(300)}`, length, `k="${key}"`);
    expect(at(LONG_LINE)).toHaveLength(LONG_LINE);
    expect(await lines(`${at(LONG_LINE)}\n`)).toEqual([]);
    expect(await lines(`${at(LONG_LINE + 1)}\n`)).toEqual([1]);
  });

  test('a next-line directive at the end of a long line allows a key at the start of the next line', async () => {
    const directiveLine = minified('', 3000, '// scan-keys:allow-next-line');
    expect(await lines(`${directiveLine}\nk="${key}"\n`)).toEqual([]);
    expect(await lines(`${directiveLine}\n${pad(ALLOW_REACH)}k="${key}"\n`)).toEqual([2]);
  });

  test('a next-line directive at the start of a long line allows nothing on the next line', async () => {
    const directiveLine = minified('// scan-keys:allow-next-line', 3000);
    expect(await lines(`${directiveLine}\nk="${key}"\n`)).toEqual([2]);
  });

  test('a next-line directive before a long line allows only a key near that line\'s start', async () => {
    const longLine = minified(`k="${key}";`, 3000, `k="${other}";`);
    const findings = await scanText(`// scan-keys:allow-next-line\n${longLine}\n`);
    expect(findings.map((f) => [f.line, f.rule])).toEqual([[2, 'anthropic-api-key']]);
  });

  test('many directives and keys on one long line: each key is judged by its nearest directive', async () => {
    const allowed = `k="${key}" /*scan-keys:allow*/`;
    const reported = `k="${other}"`;
    const line = Array.from({ length: 200 }, () => `${allowed};${pad(ALLOW_REACH + 10)}${reported};${pad(ALLOW_REACH + 10)}`).join('');
    const findings = await scanText(`${line}\n`);
    expect(findings).toHaveLength(200);
    expect(new Set(findings.map((f) => f.rule))).toEqual(new Set(['anthropic-api-key']));
  });
});

describe('added-line ranges', () => {
  const ranges: LineRanges = [
    [2, 3],
    [7, 7],
  ];

  test('inRanges is inclusive at both ends', () => {
    expect([1, 2, 3, 4, 6, 7, 8].map((n) => inRanges(ranges, n))).toEqual([false, true, true, false, false, true, false]);
    expect(inRanges([], 1)).toBe(false);
  });

  test('outsideAddedLines drops matches on lines the commit does not add; without ranges it drops none', () => {
    const text = Array.from({ length: 8 }, (_, i) => `l${i + 1} ${key}`).join('\n');
    const engine = new Engine(builtinRules);
    const limited = engine.scan({ path: 'f', bytes: Buffer.from(text), addedLines: ranges });
    expect(limited.filter((m) => !outsideAddedLines(m)).map((m) => m.start)).toEqual([1, 2, 6].map((i) => text.indexOf(`l${i + 1} `) + 3));
    const whole = engine.scan({ path: 'f', bytes: Buffer.from(text) });
    expect(whole.filter((m) => !outsideAddedLines(m))).toHaveLength(8);
  });
});
