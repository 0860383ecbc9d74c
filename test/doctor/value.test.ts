import { describe, expect, test } from 'vitest';
import { fake, OPENAI_MARKER } from '../../src/rules/fake.js';
import { PREFIXES, shapeOf } from '../../src/doctor/shape.js';
import { cleanValue, oddities, reprOf } from '../../src/doctor/value.js';

const key = fake.openaiProject(501);

describe('the redacted repr', () => {
  test('shows the known prefix and the last four characters, nothing between', () => {
    expect(reprOf(key, PREFIXES)).toBe(`⟨sk-proj-…${key.slice(-4)}⟩`);
    expect(reprOf(fake.anthropic(502), PREFIXES)).toBe(`⟨sk-ant-api03-…${fake.anthropic(502).slice(-4)}⟩`);
  });

  test('makes whitespace, quotes and newlines around the key visible', () => {
    expect(reprOf(` '${key}'\r\n`, PREFIXES)).toBe(`⟨␣'sk-proj-…${key.slice(-4)}'\\r\\n⟩`);
    expect(reprOf(`\ufeff${key}`, PREFIXES)).toBe(`⟨\\u{feff}sk-proj-…${key.slice(-4)}⟩`);
  });

  test('a short or unknown value shows at most a quarter of itself and no tail', () => {
    expect(reprOf('hunter2hunter2', PREFIXES)).toBe('⟨hun…⟩');
    expect(reprOf('abc', PREFIXES)).toBe('⟨…⟩');
    expect(reprOf('', PREFIXES)).toBe('⟨⟩');
  });
});

describe('oddities', () => {
  test('none in a clean key', () => {
    expect(oddities(key)).toEqual([]);
    expect(cleanValue(key)).toBe(key);
  });

  test('named, with positions for what is inside', () => {
    expect(oddities(`${key}\n`)).toEqual(['trailing: newline']);
    expect(oddities(`"${key}"`)).toEqual(['the key is wrapped in literal quotes', 'leading: double quote', 'trailing: double quote']);
    expect(oddities(`${key.slice(0, 10)}\n${key.slice(10)}`)).toEqual(['a newline inside, at character 11']);
    expect(oddities(`\u201c${key}\u201d`)[0]).toBe('the key is wrapped in literal quotes');
    expect(cleanValue(` "${key}"\n`)).toBe(key);
  });
});

describe('shape', () => {
  test.each([
    ['a project key', key, 'key'],
    ['an admin key', fake.openaiAdmin(503), 'key'],
    ['masked with ...', 'sk-proj-...Abcd', 'masked'],
    ['masked with *', 'sk-proj-****Abcd', 'masked'],
    ['cut short', key.slice(0, 60), 'partial'],
    ['a placeholder', `sk-proj-YOUR_API_KEY_HERE_0123456789${OPENAI_MARKER}YOUR_API_KEY_HERE_0123456789`, 'placeholder'],
    ['an org id', 'org-abcdef123456', 'unknown'],
  ])('%s is %s', (_name, value, kind) => {
    expect(shapeOf(value).kind).toBe(kind);
  });
});
