/**
 * Offline checksums of token formats that carry one. GitHub's classic tokens
 * and npm tokens end in 6 base62 characters: CRC32 (IEEE, as zlib) of the 30
 * random characters between the 4-character prefix and the checksum, written
 * in base62 (0-9A-Za-z), zero-padded (GitHub, "Behind GitHub's new
 * authentication token formats", 2021; npm's token format follows it).
 */
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * CRC32 of a string, from node:zlib loaded on the first call: only a token
 * that matched a checksummed format asks, and loading zlib at start-up cost
 * every command (the pre-commit hook's most of all) a few milliseconds.
 */
export const crc32 = (data: string): number => process.getBuiltinModule('node:zlib').crc32(data);

export function base62(n: number, width: number): string {
  let out = '';
  for (let v = n; v > 0; v = Math.floor(v / 62)) out = BASE62[v % 62] + out;
  return out.padStart(width, '0');
}

/** The 6-character checksum of a body, as GitHub and npm append it. */
export const crc32Base62 = (body: string) => base62(crc32(body), 6);

/** True when the token (4-character prefix + 30 random + 6 checksum) checks out. */
export function validCrc32Base62(token: string): boolean {
  if (token.length !== 40) return false;
  return crc32Base62(token.slice(4, -6)) === token.slice(-6);
}
