import { defineRule } from './define.js';
import { fake } from './fake.js';
import { START } from './patterns.js';
import type { Rule } from './rule.js';
import type { Verdict } from './rule.js';
import { entropy } from './validators.js';

/**
 * A private key block, armour to armour: PEM (PKCS#1 RSA, EC, DSA, PKCS#8
 * and its encrypted form), OpenSSH and PGP. The whole block is the secret.
 * Escaped newlines (`\n` inside a JSON string) are part of the body.
 */
const KIND = '(?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?';
/** Base64, header lines (Proc-Type: 4,ENCRYPTED; DEK-Info: AES-128-CBC,…; Version: …) and line breaks, escaped or not. */
const BODY = String.raw`[A-Za-z0-9+/=\s\\:,.()-]{64,16000}?`;
const MAX_BLOCK = 16500;

const ARMOUR = /-----(?:BEGIN|END) [A-Z ]+-----/g;
/** DER starts with a SEQUENCE (0x30: base64 `M`); OpenSSH's format with openssh-key-v1. */
const MAGIC = ['M', 'b3BlbnNzaC1rZXktdjE'];

/**
 * The base64 inside must look like a key: DER (`MI…`) or openssh-key-v1,
 * long and random. Blocks with header lines (legacy encryption, PGP) only
 * need to be random.
 */
function realKey(block: string): Verdict {
  const lines = block.replace(ARMOUR, '').split(/\\[nr]|\r?\n/);
  const headers = lines.some((l) => /^[A-Za-z-]+: /.test(l.trim()));
  const base64 = lines
    // Header lines, and PGP's armour checksum (=XXXX).
    .filter((l) => !/^[A-Za-z-]+: /.test(l.trim()) && !/^=[A-Za-z0-9+/]{4}$/.test(l.trim()))
    .join('')
    .replace(/\s/g, '');
  if (base64.length < 100 || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64.replace(/^=/, ''))) return { ok: false, reason: 'no key body' };
  if (!headers && !block.includes('PGP') && !MAGIC.some((m) => base64.startsWith(m))) return { ok: false, reason: 'not DER nor OpenSSH' };
  // Real keys hold runs of A (zero bytes in the DER or OpenSSH structure): entropy, not runs, tells them from filler.
  if (entropy(base64) < 5) return { ok: false, reason: 'low entropy' };
  return /x{8}|\.\.\./i.test(base64) ? { ok: false, reason: 'placeholder' } : { ok: true };
}

export const privateKey = defineRule({
  id: 'private-key',
  provider: 'private-key',
  title: 'Private key (PEM, OpenSSH or PGP)',
  keywords: ['PRIVATE KEY'],
  source: `${START}-----BEGIN (${KIND})-----${BODY}-----END \\1-----`,
  prefixes: ['-----BEGIN'],
  placeholder: false,
  checks: [realKey],
  reach: MAX_BLOCK,
  match: () => [fake.privateKey(), fake.privateKeyPkcs8(), fake.privateKeyEc(), fake.privateKeyOpenssh(), fake.privateKeyEscaped()],
  ignore: () => [
    '-----BEGIN PRIVATE KEY-----\nanything\n-----END PRIVATE KEY-----',
    '-----BEGIN OPENSSH PRIVATE KEY-----\n-----END OPENSSH PRIVATE KEY-----',
    '-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----',
    `-----BEGIN PRIVATE KEY-----\n${'MIIEvQ'.padEnd(64, 'A')}\n${'A'.repeat(64)}\n${'A'.repeat(64)}\n-----END PRIVATE KEY-----`,
    `-----BEGIN PUBLIC KEY-----\n${fake.privateKeyPkcs8().split('\n').slice(1, -1).join('\n')}\n-----END PUBLIC KEY-----`,
    // Armour of two kinds does not make a block.
    `-----BEGIN RSA PRIVATE KEY-----\n${fake.privateKeyPkcs8().split('\n').slice(1, -1).join('\n')}\n-----END EC PRIVATE KEY-----`,
    "const HEADER = '-----BEGIN PRIVATE KEY-----'; const FOOTER = '-----END PRIVATE KEY-----';",
  ],
});

export const privateKeyRules: readonly Rule[] = [privateKey];
