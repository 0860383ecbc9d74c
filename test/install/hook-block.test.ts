import { describe, expect, test } from 'vitest';
import { findBlock, insertBlock, isShellScript, renderBlock, withoutBlock } from '../../src/install/hook-block.js';
import { runsLintStaged } from '../../src/install/lint-staged.js';

const block = renderBlock({ bin: 'node_modules/.bin/scan-keys', created: false, chained: false });

describe('isShellScript', () => {
  test.each(['#!/bin/sh', '#!/bin/bash -e', '#!/usr/bin/env sh', '#!/usr/bin/env -S bash -eu', '#! /bin/dash', '#!/usr/bin/zsh'])('%s is a shell script', (first) => {
    expect(isShellScript(`${first}\necho hi\n`)).toBe(true);
  });
  test.each(['#!/usr/bin/env node', '#!/usr/bin/python3', '#!/usr/bin/env perl', 'echo no shebang', '', '\x7fELF'])('%j is not', (first) => {
    expect(isShellScript(`${first}\n`)).toBe(false);
  });
});

describe('insertBlock and withoutBlock', () => {
  test.each([
    ['after the shebang', '#!/bin/sh\nnpm test\nexit 0\n', '#!/bin/sh\n'],
    ["after husky 8's two lines", '#!/usr/bin/env sh\n. "$(dirname -- "$0")/_/husky.sh"\n\nnpx lint-staged\n', '#!/usr/bin/env sh\n. "$(dirname -- "$0")/_/husky.sh"\n'],
    ['at the top of a husky 9 file', 'npx lint-staged\n', ''],
    ['in an empty file', '', ''],
  ])('%s, and taken out exactly', (_name, original, head) => {
    const edited = insertBlock(original, block);
    expect(edited.startsWith(head + block)).toBe(true);
    const found = findBlock(edited, 'hook');
    expect(found?.text).toBe(block);
    expect(withoutBlock(edited, found!)).toBe(original);
  });

  test('a file without the block has none to find', () => {
    expect(findBlock('#!/bin/sh\n# scan-keys is great\nscan-keys --staged\n', 'hook')).toBeUndefined();
  });

  test('the block never calls npx and always passes --staged', () => {
    expect(block).not.toMatch(/\bnpx\b/);
    expect(block.match(/scan-keys' --staged|scan-keys --staged/g)).toHaveLength(2);
  });

  test('folder names are quoted for the shell', () => {
    const odd = renderBlock({ bin: "my app's/node_modules/.bin/scan-keys", created: false, chained: false });
    expect(odd).toContain(`'my app'\\''s/node_modules/.bin/scan-keys' --staged`);
  });
});

test.each([
  ['npx lint-staged', true],
  ['npx --no -- lint-staged --concurrent false', true],
  ['./node_modules/.bin/lint-staged', true],
  ['# npx lint-staged', false],
  ['npm run lint-staged-check', false],
  ['npm test', false],
])('runsLintStaged(%j) is %s', (line, expected) => {
  expect(runsLintStaged(`${line}\n`)).toBe(expected);
});

describe('the pre-push block', () => {
  const prePush = renderBlock({ bin: 'node_modules/.bin/scan-keys', created: true, chained: true, hook: 'pre-push' });

  test('runs scan-keys pre-push with the hook\'s arguments, never npx, and hands the ref lines on', () => {
    expect(prePush).not.toMatch(/\bnpx\b/);
    expect(prePush.match(/scan-keys'? pre-push "\$@" \|\| exit \$\?/g)).toHaveLength(2);
    expect(prePush).toContain('exec <<SCAN_KEYS_REFS');
    expect(prePush).toContain('pre-push.local');
  });

  test('is found again as created and chained, and taken out exactly', () => {
    const text = `#!/bin/sh\n${prePush}`;
    const found = findBlock(text, 'pre-push');
    expect(found).toMatchObject({ created: true, chained: true, text: prePush });
    expect(withoutBlock(text, found!)).toBe('#!/bin/sh\n');
  });
});
