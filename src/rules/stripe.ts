import { defineRule } from './define.js';
import { fake } from './fake.js';
import { END, START } from './patterns.js';
import type { Rule } from './rule.js';
import { when } from './validators.js';

/**
 * Live secret (`sk_live_`) and restricted (`rk_live_`) keys: 24 characters
 * in the old form, up to about 100 today. Publishable `pk_` keys are public;
 * test-mode keys move no money and are left out. Highnote's keys also start
 * `sk_live_`, followed by base64 of "key_": they are not Stripe's.
 */
export const stripeSecretKey = defineRule({
  id: 'stripe-secret-key',
  provider: 'stripe',
  title: 'Stripe live secret or restricted key',
  keywords: ['k_live_'],
  source: `${START}[sr]k_live_[A-Za-z0-9]{24,247}${END}`,
  prefixes: ['sk_live_', 'rk_live_'],
  checks: [when((s) => !s.slice(8).startsWith('a2V5Xz'), 'Highnote key')],
  rotateAt: 'https://dashboard.stripe.com/apikeys',
  match: () => [fake.stripe(), fake.stripeShort(), fake.stripeRestricted()],
  ignore: () => [
    'sk_live_...',
    `sk_live_${'x'.repeat(24)}`,
    'STRIPE_SECRET_KEY=sk_live_YOUR_KEY_HERE',
    `pk_live_${fake.stripe().slice(8)}`,
    // The 24-character test-mode shape of Stripe's documentation.
    `sk_test_${fake.stripeShort().slice(8)}`,
    `sk_live_a2V5Xz${fake.stripe().slice(14)}`,
  ],
});

export const stripeRules: readonly Rule[] = [stripeSecretKey];
