import { chmodSync, lstatSync, readdirSync, readFileSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ChangedSinceRead, replaceFile } from '../../src/fs/replace.js';
import { tempDir } from '../support/repo.js';

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
});
