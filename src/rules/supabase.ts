import { defineRule } from './define.js';
import { fake, fakeParts } from './fake.js';
import { END, START } from './patterns.js';
import type { Rule } from './rule.js';
import { when } from './validators.js';

export const supabaseSecretKey = defineRule({
  id: 'supabase-secret-key',
  provider: 'supabase',
  title: 'Supabase secret key',
  keywords: ['sb_secret_'],
  source: `${START}sb_secret_[A-Za-z0-9_-]{31}${END}`,
  prefixes: ['sb_secret_'],
  rotateAt: 'https://supabase.com/dashboard/project/_/settings/api-keys',
  match: () => [fake.supabaseSecret()],
  ignore: () => ['sb_secret_...', `sb_secret_${'x'.repeat(31)}`, 'SUPABASE_SECRET_KEY=sb_secret_YOUR_KEY_HERE'],
});

export const supabaseAccessToken = defineRule({
  id: 'supabase-access-token',
  provider: 'supabase',
  title: 'Supabase personal access token',
  keywords: ['sbp_'],
  source: `${START}sbp_[a-z0-9]{40}${END}`,
  prefixes: ['sbp_'],
  checks: [when((s) => /[0-9].*[0-9]/.test(s.slice(4)), 'fewer than 2 digits')],
  rotateAt: 'https://supabase.com/dashboard/account/tokens',
  match: () => [fake.supabaseAccess()],
  ignore: () => ['sbp_...', `sbp_${'x'.repeat(40)}`, 'sbp_abcdefghijklmnopqrstuvwxyzabcdefghijklmn'],
});

/**
 * base64url of `text` at each of the three alignments it can have inside a
 * longer base64 string: the characters that do not depend on its neighbours.
 */
export function base64Needles(text: string): string[] {
  return [0, 1, 2].map((shift) => {
    const bytes = Buffer.from(text).subarray(shift);
    return bytes.subarray(0, bytes.length - (bytes.length % 3)).toString('base64url');
  });
}

const payloadOf = (jwt: string): unknown => {
  try {
    return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
};
const roleOf = (jwt: string) => {
  const payload = payloadOf(jwt);
  return typeof payload === 'object' && payload !== null && 'role' in payload ? payload.role : undefined;
};

/**
 * The legacy service-role key is a JWT whose payload says
 * `"role":"service_role"` (the anon key, public by design, says "anon").
 * The keywords are that claim as it reads in base64, at each alignment.
 */
export const supabaseServiceRoleKey = defineRule({
  id: 'supabase-service-role-key',
  provider: 'supabase',
  title: 'Supabase service_role key',
  keywords: base64Needles('"service_role"'),
  source: `${START}eyJ[A-Za-z0-9_-]{10,300}\\.eyJ[A-Za-z0-9_-]{20,1000}\\.[A-Za-z0-9_-]{20,400}${END}`,
  prefixes: ['eyJ'],
  body: (s) => s.slice(s.lastIndexOf('.') + 1),
  checks: [when((s) => roleOf(s) === 'service_role', 'not a service_role token')],
  rotateAt: 'https://supabase.com/dashboard/project/_/settings/api-keys',
  match: () => [fake.supabaseServiceRole()],
  ignore: () => [fakeParts.supabaseAnon(), `${fake.supabaseServiceRole().split('.').slice(0, 2).join('.')}.${'x'.repeat(43)}`],
});

export const supabaseRules: readonly Rule[] = [supabaseSecretKey, supabaseAccessToken, supabaseServiceRoleKey];
