import { defineRule } from './define.js';
import { fakeParts } from './fake.js';
import { BARE_END, BARE_START } from './patterns.js';
import type { Rule } from './rule.js';
import { hexMix, mixedCase } from './validators.js';

/**
 * Keys with no prefix of their own: 32 hex is also an MD5, 32 alphanumerics
 * an id, 40 hex a git commit. They are keys only where a word names their
 * provider just before them (a variable such as MISTRAL_API_KEY, a key
 * `cohere:` in YAML, an `*.openai.azure.com` endpoint): see Rule.context.
 * The body must still look random.
 */
const WITHIN = 80;
const same = (s: string) => s;

/** DeepSeek keys are `sk-` + 32 hex: not an OpenAI key, and no rule claims them without the word. */
export const deepseekApiKey = defineRule({
  id: 'deepseek-api-key',
  provider: 'deepseek',
  title: 'DeepSeek API key',
  keywords: ['deepseek', 'DeepSeek'],
  context: { words: ['deepseek'], within: WITHIN },
  source: `${BARE_START}sk-[0-9a-f]{32}${BARE_END}`,
  prefixes: ['sk-'],
  minEntropy: 3,
  checks: [hexMix((s) => s.slice(3))],
  rotateAt: 'https://platform.deepseek.com/api_keys',
  match: () => [
    { text: `DEEPSEEK_API_KEY=${fakeParts.deepseek()}`, secret: fakeParts.deepseek() },
    { text: `client = OpenAI(base_url="https://api.deepseek.com", api_key="${fakeParts.deepseek(94)}")`, secret: fakeParts.deepseek(94) },
  ],
  ignore: () => [
    fakeParts.deepseek(),
    `OPENAI_API_KEY=${fakeParts.deepseek()}`,
    `DEEPSEEK_API_KEY=sk-${'0'.repeat(32)}`,
    `deepseek\n${'x'.repeat(WITHIN)}\nkey = "${fakeParts.deepseek()}"`,
  ],
});

export const mistralApiKey = defineRule({
  id: 'mistral-api-key',
  provider: 'mistral',
  title: 'Mistral AI API key',
  keywords: ['mistral'],
  context: { words: ['mistral'], within: WITHIN },
  source: `${BARE_START}[A-Za-z0-9]{32}${BARE_END}`,
  checks: [mixedCase(same, 4, 1)],
  rotateAt: 'https://console.mistral.ai/api-keys',
  match: () => [
    { text: `MISTRAL_API_KEY=${fakeParts.mistral()}`, secret: fakeParts.mistral() },
    { text: `mistral:\n  api_key: "${fakeParts.mistral(95)}"`, secret: fakeParts.mistral(95) },
    { text: `const client = new Mistral({ apiKey: '${fakeParts.mistral(96)}' });`, secret: fakeParts.mistral(96) },
  ],
  ignore: () => [
    fakeParts.mistral(),
    `sha256 ${fakeParts.mistral()}`,
    `MISTRAL_API_KEY=${'x'.repeat(32)}`,
    'model = "mistral-large-latest" # MistralLargeInstructModelV2Latest',
    `"@mistralai/mistralai": { "integrity": "sha512-${fakeParts.mistral()}+${fakeParts.mistral(97)}/${fakeParts.mistral(98)}==" }`,
    'mistral: {"md5": "0cc175b9c0f1b6a831c399e269772661"}',
  ],
});

export const cohereApiKey = defineRule({
  id: 'cohere-api-key',
  provider: 'cohere',
  title: 'Cohere API key',
  keywords: ['cohere', 'CO_API_KEY'],
  context: { words: ['cohere', 'co_api_key'], within: WITHIN },
  source: `${BARE_START}[A-Za-z0-9]{40}${BARE_END}`,
  checks: [mixedCase(same, 4, 1)],
  rotateAt: 'https://dashboard.cohere.com/api-keys',
  match: () => [
    { text: `COHERE_API_KEY=${fakeParts.cohere()}`, secret: fakeParts.cohere() },
    { text: `CO_API_KEY="${fakeParts.cohere(99)}"`, secret: fakeParts.cohere(99) },
  ],
  ignore: () => [
    fakeParts.cohere(),
    `git commit ${'0123456789abcdef0123456789abcdef01234567'}`,
    'cohere: da39a3ee5e6b4b0d3255bfef95601890afd80709',
    `COHERE_API_KEY=${'X'.repeat(40)}`,
  ],
});

/** Azure OpenAI resource keys (32 hex), where an Azure OpenAI variable or endpoint names them. */
export const azureOpenaiApiKey = defineRule({
  id: 'azure-openai-api-key',
  provider: 'azure-openai',
  title: 'Azure OpenAI API key',
  // One word in every context word: three searches instead of twelve.
  keywords: ['azure'],
  context: { words: ['azure_openai', 'azureopenai', 'openai.azure.com', 'azure-openai'], within: 120 },
  source: `${BARE_START}[0-9a-f]{32}${BARE_END}`,
  minEntropy: 3,
  checks: [hexMix(same)],
  rotateAt: 'https://portal.azure.com/#view/Microsoft_Azure_ProjectOxford/CognitiveServicesHub/~/OpenAI',
  match: () => [
    { text: `AZURE_OPENAI_API_KEY=${fakeParts.azureOpenai()}`, secret: fakeParts.azureOpenai() },
    {
      text: `endpoint: https://contoso.openai.azure.com/\napi_key: ${fakeParts.azureOpenai(100)}`,
      secret: fakeParts.azureOpenai(100),
    },
  ],
  ignore: () => [
    fakeParts.azureOpenai(),
    `md5sum ${fakeParts.azureOpenai()}`,
    `AZURE_OPENAI_API_KEY=${'0'.repeat(32)}`,
    `AZURE_OPENAI_DEPLOYMENT_ID=${'0123456789abcdef'.repeat(2)}`,
  ],
});

export const wandbLegacyApiKey = defineRule({
  id: 'wandb-legacy-api-key',
  provider: 'wandb',
  title: 'Weights & Biases API key (40 hex)',
  keywords: ['wandb'],
  context: { words: ['wandb_api_key', 'wandb.login'], within: 40 },
  source: `${BARE_START}[0-9a-f]{40}${BARE_END}`,
  minEntropy: 3,
  checks: [hexMix(same)],
  rotateAt: 'https://wandb.ai/authorize',
  match: () => [{ text: `WANDB_API_KEY=${fakeParts.wandbLegacy()}`, secret: fakeParts.wandbLegacy() }],
  ignore: () => [fakeParts.wandbLegacy(), `commit ${fakeParts.wandbLegacy()}`, `WANDB_API_KEY=${'0'.repeat(40)}`],
});

export const contextRules: readonly Rule[] = [deepseekApiKey, mistralApiKey, cohereApiKey, azureOpenaiApiKey, wandbLegacyApiKey];
