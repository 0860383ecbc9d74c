import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

/** DESIGN.md's one direction: sources import the engine, never the reverse; reporters see findings only. */
const SRC = fileURLToPath(new URL('../src/', import.meta.url));

function importsOf(folder: string): { file: string; target: string }[] {
  const dir = path.join(SRC, folder);
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) => {
      const text = readFileSync(path.join(dir, f), 'utf8');
      return [...text.matchAll(/^(?:import|export)[^'"]*from '([^']+)'/gm)].map((m) => ({
        file: `${folder}/${f}`,
        target: path.relative(SRC, path.resolve(path.dirname(path.join(dir, f)), m[1] ?? '')),
      }));
    });
}

describe('module boundaries', () => {
  test('the engine imports nothing from src/sources/', () => {
    expect(importsOf('engine').filter((i) => i.target.startsWith('sources'))).toEqual([]);
  });

  test('reporters import neither the sources nor the engine', () => {
    expect(importsOf('report').filter((i) => i.target.startsWith('sources') || i.target.startsWith('engine'))).toEqual([]);
  });
});
