import { chmodSync, lstatSync, readdirSync, readFileSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { isDotenvPath } from '../../src/dotenv/paths.js';
import { ChangedSinceRead, isTempName, replaceFile, tempNameFor } from '../../src/fs/replace.js';
import { tempDir, tempRepo } from '../support/repo.js';

/** A folder holding one file with `content` and `mode`. */
function fileIn(content: string, mode = 0o644) {
  const dir = tempDir();
  const file = path.join(dir, '.env');
  writeFileSync(file, content);
  chmodSync(file, mode);
  return { dir, file, bytes: readFileSync(file) };
}

describe('replaceFile', () => {
  test.each([0o600, 0o640, 0o755])('keeps the mode %o', async (mode) => {
    const { file, bytes } = fileIn('A = 1\n', mode);
    await replaceFile(file, Buffer.from('A=1\n'), bytes);
    expect(readFileSync(file, 'utf8')).toBe('A=1\n');
    expect(statSync(file).mode & 0o7777).toBe(mode);
  });

  test('leaves no temporary file behind', async () => {
    const { dir, file, bytes } = fileIn('A = 1\n');
    await replaceFile(file, Buffer.from('A=1\n'), bytes);
    expect(readdirSync(dir)).toEqual(['.env']);
  });

  test('does not touch a file that changed since it was read', async () => {
    const { dir, file, bytes } = fileIn('A = 1\n');
    writeFileSync(file, 'A = 1\nB=2 # written by someone else meanwhile\n');
    await expect(replaceFile(file, Buffer.from('A=1\n'), bytes)).rejects.toBeInstanceOf(ChangedSinceRead);
    expect(readFileSync(file, 'utf8')).toBe('A = 1\nB=2 # written by someone else meanwhile\n');
    expect(readdirSync(dir)).toEqual(['.env']);
  });

  test('does not bring back a file deleted since it was read', async () => {
    const { dir, file, bytes } = fileIn('A = 1\n');
    const other = path.join(dir, 'keep');
    writeFileSync(other, 'x');
    unlinkSync(file);
    await expect(replaceFile(file, Buffer.from('A=1\n'), bytes)).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['keep']);
  });

  test('replaces the target of a symbolic link and keeps the link', async () => {
    const { dir, file, bytes } = fileIn('A = 1\n', 0o600);
    const link = path.join(dir, 'link.env');
    symlinkSync('.env', link);
    await replaceFile(link, Buffer.from('A=1\n'), bytes);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('A=1\n');
    expect(statSync(file).mode & 0o7777).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual(['.env', 'link.env']);
  });

  test('a failed write is a WriteError naming the file, and leaves the file and its folder as they were', async () => {
    // 250 characters fit a name; with the temporary file's tag they do not (ENAMETOOLONG), even for root.
    const dir = tempDir();
    const file = path.join(dir, `${'a'.repeat(246)}.env`);
    writeFileSync(file, 'A = 1\n');
    await expect(replaceFile(file, Buffer.from('A=1\n'), readFileSync(file), 'long.env')).rejects.toThrow(
      /^could not write long\.env: ENAMETOOLONG \(the file is unchanged\)$/,
    );
    expect(readFileSync(file, 'utf8')).toBe('A = 1\n');
    expect(readdirSync(dir)).toEqual([path.basename(file)]);
  });
});

describe('the temporary file\'s name', () => {
  test.each([
    // `.env.*` does not ignore `.env` itself, but does ignore its copy: what matters is that the copy is never less ignored.
    ['.env', ['.env*', '.env.*', '*']],
    ['.env.local', ['.env*', '.env.*', '*.local', '.env*.local']],
    ['.env.production', ['.env*', '.env.*', '*.production']],
    ['prod.env', ['*.env', 'prod*']],
  ])('beside %s it matches the gitignore patterns %j', (name, patterns) => {
    const repo = tempRepo();
    const temp = tempNameFor(name);
    expect(temp).not.toBe(name);
    for (const pattern of patterns) {
      repo.write('.gitignore', `${pattern}\n`);
      // git check-ignore prints an ignored path (exit 0) and throws (exit 1) for one that is not.
      expect(repo.git('check-ignore', '--no-index', '--', temp).trim(), `${pattern} ignores ${temp}`).toBe(temp);
    }
  });

  test('is recognised as a leftover, and linted as the .env copy it is by a scan that reaches it', () => {
    for (const name of ['.env', '.env.local', 'prod.env']) {
      const temp = tempNameFor(name);
      expect(isTempName(temp), temp).toBe(true);
      expect(isTempName(name), name).toBe(false);
      expect(isDotenvPath(temp), temp).toBe(true);
    }
    expect(isTempName('.env.scan-keys-tmp-notahexvalue')).toBe(false);
  });
});
