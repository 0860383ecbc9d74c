import { describe, expect, test } from 'vitest';
import type { Match } from '../src/engine/match.js';
import { Engine } from '../src/engine/engine.js';
import { positionOf } from '../src/engine/positions.js';
import { finalize, fingerprint, wholeLineSnippet, windowedSnippet } from '../src/finalize.js';
import { redact, redactKeys } from '../src/redact.js';
import { scanText } from '../src/index.js';
import { builtinRules } from '../src/rules/index.js';
import { fake, seededRandom } from '../src/rules/fake.js';
import { expectNoLeak, plant } from './support/secrets.js';

const ruleOf = (id: string) => {
  const rule = builtinRules.find((r) => r.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  return rule;
};

describe('redact', () => {
  test('shows the known prefix, an ellipsis and the last four characters', () => {
    const key = fake.openaiProject();
    expect(redact(key, ['sk-proj-'])).toBe(`sk-proj-…${key.slice(-4)}`);
  });

  test('takes the first matching prefix (longest first), and none when none matches', () => {
    const none = fake.openaiNoneShort();
    expect(redact(none, ['sk-None-', 'sk-'])).toBe(`sk-None-…${none.slice(-4)}`);
    const legacy = fake.openaiLegacy();
    expect(redact(legacy, ['sk-None-', 'sk-'])).toBe(`sk-…${legacy.slice(-4)}`);
    expect(redact(legacy, ['sk-ant-'])).toBe(`…${legacy.slice(-4)}`);
  });

  test('short values show less: no tail when fewer than 16 characters are hidden', () => {
    expect(redact('sk-proj-abc123', ['sk-proj-'])).toBe('sk-proj-…');
    expect(redact('0123456789abcde')).toBe('…');
    expect(redact('0123456789abcdef')).toBe('…cdef');
    expect(redact('')).toBe('…');
  });

  test.each(builtinRules.map((r) => [r.id, r] as const))('every finding of %s is redacted to prefix … last 4', async (id, rule) => {
    for (const example of rule.examples.match()) {
      const { text, secret: key } = typeof example === 'string' ? { text: example, secret: example } : example;
      const [finding] = (await scanText(`k = "${text}"`)).filter((f) => f.rule === id);
      // Keys with no prefix of their own (context and paired rules) show only their tail.
      const prefix = rule.prefixes.length === 0 ? '' : rule.prefixes.find((p) => key.startsWith(p));
      expect(prefix, `${id} has a prefix for its example`).toBeDefined();
      expect(finding?.redacted).toBe(`${prefix}…${key.slice(-4)}`);
    }
  });
});

describe('fingerprint', () => {
  const key = fake.openaiProject();

  test('is a sha256 hex digest that does not hold the key', () => {
    const fp = fingerprint('openai-project-key', key);
    expect(fp).toMatch(/^[0-9a-f]{64}$/);
    expect(fp.includes(key.slice(-8))).toBe(false);
  });

  test('is the same for the same rule and key, call after call', async () => {
    expect(fingerprint('openai-project-key', key)).toBe(fingerprint('openai-project-key', key));
    const a = await scanText(`a = "${key}"`, { path: 'a.ts' });
    const b = await scanText(`\n\n  other = '${key}' // moved`, { path: 'b/c.py' });
    expect(a[0]?.fingerprint).toBe(fingerprint('openai-project-key', key));
    expect(b[0]?.fingerprint).toBe(a[0]?.fingerprint);
  });

  test('differs by rule and by key', () => {
    expect(fingerprint('openai-legacy-key', key)).not.toBe(fingerprint('openai-project-key', key));
    expect(fingerprint('openai-project-key', fake.openaiProject(2))).not.toBe(fingerprint('openai-project-key', key));
  });
});

describe('finalize', () => {
  test('turns a match into a finding with no field holding the secret', () => {
    const key = plant.anthropic();
    const bytes = Buffer.from(`x\nkey: ${key}\n`);
    const start = bytes.indexOf(key);
    const match: Match = { kind: 'secret', rule: ruleOf('anthropic-api-key'), secret: key, unit: { path: 'c.yml', bytes }, start, end: start + key.length };
    const finding = finalize(match);
    expect(finding).toMatchObject({
      kind: 'secret',
      rule: 'anthropic-api-key',
      provider: 'anthropic',
      severity: 'error',
      file: 'c.yml',
      line: 2,
      column: 6,
      endLine: 2,
      endColumn: 6 + key.length,
      redacted: `sk-ant-api03-…${key.slice(-4)}`,
      rotateAt: 'https://console.anthropic.com/settings/keys',
    });
    expectNoLeak(JSON.stringify(finding));
  });
});

describe('the snippet never holds a whole secret', () => {
  test('a key on its line is masked, the rest of the line kept', async () => {
    const key = plant.openaiProject();
    const [f] = await scanText(`const client = new OpenAI({ apiKey: "${key}" });`);
    expect(f?.snippet).toBe(`const client = new OpenAI({ apiKey: "sk-proj-…${key.slice(-4)}" });`);
  });

  test('two keys on one line: each finding masks both', async () => {
    const a = plant.openaiProject(11);
    const b = plant.anthropic(12);
    const findings = await scanText(`keys = ["${a}", "${b}"]`);
    expect(findings.map((f) => f.rule)).toEqual(['openai-project-key', 'anthropic-api-key']);
    for (const f of findings) {
      expect(f.snippet).toBe(`keys = ["sk-proj-…${a.slice(-4)}", "sk-ant-api03-…${b.slice(-4)}"]`);
      expectNoLeak(f.snippet ?? '', JSON.stringify(f));
    }
  });

  test('a key dropped by a filter (allow-list, baseline) is still masked beside a reported one', async () => {
    const allowed = plant.openaiAdmin(13);
    const reported = plant.openaiServiceAccount(14);
    const findings = await scanText(`A=${allowed} B=${reported}`, { filters: [(m) => (m.secret === allowed ? { by: 'config' } : undefined)] });
    expect(findings.map((f) => f.rule)).toEqual(['openai-service-account-key']);
    expect(findings[0]?.snippet).toContain(`A=sk-admin-…${allowed.slice(-4)}`);
    expectNoLeak(findings[0]?.snippet ?? '');
  });

  test('a random-looking token that no rule knows is masked too', async () => {
    const key = plant.openaiLegacy();
    const token = fake.anthropic(15).slice(20, 60); // 40 random characters
    const [f] = await scanText(`a=${key}; b = ${token}`);
    expect(f?.snippet).toBe(`a=sk-…${key.slice(-4)}; b = …${token.slice(-4)}`);
  });

  test('on a very long line the snippet is cut to the neighbourhood of its own key', async () => {
    const first = plant.openaiProject(16);
    const second = plant.anthropic(17);
    const filler = 'var a=1;'.repeat(15_000);
    const text = `${filler}"${first}",${'b=2;'.repeat(100)}"${second}"${filler}`;
    const findings = await scanText(text);
    expect(findings.map((f) => f.rule)).toEqual(['openai-project-key', 'anthropic-api-key']);
    for (const f of findings) {
      expect(f.snippet?.length).toBeLessThanOrEqual(162);
      expect(f.snippet).toContain(f.redacted);
      expectNoLeak(f.snippet ?? '');
    }
  });

  test('the snippet is the first line of the match, tabs shown as spaces, trailing space cut', async () => {
    const key = plant.openaiProject(18);
    const [f] = await scanText(`before\n\tKEY=${key}   \r\nafter\n`);
    expect(f?.line).toBe(2);
    expect(f?.snippet).toBe(` KEY=sk-proj-…${key.slice(-4)}`);
  });
});

describe('redactKeys: text that may echo what the user typed', () => {
  test('redacts keys the engine would report, and keys glued to other key characters', () => {
    const key = plant.openaiProject(19);
    const ant = plant.anthropicAdmin(20);
    expect(redactKeys(`${key}: no such file or folder`)).toBe(`sk-proj-…${key.slice(-4)}: no such file or folder`);
    expect(redactKeys(`unknown option '--${ant}'`)).toBe(`unknown option '…${ant.slice(-4)}'`);
    expect(redactKeys(`/tmp/x${key}.txt`)).toBe(`/tmp/…${key.slice(-4)}.txt`);
  });

  test('leaves text without a keyword alone', () => {
    const text = "--format must be text, json; got 'xml' (/tmp/scan-keys-AbC123/some-long-folder-name-2024)";
    expect(redactKeys(text)).toBe(text);
    // Short keywords of the newer rules (sk_, fc-, npm_) and context words stand in ordinary names.
    const names = 'cannot read src/task_list.ts, docs/rfc-3986.md, npm_config_cache, mistral-models/, postgres-setup.sql';
    expect(redactKeys(names)).toBe(names);
  });
});

describe('many keys on one line', () => {
  test('each finding points at its own key, and its snippet shows that key redacted and no whole key', async () => {
    const keys = Array.from({ length: 300 }, (_, i) => fake.openaiProject(5000 + i));
    const line = keys.join(' ');
    const findings = await scanText(`// two lines before the keys\n\n${line}\n`);
    expect(findings).toHaveLength(300);
    findings.forEach((f, i) => {
      const key = keys[i] ?? '';
      expect(f.line).toBe(3);
      expect(f.column).toBe(1 + i * (key.length + 1));
      expect(f.redacted).toBe(redact(key, ['sk-proj-']));
      expect(f.snippet).toContain(f.redacted);
      expect(keys.some((k) => f.snippet?.includes(k))).toBe(false);
    });
  });
});

describe('a long line is masked only around its match, with the same snippet as masked whole', () => {
  // A minified bundle's line can be megabytes: masking all of it for a 160-character snippet cost more than the
  // scan. The windowed cut must give exactly what the cut of the whole masked line gives, ellipses included.
  const rand = seededRandom(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const TOKEN_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-+/=';
  const token = (n: number) => Array.from({ length: n }, () => pick([...TOKEN_CHARS])).join('');
  const keys = [(s: number) => plant.openaiProject(s), (s: number) => plant.anthropic(s), (s: number) => plant.githubClassic(s)];
  const filler = (): string =>
    pick([
      () => pick(['const ', 'x', ' = ', ', ', ';', '"', "'", '\t', 'é', '😀', '(', ')', '{', '}', ':', ' ']),
      () => `${pick(['a', 'b', 'fooBar', 'value'])}${pick([' ', ',', ';'])}`,
      // Random-looking tokens (some are masked, some not) and, now and then, a long run with no place to cut.
      () => token(20 + Math.floor(rand() * 40)),
      () => (rand() < 0.002 ? token(1500 + Math.floor(rand() * 3000)) : 'y'),
    ])();
  const lines = Array.from({ length: 40 }, (_, n) => {
    const target = 5_000 + Math.floor(rand() * 40_000);
    const parts: string[] = [];
    for (let length = 0; length < target; length += (parts.at(-1) as string).length) parts.push(filler());
    // One to eight keys, some close together, some at the line's ends.
    for (let k = 1 + Math.floor(rand() * 8); k > 0; k--) {
      const key = pick(keys)(n * 100 + k);
      const at = pick([0, parts.length, Math.floor(rand() * parts.length)]);
      parts.splice(at, 0, pick([`"${key}"`, `${key}\t`, ` ${key},`]));
    }
    return parts.join('');
  });

  test('every match of 40 random lines of 5 to 45 kB', () => {
    const engine = new Engine(builtinRules);
    let windowed = 0;
    let total = 0;
    const cuts: string[] = [];
    for (const text of lines) {
      const bytes = Buffer.from(`first line\n${text}\nlast line\n`);
      const matches = engine.scan({ path: 'bundle.js', bytes }).filter((m) => m.kind === 'secret');
      for (const m of matches) {
        const { line, column } = positionOf(bytes, m.start);
        const whole = wholeLineSnippet(m, matches, line, column);
        const cut = windowedSnippet(m, matches, line);
        total++;
        if (cut === undefined) continue;
        windowed++;
        expect(cut).toBe(whole);
        cuts.push(cut);
      }
    }
    // One check for all: expectNoLeak asserts once per planted key and piece.
    expectNoLeak(cuts.join('\n'));
    // The windows are taken (and so checked) for most matches; the rest fall back to the whole line.
    expect(total).toBeGreaterThan(100);
    expect(windowed / total).toBeGreaterThan(0.5);
  });
});
