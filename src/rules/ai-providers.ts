import { defineRule } from './define.js';
import { fake, fakeParts } from './fake.js';
import { END, START } from './patterns.js';
import type { Rule } from './rule.js';
import { hexMix, mixedCase, when } from './validators.js';

/**
 * AI providers whose keys carry a prefix of their own. Lengths and alphabets
 * are those the providers issue (research/providers.md, section 1), bounded
 * on both sides so that a longer token is not cut into a "key".
 */
const afterPrefix = (prefix: string) => (s: string) => s.slice(prefix.length);

export const groqApiKey = defineRule({
  id: 'groq-api-key',
  provider: 'groq',
  title: 'Groq API key',
  keywords: ['gsk_'],
  source: `${START}gsk_[A-Za-z0-9]{52}${END}`,
  prefixes: ['gsk_'],
  rotateAt: 'https://console.groq.com/keys',
  match: () => [fake.groq()],
  ignore: () => ['gsk_...', `gsk_${'x'.repeat(52)}`, 'GROQ_API_KEY=gsk_YOUR_KEY_HERE', `gsk_${fake.groq().slice(4, 50)}`],
});

export const openrouterApiKey = defineRule({
  id: 'openrouter-api-key',
  provider: 'openrouter',
  title: 'OpenRouter API key',
  keywords: ['sk-or-v1-'],
  source: `${START}sk-or-v1-[0-9a-f]{64}${END}`,
  prefixes: ['sk-or-v1-'],
  minEntropy: 3,
  checks: [hexMix(afterPrefix('sk-or-v1-'))],
  rotateAt: 'https://openrouter.ai/settings/keys',
  match: () => [fake.openrouter()],
  ignore: () => ['sk-or-v1-...', `sk-or-v1-${'0'.repeat(64)}`, `sk-or-v1-${'0123456789abcdef'.repeat(4)}`],
});

/**
 * Hugging Face tokens are letters only. Random letters have both cases in
 * about equal number; an identifier that happens to follow `hf_` (Objective-C
 * `hf_requiredParameterNamesForSelector…`) has few capitals.
 */
export const huggingfaceToken = defineRule({
  id: 'huggingface-token',
  provider: 'huggingface',
  title: 'Hugging Face access token',
  keywords: ['hf_', 'api_org_'],
  source: `${START}(?:hf_|api_org_)[A-Za-z]{34}${END}`,
  prefixes: ['api_org_', 'hf_'],
  checks: [mixedCase((s) => s.replace(/^(?:hf_|api_org_)/, ''), 7)],
  rotateAt: 'https://huggingface.co/settings/tokens',
  match: () => [fake.huggingface(), fake.huggingfaceOrg()],
  ignore: () => [
    'hf_...',
    'HF_TOKEN=hf_YOUR_TOKEN_HERE',
    'hf_requiredParameterNamesForSelector',
    ['rhf', 'SponsoredProductsAdvertisedProductList'].join('_'),
    `hf_${'abcdefghijklmnopq'.repeat(2)}`,
  ],
});

export const langsmithApiKey = defineRule({
  id: 'langsmith-api-key',
  provider: 'langsmith',
  title: 'LangSmith API key',
  keywords: ['lsv2_'],
  source: `${START}lsv2_(?:pt|sk)_[0-9a-f]{32}_[0-9a-f]{10}${END}`,
  prefixes: ['lsv2_pt_', 'lsv2_sk_'],
  body: (s) => s.slice(8).replace('_', ''),
  minEntropy: 3,
  rotateAt: 'https://smith.langchain.com/settings',
  match: () => [fake.langsmith(), fake.langsmithService()],
  ignore: () => ['lsv2_pt_...', `lsv2_pt_${'0'.repeat(32)}_${'0'.repeat(10)}`, 'LANGSMITH_API_KEY=lsv2_pt_YOUR_KEY'],
});

