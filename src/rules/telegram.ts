import { defineRule } from './define.js';
import { fake } from './fake.js';
import { END } from './patterns.js';
import type { Rule } from './rule.js';

/** `<bot id>:AA<33>`: the bot id is 8 to 10 digits, and every secret part issued starts with AA. */
export const telegramBotToken = defineRule({
  id: 'telegram-bot-token',
  provider: 'telegram',
  title: 'Telegram bot token',
  keywords: [':AA'],
  source: `(?:(?<![0-9A-Za-z_:-])|(?<=\\\\[nrt]))[1-9][0-9]{7,9}:AA[A-Za-z0-9_-]{33}${END}`,
  body: (s) => s.slice(s.indexOf(':') + 3),
  rotateAt: 'https://t.me/BotFather',
  match: () => [fake.telegram()],
  ignore: () => ['123456789:AA...', `123456789:AA${'x'.repeat(33)}`, 'xs:AgencyIdentificationCodeContentType', `12:AA${fake.telegram().slice(-33)}`],
});

export const telegramRules: readonly Rule[] = [telegramBotToken];
