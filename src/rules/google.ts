import { defineRule } from './define.js';
import { fake, fakeParts } from './fake.js';
import { END, START } from './patterns.js';
import type { Rule } from './rule.js';
import { when } from './validators.js';

const CREDENTIALS = 'https://console.cloud.google.com/apis/credentials';

/**
 * Every Google API key (Gemini, Maps, Firebase...) is `AIza` + 35 URL-safe
 * characters: the shape cannot tell a Gemini key from a Firebase web key,
 * which is public by design, so the finding says where to check it.
 */
export const googleApiKey = defineRule({
  id: 'google-api-key',
  provider: 'google',
  title: 'Google API key (Gemini, Maps, Firebase)',
  keywords: ['AIza'],
  source: `${START}AIza[A-Za-z0-9_-]{35}${END}`,
  prefixes: ['AIza'],
  rotateAt: CREDENTIALS,
  match: () => [fake.googleApiKey(), fake.googleApiKey(90)],
  ignore: () => [
    `AIzaSy${'X'.repeat(33)}`,
    'AIzaSyYOUR_API_KEY_HERE_REPLACE_ME_0000000',
    'GOOGLE_API_KEY=AIza...',
    `AIza${'0123456789'.repeat(3)}abcde`,
    // One character short, and one too many.
    fake.googleApiKey().slice(0, -1),
    `${fake.googleApiKey()}A`,
  ],
});

/** The auth keys AI Studio issues since 2025 (bound to a service account). */
export const geminiAuthKey = defineRule({
  id: 'google-gemini-auth-key',
  provider: 'google',
  title: 'Google Gemini auth key',
  keywords: ['AQ.Ab8RN6'],
  source: `${START}AQ\\.Ab8RN6[A-Za-z0-9_-]{44}${END}`,
  prefixes: ['AQ.Ab8RN6'],
  rotateAt: 'https://aistudio.google.com/apikey',
  match: () => [fake.geminiAuthKey()],
  ignore: () => ['AQ.Ab8RN6...', `AQ.Ab8RN6${'x'.repeat(44)}`, 'GEMINI_API_KEY=AQ.Ab8RN6YOUR_KEY_HERE'],
});

/** The base64 body of the private key inside a JSON string (escaped newlines removed). */
const pemBase64 = (member: string) => member.replace(/^[\s\S]*?PRIVATE KEY-----|-----END[\s\S]*$/g, '').replace(/\\[nr]|\s/g, '');

/**
 * A service-account key file: the secret is its `private_key` member, a
 * PKCS#8 key; `"type": "service_account"` earlier in the object tells the
 * file apart from any other JSON holding a key. The base64 must start as DER
 * does (`MI`): text in the armour is no key.
 */
export const googleServiceAccountKey = defineRule({
  id: 'google-service-account-key',
  provider: 'google',
  title: 'Google Cloud service account key',
  // Key files are JSON: the value is written in lower case, quoted.
  keywords: ['"service_account"'],
  context: { words: ['service_account'], within: 600 },
  source: String.raw`(?<![A-Za-z0-9_])"private_key"\s{0,8}:\s{0,8}"-----BEGIN PRIVATE KEY-----[A-Za-z0-9+/=\\]{64,12000}-----END PRIVATE KEY-----(?:\\n)?"`,
  prefixes: ['"private_key"'],
  body: pemBase64,
  minEntropy: 4.5,
  checks: [when((s) => pemBase64(s).startsWith('MI'), 'not DER')],
  reach: 13000,
  rotateAt: 'https://console.cloud.google.com/iam-admin/serviceaccounts',
  match: () => [fakeParts.serviceAccount()],
  ignore: () => [
    '{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\nYOUR_KEY\\n-----END PRIVATE KEY-----\\n"}',
    `{"type": "authorized_user", ${fakeParts.serviceAccount().secret}}`,
    `{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\n${'A'.repeat(200)}\\n-----END PRIVATE KEY-----\\n"}`,
  ],
});

export const googleRules: readonly Rule[] = [googleApiKey, geminiAuthKey, googleServiceAccountKey];
