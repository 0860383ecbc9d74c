import { defineRule } from './define.js';
import { fake } from './fake.js';
import { WORD_START } from './patterns.js';
import type { Rule } from './rule.js';
import type { Verdict } from './rule.js';
import { checkBody } from './validators.js';

/**
 * A connection URL with a password in it: `scheme://user:password@host`.
 * The secret is the URL up to the host (port, path and query are not part
 * of it). No placeholder password (`password`, `changeme`, `${DB_PASS}`,
 * `<password>`), no password equal to the user name, and no local host
 * (loopback, a one-word docker-compose service name, example domains): those
 * are development defaults, not leaks.
 */
const SCHEMES = ['postgresql', 'postgres', 'mongodb+srv', 'mongodb', 'mysql', 'mariadb', 'rediss', 'redis', 'amqps', 'amqp'];
const SOURCE =
  `${WORD_START}(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\\+srv)?|rediss?|amqps?)://` +
  "[^\\s:@/'\"`<>{}$]{0,100}:[^\\s@/'\"`]{1,200}@[A-Za-z0-9._-]{1,200}";

const PLACEHOLDER_PASSWORDS = new Set(
  [
    'password', 'passwd', 'pass', 'pwd', 'secret', 'changeme', 'change_me', 'changeit', 'root', 'admin', 'user',
    'username', 'test', 'testing', 'example', 'postgres', 'mysql', 'redis', 'mongo', 'mongodb', 'guest', 'default',
    'foo', 'bar', 'foobar', 'mypassword', 'yourpassword', 'your_password', 'your-password', 'pa55word', 'p@ssw0rd',
    'password1', 'password123', 'secret123', 'qwerty', 'letmein', 'dbpass', 'db_password', 'dbpassword',
  ].map((p) => p.toLowerCase()),
);
const TEMPLATE = /\$|\{|\}|<|>|%s|%\(|\[|\]|\*|\.\.\.|\u2026/;
// One-word hosts (localhost, db) and the reserved and internal names (host.docker.internal, *.test, example.com).
const LOCAL_HOST = /^(?:127\.\d+\.\d+\.\d+|0\.0\.0\.0|[^.]+|.*\.(?:local|localhost|test|example|invalid|internal)|(?:.*\.)?example\.(?:com|org|net))$/i;

function realPassword(url: string): Verdict {
  const rest = url.slice(url.indexOf('://') + 3);
  const at = rest.lastIndexOf('@');
  const credentials = rest.slice(0, at);
  const host = rest.slice(at + 1);
  const colon = credentials.indexOf(':');
  const user = credentials.slice(0, colon);
  const password = credentials.slice(colon + 1);
  if (password.length < 3 || TEMPLATE.test(password)) return { ok: false, reason: 'template or empty password' };
  if (PLACEHOLDER_PASSWORDS.has(password.toLowerCase()) || password === user) return { ok: false, reason: 'placeholder password' };
  if (LOCAL_HOST.test(host)) return { ok: false, reason: 'local or example host' };
  if (/^(.)\1+$/.test(password)) return { ok: false, reason: 'repeated character' };
  return checkBody(password, 0);
}

export const databaseUrl = defineRule({
  id: 'database-url',
  provider: 'database',
  title: 'Database URL with a password',
  keywords: ['postgres', 'mysql', 'mariadb', 'mongodb', 'redis', 'amqp'],
  source: SOURCE,
  prefixes: SCHEMES.map((s) => `${s}://`),
  placeholder: false,
  checks: [realPassword],
  match: () => [fake.databaseUrl(), { text: `DATABASE_URL=${fake.mongodbUrl()}:27017/app?retryWrites=true`, secret: fake.mongodbUrl() }],
  ignore: () => [
    'postgres://postgres:postgres@localhost:5432/app',
    'postgresql://user:password@db.example.com:5432/app',
    'mysql://root:changeme@mysql.prod.net/app',
    'DATABASE_URL=postgres://app:${DB_PASSWORD}@db.prod.net/app',
    'mongodb+srv://<username>:<password>@cluster0.abcde.mongodb.net/',
    'redis://:{{ redis_password }}@cache.prod.net:6379',
    'amqp://guest:guest@rabbitmq:5672',
    'postgres://app:s3cretPassw0rd@db:5432/app',
    'mongodb://admin:hunter2@127.0.0.1:27017',
    'const url = `postgres://${user}:${password}@${host}/${db}`',
    'postgres://user:****@prod-db.rds.amazonaws.com/app',
  ],
});

export const databaseUrlRules: readonly Rule[] = [databaseUrl];
