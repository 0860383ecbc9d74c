import { describe, expect, test } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { inlineAllowed, inRanges, outsideAddedLines } from '../../src/engine/filters.js';
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
  ])('%s on the key line allows it', async (_what, line) => {
    expect(await lines(`first\n${line}\nlast\n`)).toEqual([]);
  });

  test.each([
    ['scan-keys:allow-next-line', '// scan-keys:allow-next-line'],
    ['pragma: allowlist nextline secret', '# pragma: allowlist nextline secret'],
  ])('%s allows the line after it, and only that line', async (_what, directive) => {
    const text = `${directive}\nk1 = "${key}"\nk2 = "${key}"\n`;
    expect(await lines(text)).toEqual([3]);
  });

  test('allow-next-line works with CRLF line endings and inside a multi-line string', async () => {
    expect(await lines(`const s = \`\r\n// scan-keys:allow-next-line\r\n${key}\r\n${other}\r\n\`;\r\n`)).toEqual([4]);
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
    expect(first && inlineAllowed(first)).toBe(true);
    expect(second && inlineAllowed(second)).toBe(false);
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
