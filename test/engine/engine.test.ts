import { describe, expect, test } from 'vitest';
import { Engine, engineFor } from '../../src/engine/engine.js';
import { rulesFrom } from '../../src/config/apply.js';
import { validateConfig } from '../../src/config/validate.js';
import { scanText } from '../../src/index.js';
import { builtinRules } from '../../src/rules/index.js';
import { fake } from '../../src/rules/fake.js';

const engine = new Engine(builtinRules);
const scan = (text: string | Buffer) => engine.scan({ path: 'f', bytes: Buffer.isBuffer(text) ? text : Buffer.from(text) });
const ids = (text: string | Buffer) => scan(text).map((m) => m.rule.id);

/** One key of every kind, each with the rule that must claim it. */
const EVERY_KIND: readonly [string, string][] = [
  ['openai-project-key', fake.openaiProject()],
  ['openai-project-key', fake.openaiProjectShort()],
  ['openai-service-account-key', fake.openaiServiceAccount()],
  ['openai-service-account-key', fake.openaiServiceLegacy()],
  ['openai-admin-key', fake.openaiAdmin()],
  ['openai-legacy-key', fake.openaiLegacy()],
  ['openai-legacy-key', fake.openaiNoneShort()],
  ['openai-legacy-key', fake.openaiNoneLong()],
  ['anthropic-api-key', fake.anthropic()],
  ['anthropic-admin-key', fake.anthropicAdmin()],
];

