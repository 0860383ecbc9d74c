import { describe, expect, test } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { KeywordSet } from '../../src/engine/keyword-set.js';
import { keywordsOf } from '../../src/engine/keywords.js';
import { builtinRules } from '../../src/rules/index.js';
import { fake } from '../../src/rules/fake.js';

/**
 * A reader thread searches a file once and hands its hits on with the bytes
 * (ScanUnit.hits); the engine uses them instead of searching again, but only
 * when they come from the same keyword list.
 */
const engine = new Engine(builtinRules);
const search = new KeywordSet(keywordsOf(builtinRules));
const text = `a = "${fake.openaiProject(71)}"\nb = "${fake.anthropic(72)}"\nnothing here\nc = "${fake.openaiLegacy(73)}"\n`;
const bytes = Buffer.from(text);
const places = (ms: ReturnType<Engine['scan']>) => ms.map((m) => `${m.rule.id}@${m.start}`);

describe('hits found by the reader', () => {
  test('give the same matches as the engine finds by itself', () => {
    const own = engine.scan({ path: 'a.ts', bytes });
    expect(own).toHaveLength(3);
    const handed = engine.scan({ path: 'a.ts', bytes, hits: search.hits(bytes), hitsKey: search.key });
    expect(places(handed)).toEqual(places(own));
  });

  test('are trusted: with none handed over, the engine does not search the bytes again', () => {
    expect(engine.scan({ path: 'a.ts', bytes, hits: new Int32Array(0), hitsKey: search.key })).toEqual([]);
  });

  test('from another keyword list are ignored, and the engine searches itself', () => {
    const other = new KeywordSet(keywordsOf(builtinRules.slice(0, 3)));
    expect(other.key).not.toBe(search.key);
    const scanned = engine.scan({ path: 'a.ts', bytes, hits: new Int32Array(0), hitsKey: other.key });
    expect(places(scanned)).toEqual(places(engine.scan({ path: 'a.ts', bytes })));
  });
});