export const xaiApiKey = defineRule({
  id: 'xai-api-key',
  provider: 'xai',
  title: 'xAI (Grok) API key',
  keywords: ['xai-'],
  source: `${START}xai-[A-Za-z0-9_]{70,100}${END}`,
  prefixes: ['xai-'],
  rotateAt: 'https://console.x.ai',
  match: () => [fake.xai()],
  ignore: () => ['xai-...', `xai-${'x'.repeat(80)}`, 'const model = "xai-grok-2-latest"'],
});

/** Tavily's original `tvly-` + 32 keys, and the `tvly-dev-` (and `tvly-prod-`) keys issued today. */
export const tavilyApiKey = defineRule({
  id: 'tavily-api-key',
  provider: 'tavily',
  title: 'Tavily API key',
  keywords: ['tvly-'],
  source: `${START}tvly-(?:[A-Za-z0-9]{32}|(?:dev|prod)-[A-Za-z0-9_-]{30,80})${END}`,
  prefixes: ['tvly-prod-', 'tvly-dev-', 'tvly-'],
  rotateAt: 'https://app.tavily.com/home',
  match: () => [fake.tavily(), fake.tavilyDev(), fake.tavilyDevLong()],
  ignore: () => ['tvly-dev-...', 'tvly-YOUR_API_KEY', `tvly-dev-${'x'.repeat(32)}`, 'TAVILY_API_KEY=tvly-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
});

export const pineconeApiKey = defineRule({
  id: 'pinecone-api-key',
  provider: 'pinecone',
  title: 'Pinecone API key',
  keywords: ['pcsk_'],
  source: `${START}pcsk_[A-Za-z0-9]{5,6}_[A-Za-z0-9]{63}${END}`,
  prefixes: ['pcsk_'],
  rotateAt: 'https://app.pinecone.io',
  match: () => [fake.pinecone()],
  ignore: () => ['pcsk_...', `pcsk_abcde_${'x'.repeat(63)}`],
});

export const replicateApiToken = defineRule({
  id: 'replicate-api-token',
  provider: 'replicate',
  title: 'Replicate API token',
  keywords: ['r8_'],
  source: `${START}r8_[A-Za-z0-9]{37}${END}`,
  prefixes: ['r8_'],
  checks: [mixedCase(afterPrefix('r8_'), 3)],
  rotateAt: 'https://replicate.com/account/api-tokens',
  match: () => [fake.replicate()],
  ignore: () => ['r8_...', `r8_${'x'.repeat(37)}`, 'REPLICATE_API_TOKEN=r8_YOUR_TOKEN_HERE', 'r8_computeshaderdispatchindirectargs0'],
});

export const perplexityApiKey = defineRule({
  id: 'perplexity-api-key',
  provider: 'perplexity',
  title: 'Perplexity API key',
  keywords: ['pplx-'],
  source: `${START}pplx-[A-Za-z0-9]{48}${END}`,
  prefixes: ['pplx-'],
  rotateAt: 'https://www.perplexity.ai/settings/api',
  match: () => [fake.perplexity()],
  ignore: () => ['pplx-...', `pplx-${'x'.repeat(48)}`],
});

export const togetherApiKey = defineRule({
  id: 'together-api-key',
  provider: 'together',
  title: 'Together AI API key',
  keywords: ['tgp_v1_'],
  source: `${START}tgp_v1_[A-Za-z0-9_-]{43}${END}`,
  prefixes: ['tgp_v1_'],
  rotateAt: 'https://api.together.ai/settings/api-keys',
  match: () => [fake.together()],
  ignore: () => ['tgp_v1_...', `tgp_v1_${'x'.repeat(43)}`],
});

export const cerebrasApiKey = defineRule({
  id: 'cerebras-api-key',
  provider: 'cerebras',
  title: 'Cerebras API key',
  keywords: ['csk-'],
  source: `${START}csk-[a-z0-9]{48}${END}`,
  prefixes: ['csk-'],
  checks: [when((s) => /[0-9]/.test(s.slice(4)) && /[a-z]/.test(s.slice(4)), 'letters or digits only')],
  rotateAt: 'https://cloud.cerebras.ai',
  match: () => [fake.cerebras()],
  ignore: () => ['csk-...', `csk-${'x'.repeat(48)}`],
});

/** ElevenLabs keys are `sk_` + 48 hex: the underscore and the hex body tell them from Stripe's `sk_live_`. */
export const elevenlabsApiKey = defineRule({
  id: 'elevenlabs-api-key',
  provider: 'elevenlabs',
  title: 'ElevenLabs API key',
  keywords: ['sk_'],
  source: `${START}sk_[0-9a-f]{48}${END}`,
  prefixes: ['sk_'],
  minEntropy: 3,
  checks: [hexMix(afterPrefix('sk_'))],
  rotateAt: 'https://elevenlabs.io/app/settings/api-keys',
  match: () => [fake.elevenlabs()],
  ignore: () => ['sk_...', `sk_${'0'.repeat(48)}`, `sk_${'0123456789abcdef'.repeat(3)}`, `task_${fake.elevenlabs().slice(3)}`],
});

export const firecrawlApiKey = defineRule({
  id: 'firecrawl-api-key',
  provider: 'firecrawl',
  title: 'Firecrawl API key',
  keywords: ['fc-'],
  source: `${START}fc-[0-9a-f]{32}${END}`,
  prefixes: ['fc-'],
  minEntropy: 3,
  checks: [hexMix(afterPrefix('fc-'))],
  rotateAt: 'https://www.firecrawl.dev/app/api-keys',
  match: () => [fake.firecrawl()],
  ignore: () => ['fc-...', `fc-${'0'.repeat(32)}`, 'fc-YOUR_API_KEY', `rfc-${fake.firecrawl().slice(3)}`],
});

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/**
 * Langfuse keys come as a pair: the public `pk-lf-` key names the project,
 * the `sk-lf-` key is the secret. The secret alone is reported; with its
 * public key nearby the pair is one finding.
 */
export const langfuseSecretKey = defineRule({
  id: 'langfuse-secret-key',
  provider: 'langfuse',
  title: 'Langfuse secret key',
  keywords: ['sk-lf-'],
  source: `${START}sk-lf-${UUID}${END}`,
  prefixes: ['sk-lf-'],
  minEntropy: 3,
  pair: { partner: { id: 'langfuse-public-key', pattern: new RegExp(`${START}pk-lf-${UUID}${END}`, 'g') }, within: 300, required: false },
  rotateAt: 'https://cloud.langfuse.com',
  match: () => [
    fake.langfuseSecret(),
    { text: `LANGFUSE_PUBLIC_KEY=${fakeParts.langfusePublic()}\nLANGFUSE_SECRET_KEY=${fake.langfuseSecret(93)}`, secret: fake.langfuseSecret(93) },
  ],
  ignore: () => ['sk-lf-...', `sk-lf-00000000-0000-0000-0000-000000000000`, `LANGFUSE_PUBLIC_KEY=${fakeParts.langfusePublic()}`],
});

/** Weights & Biases: the `wandb_v1_` keys of 2025, and the 40-hex keys before them where WANDB_API_KEY names them. */
export const wandbApiKey = defineRule({
  id: 'wandb-api-key',
  provider: 'wandb',
  title: 'Weights & Biases API key',
  // The legacy rule searches `wandb` already: one search serves both.
  keywords: ['wandb'],
  source: `${START}wandb_v1_[A-Za-z0-9_]{77}${END}`,
  prefixes: ['wandb_v1_'],
  rotateAt: 'https://wandb.ai/authorize',
  match: () => [fake.wandb()],
  ignore: () => ['wandb_v1_...', `wandb_v1_${'x'.repeat(77)}`],
});

export const aiProviderRules: readonly Rule[] = [
  groqApiKey,
  openrouterApiKey,
  huggingfaceToken,
  langsmithApiKey,
  xaiApiKey,
  tavilyApiKey,
  pineconeApiKey,
  replicateApiToken,
  perplexityApiKey,
  togetherApiKey,
  cerebrasApiKey,
  elevenlabsApiKey,
  firecrawlApiKey,
  langfuseSecretKey,
  wandbApiKey,
];