describe('Engine.scan', () => {
  test('finds many keys in one file, in byte order, each whole', () => {
    const lines = EVERY_KIND.map(([, key], i) => `line${i} = "${key}"`);
    const text = lines.join('\n');
    const found = scan(text);
    expect(found.map((m) => m.rule.id)).toEqual(EVERY_KIND.map(([id]) => id));
    found.forEach((m, i) => {
      expect(m.secret === EVERY_KIND[i]?.[1], `key ${i} whole`).toBe(true);
      expect(text.slice(m.start, m.end) === m.secret, `key ${i} offsets`).toBe(true);
    });
  });

  test('finds a key that is the whole buffer, and keys at its very start and end', () => {
    const a = fake.openaiProject(21);
    const b = fake.anthropic(22);
    expect(ids(a)).toEqual(['openai-project-key']);
    expect(ids(b)).toEqual(['anthropic-api-key']);
    const both = scan(`${a}\n${'filler '.repeat(200)}\n${b}`);
    expect(both.map((m) => [m.rule.id, m.start])).toEqual([
      ['openai-project-key', 0],
      ['anthropic-api-key', a.length + 1 + 1400 + 1],
    ]);
    expect(both[1]?.end).toBe(a.length + 1 + 1400 + 1 + b.length);
  });

  test('finds a key in the middle of a minified line over 100 kB, with its byte offset', () => {
    const key = fake.openaiServiceAccount(23);
    const left = 'function(a){return a+1};'.repeat(3000);
    const right = 'x=[1,2,3];'.repeat(8000);
    const text = `${left}k="${key}";${right}`;
    expect(text.length).toBeGreaterThan(100_000);
    const found = scan(text);
    expect(found.map((m) => [m.rule.id, m.start])).toEqual([['openai-service-account-key', left.length + 3]]);
  });

  test('keys at every distance from each other are all found (windows that overlap, touch or not)', () => {
    const a = fake.openaiProject(24);
    const b = fake.openaiLegacy(25);
    const c = fake.anthropic(26);
    for (let gap = 1; gap <= 1300; gap += 13) {
      const sep = ' '.repeat(gap);
      const text = `${a}${sep}${b}${sep}${c}${sep}${a}`;
      expect(ids(text), `gap ${gap}`).toEqual(['openai-project-key', 'openai-legacy-key', 'anthropic-api-key', 'openai-project-key']);
    }
  });

  test('keys side by side, separated by one character, are two findings', () => {
    const a = fake.openaiProject(27);
    const b = fake.openaiProject(28);
    expect(scan(`${a},${b}`).map((m) => m.secret === a || m.secret === b)).toEqual([true, true]);
  });

  test('a key glued to more key characters is not a key (no match cut out of a longer token)', () => {
    const key = fake.openaiProject(29);
    expect(ids(`${key}x`)).toEqual([]);
    expect(ids(`x${key}`)).toEqual([]);
    expect(ids(`${key}${'A'.repeat(600)}`)).toEqual([]);
  });

  test('a key after an escaped newline or tab in a string literal is found', () => {
    const key = fake.anthropic(30);
    expect(ids(`"header\\n${key}"`)).toEqual(['anthropic-api-key']);
    expect(ids(`"a\\t${key}\\r\\n"`)).toEqual(['anthropic-api-key']);
  });

  test('non-ASCII bytes before a key do not shift its offsets', () => {
    const key = fake.openaiAdmin(31);
    const text = `ключ 🔑 = "${key}"`;
    const [m] = scan(text);
    const bytes = Buffer.from(text);
    expect(m?.start).toBe(bytes.indexOf(key));
    expect(m?.secret === key).toBe(true);
  });

  test('a file with binary-looking bytes around a key still gives the key whole', () => {
    const key = fake.openaiProject(32);
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe, 0x80]), Buffer.from(` ${key} `), Buffer.from([0xc3])]);
    expect(scan(bytes).map((m) => m.secret === key)).toEqual([true]);
  });

  test.each([
    'task-list',
    'risk-management',
    'sk-learn',
    'import sklearn; from sk-learn import task-list',
    'desk-proj-planning risk-admin-board ask-None-question',
    'sk-ant-thropology',
    'sk-',
    'sk-proj-',
  ])('never matches %j', (text) => {
    expect(ids(text)).toEqual([]);
    expect(ids(`${text} `.repeat(500))).toEqual([]);
  });

  test('a buffer without any keyword yields nothing', () => {
    expect(scan(Buffer.alloc(0))).toEqual([]);
    expect(scan('const apiKey = process.env.OPENAI_API_KEY;\n'.repeat(1000))).toEqual([]);
  });

  test('the library finds the same as the engine, through the pipeline', async () => {
    const key = fake.openaiProject(33);
    const findings = await scanText(`x = "${key}"\ny = "task-list"`);
    expect(findings.map((f) => [f.rule, f.line, f.column])).toEqual([['openai-project-key', 1, 6]]);
  });
});

describe('one engine per rule list', () => {
  test('the scan and the redaction step share the engine of the built-in rules unless a config changes them', () => {
    const config = (raw: unknown) => validateConfig(raw, '.scan-keys.json');
    // Nothing changed (a setting equal to the rule's own severity changes nothing either): the very list, so one engine.
    expect(rulesFrom(config({}))).toBe(builtinRules);
    expect(rulesFrom(config({ rules: { 'openai-project-key': 'error' } }))).toBe(builtinRules);
    expect(engineFor(rulesFrom(config({})))).toBe(engineFor(builtinRules));
    // A rule off, or another severity: a list (and an engine) of its own, the built-in list untouched.
    const off = rulesFrom(config({ rules: { 'openai-project-key': 'off' } }));
    expect(off).not.toBe(builtinRules);
    expect(off.some((r) => r.id === 'openai-project-key')).toBe(false);
    expect(builtinRules.some((r) => r.id === 'openai-project-key')).toBe(true);
    expect(engineFor(off)).not.toBe(engineFor(builtinRules));
    const warn = rulesFrom(config({ rules: { 'openai-project-key': 'warning' } }));
    expect(warn.find((r) => r.id === 'openai-project-key')?.severity).toBe('warning');
    expect(builtinRules.find((r) => r.id === 'openai-project-key')?.severity).toBe('error');
  });
});
