import { defineRule } from './define.js';
import { fake, fakeParts } from './fake.js';
import { END, START } from './patterns.js';
import type { Rule } from './rule.js';
import { when } from './validators.js';

/**
 * A bot token is base64(bot user id) . 6 . 27-40: its first part must decode
 * to a 17-20 digit id, which no random string does. It has no fixed bytes,
 * so a word naming Discord must stand before it. GitLeaks' "discord" rule
 * (64 hex) matches an application's public key, which is not a secret.
 */
export const discordBotToken = defineRule({
  id: 'discord-bot-token',
  provider: 'discord',
  title: 'Discord bot token',
  keywords: ['discord'],
  context: { words: ['discord'], within: 200 },
  source: `${START}[MNO][A-Za-z0-9_-]{23,27}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,40}${END}`,
  body: (s) => s.slice(s.lastIndexOf('.') + 1),
  checks: [when((s) => /^[1-9][0-9]{16,19}$/.test(Buffer.from(s.split('.')[0] ?? '', 'base64url').toString('latin1')), 'not a Discord id')],
  rotateAt: 'https://discord.com/developers/applications',
  match: () => [{ text: `DISCORD_TOKEN=${fakeParts.discordBot()}`, secret: fakeParts.discordBot() }],
  ignore: () => [
    fakeParts.discordBot(),
    `DISCORD_PUBLIC_KEY=${'0123456789abcdef'.repeat(4)}`,
    `DISCORD_PUBLIC_KEY=${fakeParts.azureOpenai()}${fakeParts.azureOpenai(102)}`,
    `discord: ${'MTIz'.padEnd(24, 'x')}.abcdef.${'x'.repeat(27)}`,
  ],
});

export const discordWebhookUrl = defineRule({
  id: 'discord-webhook-url',
  provider: 'discord',
  title: 'Discord webhook URL',
  keywords: ['/api/webhooks/'],
  source: `${START}https://(?:(?:ptb|canary)\\.)?discord(?:app)?\\.com/api/webhooks/[0-9]{17,20}/[A-Za-z0-9_-]{60,80}(?![A-Za-z0-9_-])`,
  body: (s) => s.slice(s.lastIndexOf('/') + 1),
  rotateAt: 'https://support.discord.com/hc/en-us/articles/228383668',
  match: () => [fake.discordWebhook()],
  ignore: () => ['https://discord.com/api/webhooks/123/abc', `https://discord.com/api/webhooks/123456789012345678/${'x'.repeat(68)}`],
});

export const discordRules: readonly Rule[] = [discordBotToken, discordWebhookUrl];
