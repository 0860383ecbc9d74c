import { describe, expect, test } from 'vitest';
import dotenv from 'dotenv';
import { decodeDotenv, parseDotenv, printDotenv, type DotenvEntry } from '../../src/dotenv/parse.js';
import { dotenvRules } from '../../src/dotenv/rules/index.js';
import { seededRandom } from '../../src/rules/fake.js';
import { anyText, loaderText } from './generate.js';

const roundTrips = (text: string) => printDotenv(parseDotenv(text)) === text;

/** The values dotenv (Node) would load: the last assignment of each name wins. */
function loaded(entries: readonly DotenvEntry[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of entries) out[e.key] = e.value;
  return out;
}

describe('parse then print gives back the same text', () => {
  test('for every rule example', () => {
    for (const rule of dotenvRules) {
      for (const ex of [...rule.examples.positive(), ...rule.examples.clean()]) {
        expect(roundTrips(ex.text), `${rule.id} example of ${ex.text.length} chars`).toBe(true);
      }
    }
  });

  test('for 3000 generated texts salted with quotes, escapes, BOM, CR, NBSP and zero-width spaces', () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const text = anyText(seed);
      expect(roundTrips(text), `seed ${seed}`).toBe(true);
    }
  });

  test('byte for byte, through decodeDotenv, with a BOM and CRLF', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('A=1\r\nB="x\r\ny"\r\n# \u00e9\r\n', 'utf8')]);
    const text = decodeDotenv(bytes);
    expect(text).toBeDefined();
    expect(Buffer.from(printDotenv(parseDotenv(text ?? '')), 'utf8').equals(bytes)).toBe(true);
  });

  test('decodeDotenv refuses bytes that are not UTF-8 (printing them back would not be exact)', () => {
    expect(decodeDotenv(Buffer.from([0x41, 0x3d, 0xff, 0x0a]))).toBeUndefined();
  });
});

describe('values are what dotenv (Node) loads', () => {
  test('for 2000 generated texts, compared with dotenv.parse itself', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const text = loaderText(seed);
      expect(loaded(parseDotenv(text).entries), `seed ${seed}`).toEqual(dotenv.parse(text));
    }
  });

  test.each([
    ['A=plain', 'plain'],
    ['A=  spaced out  ', 'spaced out'],
    ['A=value # comment', 'value'],
    ['A=cut#here', 'cut'],
    ['A="double # not a comment"', 'double # not a comment'],
    ["A='single \\n stays'", 'single \\n stays'],
    ['A="line\\nbreak"', 'line\nbreak'],
    ['A="multi\nline"', 'multi\nline'],
    ['A="multi\r\nline"', 'multi\nline'],
    ['A=`back tick`', 'back tick'],
    ['A=" inner space "', ' inner space '],
    ['A="unclosed', '"unclosed'],
    ['A="a"b', '"a"b'],
    ["A='it's'", "it's"],
    ['export A=exported', 'exported'],
    ['A: yaml', 'yaml'],
    ['A=', ''],
  ])('%j loads %j', (line, value) => {
    expect(dotenv.parse(line).A).toBe(value);
    expect(parseDotenv(line).entries[0]?.value).toBe(value);
  });
});

describe('positions and pieces', () => {
  test('entries keep their lines, columns, pieces and line endings', () => {
    const doc = parseDotenv('\uFEFF# c\r\n  export KEY = "a\r\nb" # note\r\n\nBAD LINE\nX=1');
    expect(doc.bom).toBe(true);
    expect(doc.lines.map((l) => [l.kind, l.line, l.endLine, l.newline])).toEqual([
      ['comment', 1, 1, '\r\n'],
      ['entry', 2, 3, '\r\n'],
      ['blank', 4, 4, '\n'],
      ['invalid', 5, 5, '\n'],
      ['entry', 6, 6, ''],
    ]);
    const e = doc.entries[0];
    expect(e).toMatchObject({ key: 'KEY', value: 'a\nb', quote: '"', column: 10 });
    expect(e?.parts).toEqual({
      indent: '  ',
      export: 'export ',
      key: 'KEY',
      beforeSeparator: ' ',
      separator: '=',
      afterSeparator: ' ',
      value: '"a\r\nb"',
      trailing: ' ',
      comment: '# note',
    });
  });

  test('a key on line 1 after a BOM is in column 2, as scan-keys counts columns everywhere', () => {
    expect(parseDotenv('\uFEFFA=1').entries[0]?.column).toBe(2);
  });

  test('quote errors are told apart', () => {
    const doc = parseDotenv('A="open\nB="x"tail\nC="ok"\n');
    expect(doc.entries.map((e) => [e.key, e.quoteError ?? null])).toEqual([
      ['A', 'unclosed'],
      ['B', 'text-after-quote'],
      ['C', null],
    ]);
  });

  test('invalid lines say why', () => {
    const doc = parseDotenv('KEY\nKEY value\nMY KEY=1\n=1\n!!\n');
    expect(doc.lines.map((l) => (l.kind === 'invalid' ? [l.reason, l.key ?? null] : l.kind))).toEqual([
      ['no-separator', 'KEY'],
      ['no-separator', 'KEY'],
      ['bad-key', null],
      ['bad-key', null],
      ['other', null],
    ]);
  });

  test('the empty text has no lines and prints as empty', () => {
    expect(parseDotenv('').lines).toEqual([]);
    expect(printDotenv(parseDotenv('\uFEFF'))).toBe('\uFEFF');
  });
});

