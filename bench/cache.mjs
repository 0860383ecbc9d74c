/**
 * Generated folders under bench/.corpus/ (git-ignored), each with a manifest
 * beside it, reused while the manifest's version and seed match: the corpus
 * takes about half a minute to make and must be the same bytes every time.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** `generate(dir)` fills a fresh folder and resolves to what the manifest records beside version and seed. */
export async function cachedFolder(root, name, { version, seed }, generate) {
  const dir = path.join(root, name);
  const manifestFile = path.join(root, `${name}.json`);
  if (existsSync(manifestFile) && existsSync(dir)) {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    if (manifest.version === version && manifest.seed === seed) return { dir, manifest, reused: true };
  }
  rmSync(manifestFile, { force: true });
  rmSync(dir, { recursive: true, force: true });
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const manifest = { version, seed, ...(await generate(tmp)) };
  renameSync(tmp, dir);
  // The manifest is written last: a half-made folder is never taken for a whole one.
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 1)}\n`);
  return { dir, manifest, reused: false };
}
