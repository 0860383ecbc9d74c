import path from 'node:path';

/** Suffixes that make `.env.<suffix>` a program or a document rather than a .env file (.env.example.js). */
const CODE_EXTENSIONS = new Set(
  'js mjs cjs ts mts cts jsx tsx json json5 yml yaml toml xml html md py rb go rs java kt php sh bash zsh fish ps1 bat cmd'.split(' '),
);
/** Words that mark a file as a template committed on purpose (.env.example, .env.sample.local). */
const EXAMPLE_WORDS = new Set(['example', 'examples', 'sample', 'samples', 'template', 'tpl', 'dist', 'defaults', 'schema']);

const base = (p: string) => path.posix.basename(p.replace(/\\/g, '/'));

/** `.env`, `.env.*` (.env.local, .env.production, .env.example) and `*.env` (prod.env), by file name. */
export function isDotenvPath(file: string): boolean {
  // Every name below holds `.env`: a folder scan asks this of every path, most of which do not.
  if (!file.includes('.env')) return false;
  const name = base(file);
  if (name === '.env') return true;
  if (name.startsWith('.env.')) {
    const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
    return name.length > 5 && !CODE_EXTENSIONS.has(ext);
  }
  return name.endsWith('.env') && name.length > 4;
}

/** A template such as .env.example, .env.sample or example.env: placeholders are expected there. */
export function isExamplePath(file: string): boolean {
  return base(file)
    .toLowerCase()
    .split('.')
    .some((part) => EXAMPLE_WORDS.has(part));
}

/** `.env`, `.env.local` and `.env.*.local`: files meant to stay on one machine, never committed. */
export function isPrivateEnvPath(file: string): boolean {
  const name = base(file);
  return (name === '.env' || /^\.env(?:\.[^.]+)*\.local$/.test(name)) && !isExamplePath(file);
}