describe('long values of escapes and line endings load as dotenv loads them', () => {
  /** A double-quoted value of `body`, and what dotenv loads of it. */
  const both = (body: string) => {
    const text = `A="${body}"\n`;
    return { ours: parseDotenv(text).entries[0]?.value, dotenv: dotenv.parse(text).A };
  };

  test('a CR before a CRLF, an escaped backslash before n, escapes next to line endings', () => {
    for (const pair of ['\r\r\n', '\\\\n', '\\\r\n', '\\r\\n', '\r\\n\n', '\\\\\\r']) {
      const { ours, dotenv: theirs } = both(`x${pair.repeat(5000)}y`);
      expect(ours === theirs, JSON.stringify(pair)).toBe(true);
    }
  });

  test('60 seeded values of 32-96 kB, a third of them backslashes and CRs', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const alphabet = ['\\', 'n', 'r', '\r', '\n', 'x'];
    for (let k = 0; k < 60; k++) {
      const length = 32 * 1024 - 3 + Math.floor(next() * 64 * 1024);
      const body = Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
      const { ours, dotenv: theirs } = both(body);
      expect(ours === theirs, `value ${k} (seed 7)`).toBe(true);
    }
  });
});

describe('a plain KEY=value line parses as the general path parses it', () => {
  // Lines with no space, quote or # take a shortcut in the parser. The same line with a space after it takes
  // the general path: everything but that space must come out the same (and a line that holds a space,
  // such as a trailing NBSP, which trimming removes, takes the general path both times).
  const rand = seededRandom(20261202);
  const pick = (chars: readonly string[], min: number, max: number) =>
    Array.from({ length: min + Math.floor(rand() * (max - min + 1)) }, () => chars[Math.floor(rand() * chars.length)]).join('');
  const keyChars = [...'AZaz09_.-'];
  // Now and then a character no name may hold: that line is not an entry, on either path.
  const oddChars = [...':\u00e9$=\u{1f511}'];
  const valueChars = [...'AZaz09_.-=:\\/$@+,{}%\u00e9\u00a0\u2028\u{1f511}'];
  const lines = Array.from({ length: 2000 }, () => `${pick(keyChars, 1, 6)}${rand() < 0.1 ? pick(oddChars, 1, 1) : ''}=${pick(valueChars, 0, 12)}`);

  test.each([
    ['LF', '\n', ''],
    ['CRLF, after a BOM', '\r\n', '\uFEFF'],
  ])('on 2000 generated lines (%s)', (_, ending, bom) => {
    const plain = parseDotenv(bom + lines.join(ending));
    const general = parseDotenv(bom + lines.map((l) => `${l} `).join(ending));
    expect(plain.lines.map((l) => l.kind)).toEqual(general.lines.map((l) => l.kind));
    expect(plain.entries.length).toBeGreaterThan(1500);
    expect(plain.entries.length).toBe(general.entries.length);
    plain.entries.forEach((e, i) => {
      const g = general.entries[i] as DotenvEntry;
      const { raw, offset, parts, ...rest } = e;
      const line = lines[e.line - 1];
      expect(raw, line).toBe(g.raw.slice(0, -1));
      // Each line before it is one space longer on the general path.
      expect(offset, line).toBe(g.offset - (g.line - 1));
      // The space follows the value, or (when there is none) the "=".
      const spaced = g.parts.value === '' ? 'afterSeparator' : 'trailing';
      expect(parts, line).toEqual({ ...g.parts, [spaced]: g.parts[spaced].slice(0, -1) });
      expect(rest, line).toEqual((({ raw: _r, offset: _o, parts: _p, ...others }) => others)(g));
    });
  });
});
