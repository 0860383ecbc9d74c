import { defineRule } from './define.js';
import { fake, fakeParts } from './fake.js';
import type { Rule } from './rule.js';
import { mixedCase, when } from './validators.js';

const ROTATE = 'https://console.aws.amazon.com/iam/home#/security_credentials';
const ID_START = String.raw`(?:(?<![A-Za-z0-9])|(?<=\\[nrt]))`;
const ID_END = '(?![A-Za-z0-9])';
const ID = `${ID_START}(?:AKIA|ASIA)[A-Z2-7]{16}${ID_END}`;

/** AWS's documentation writes its sample ids and secrets with EXAMPLE in them (AKIAIOSFODNN7EXAMPLE). */
const notExample = when((s) => !/EXAMPLE/i.test(s), 'AWS documentation example');

/**
 * An access key id (AKIA long-term, ASIA temporary) is not the secret, but
 * names one: alone it is a warning. With its secret access key nearby the pair
 * is reported once, as aws-secret-access-key.
 */
export const awsAccessKeyId = defineRule({
  id: 'aws-access-key-id',
  provider: 'aws',
  title: 'AWS access key id (without its secret nearby)',
  severity: 'warning',
  keywords: ['AKIA', 'ASIA'],
  source: ID,
  prefixes: ['AKIA', 'ASIA'],
  minEntropy: 2.5,
  checks: [notExample],
  rotateAt: ROTATE,
  match: () => [fake.awsKeyId(), fake.awsSessionKeyId()],
  ignore: () => ['AKIAIOSFODNN7EXAMPLE', 'AKIAXXXXXXXXXXXXXXXX', 'TODAYINASIAWEREPORTED', 'AKIA1234567890123456', `x${fake.awsKeyId()}`],
});

/** Secret access keys are 40 base64 characters; git object ids (40 hex) are not. */
const SECRET = String.raw`(?:(?<![A-Za-z0-9+/])|(?<=\\[nrt]))[A-Za-z0-9+/]{40}(?![A-Za-z0-9+/=])`;
/** How far from its key id a secret access key may stand: the next lines of a .env, a credentials file, a JSON object. */
const PAIR_WITHIN = 200;

export const awsSecretAccessKey = defineRule({
  id: 'aws-secret-access-key',
  provider: 'aws',
  title: 'AWS secret access key (with its key id)',
  keywords: ['AKIA', 'ASIA'],
  source: SECRET,
  pair: { partner: awsAccessKeyId, within: PAIR_WITHIN, required: true },
  checks: [notExample, mixedCase((s) => s, 4, 1), when((s) => !/^[0-9a-f]+$/i.test(s), 'hex: a digest')],
  rotateAt: ROTATE,
  match: () => {
    const secret = fakeParts.awsSecret();
    const other = fakeParts.awsSecret(101);
    return [
      { text: `AWS_ACCESS_KEY_ID=${fake.awsKeyId()}\nAWS_SECRET_ACCESS_KEY=${secret}\n`, secret },
      { text: `[default]\naws_secret_access_key = ${other}\naws_access_key_id = ${fake.awsSessionKeyId()}\n`, secret: other },
    ];
  },
  ignore: () => [
    // AWS's documented pair.
    'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    // A secret with no key id nearby is not claimed here.
    `AWS_SECRET_ACCESS_KEY=${fakeParts.awsSecret()}`,
    // A git commit id beside a key id.
    `${fake.awsKeyId()} 0123456789abcdef0123456789abcdef01234567`,
    `${fake.awsKeyId()}\n${'x'.repeat(PAIR_WITHIN)}\n${fakeParts.awsSecret()}`,
  ],
});

/** Bedrock's long-lived API keys: ABSK + base64 of `BedrockAPIKey-…`. */
const BEDROCK_MARKER = Buffer.from('BedrockAPIKey-').toString('base64').slice(0, 18);
export const awsBedrockApiKey = defineRule({
  id: 'aws-bedrock-api-key',
  provider: 'aws',
  title: 'Amazon Bedrock API key',
  keywords: [`ABSK${BEDROCK_MARKER}`],
  source: `(?:(?<![A-Za-z0-9+/])|(?<=\\\\[nrt]))ABSK${BEDROCK_MARKER}[A-Za-z0-9+/]{90,260}={0,2}(?![A-Za-z0-9+/=])`,
  prefixes: ['ABSK'],
  rotateAt: 'https://console.aws.amazon.com/bedrock/home#/api-keys',
  match: () => [fake.bedrock()],
  ignore: () => [`ABSK${BEDROCK_MARKER}...`, `ABSK${BEDROCK_MARKER}${'A'.repeat(120)}`],
});

export const awsRules: readonly Rule[] = [awsAccessKeyId, awsSecretAccessKey, awsBedrockApiKey];
