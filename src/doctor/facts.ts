import type { BaseUrls } from '../probe/base-url.js';
import type { Classified } from '../probe/classify.js';
import { probeKey } from '../probe/prober.js';
import type { Rule } from '../rules/rule.js';
import { readDotenvFiles, type DotenvFile } from './dotenv-files.js';
import { cleanValue } from './value.js';
import { shapeOf, type Shape } from './shape.js';
import { KEY_VARIABLES, ORGANIZATION_VARIABLES, type KeyVariable } from './variables.js';

export interface DoctorContext {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly bases: BaseUrls;
  /** Set with --probe: ask the provider, with this per-request timeout. */
  readonly probeTimeoutMs?: number;
}

/** A value of the variable in a .env file here. */
export interface DotenvValue {
  readonly file: string;
  readonly line: number;
  readonly value: string;
}

/** The answer to a probe made with an organization or project header. */
export interface HeaderProbe {
  readonly variable: string;
  readonly header: string;
  readonly value: string;
  readonly from?: string;
  readonly answer: Classified;
}

/** Everything known about one key variable; the checks are pure functions of it. */
export interface KeyFacts {
  readonly spec: KeyVariable;
  /** As the process sees it; undefined when unset. */
  readonly env: string | undefined;
  /**
   * The value checked: the process's, or, when the process has none, the one
   * an app started here reads from its .env file (dotenv, node --env-file,
   * the frameworks): the dotenv case.
   */
  readonly raw: string | undefined;
  /** In the dotenv case, the .env entry that `raw` comes from. */
  readonly from: DotenvValue | undefined;
  /** Without the whitespace and quotes around it. */
  readonly clean: string;
  readonly shape: Shape | undefined;
  /** The rule of this provider the value is a key of, if it is one. */
  readonly rule: Rule | undefined;
  /** The variable's values in the .env files that apps load (templates left out). */
  readonly dotenv: readonly DotenvValue[];
  /** The provider's answer with no extra header, when probed. */
  readonly probe: Classified | undefined;
  readonly headerProbes: readonly HeaderProbe[];
  /** The organization and project variables the app sees with this key. */
  readonly headers: readonly SetHeader[];
}

export interface DoctorFacts {
  readonly context: DoctorContext;
  readonly dotenvFiles: readonly DotenvFile[];
  readonly keys: readonly KeyFacts[];
}

const isLive = (c: Classified | undefined) => c?.result.status === 'live' || c?.result.status === 'live_no_quota';

/** A set organization or project variable, the header it becomes, and whether its value is fit to send. */
export interface SetHeader {
  readonly variable: string;
  readonly header: string;
  readonly value: string;
  readonly expected: string;
  /**
   * Only an id of the documented shape is ever sent: a key pasted into
   * OPENAI_ORG_ID (an Anthropic key, say) must not go to OpenAI as a header.
   */
  readonly sendable: boolean;
  /** Where the value comes from when the process has none: the .env entry an app loads (`.env:2`). */
  readonly from?: string;
}

/**
 * The organization and project variables that are set, with the header each
 * one becomes. With `files` (the dotenv case, where the app is taken to load
 * .env), a variable the process lacks is taken from them, as dotenv fills in
 * what is unset.
 */
export function headerVariables(env: NodeJS.ProcessEnv, files: readonly DotenvFile[] = []): SetHeader[] {
  return ORGANIZATION_VARIABLES.flatMap(({ variable, header, shape, expected }) => {
    const fromFile = env[variable] === undefined ? loadedValue(dotenvValues(files, variable)) : undefined;
    const value = (env[variable] ?? fromFile?.value)?.trim();
    if (!value) return [];
    return [{ variable, header, value, expected, sendable: shape.test(value), ...(fromFile ? { from: placeOf(fromFile) } : {}) }];
  });
}

function dotenvValues(files: readonly DotenvFile[], variable: string): DotenvValue[] {
  return files
    .filter((f) => !f.template)
    .flatMap((f) => {
      // The last assignment wins in the loaders, as the duplicate-key lint says.
      const entry = f.entries.filter((e) => e.key === variable).at(-1);
      return entry ? [{ file: f.name, line: entry.line, value: entry.value }] : [];
    });
}

/** `.env:3`: where a .env value is. */
export const placeOf = (d: { readonly file: string; readonly line: number }): string => `${d.file}:${d.line}`;

/** " in .env:3" in the dotenv case, where the value checked is not the process's; "" otherwise. */
export const valueIn = (k: Pick<KeyFacts, 'from'>): string => (k.from ? ` in ${placeOf(k.from)}` : '');

/** The .env value an app loads when the process has none: .env itself (dotenv, node --env-file, compose, python-dotenv), else the first by name. */
export const loadedValue = (values: readonly DotenvValue[]): DotenvValue | undefined => values.find((v) => v.file === '.env') ?? values[0];

async function keyFacts(spec: KeyVariable, context: DoctorContext, files: readonly DotenvFile[]): Promise<KeyFacts> {
  const env = context.env[spec.variable];
  const dotenv = dotenvValues(files, spec.variable);
  const from = env === undefined ? loadedValue(dotenv) : undefined;
  const raw = env ?? from?.value;
  const clean = raw === undefined ? '' : cleanValue(raw);
  const shape = clean ? shapeOf(clean, spec.provider) : undefined;
  const rule = shape?.kind === 'key' && shape.rule.provider === spec.provider ? shape.rule : undefined;
  const headers = headerVariables(context.env, from ? files : []);
  const facts = { spec, env, raw, from, clean, shape, rule, dotenv, headers };
  if (context.probeTimeoutMs === undefined || !rule) return { ...facts, probe: undefined, headerProbes: [] };

  const options = { bases: context.bases, timeoutMs: context.probeTimeoutMs };
  const probe = await probeKey(rule.id, clean, options);
  // Only a key that works without the header can prove the header wrong.
  const headerProbes: HeaderProbe[] = [];
  if (spec.provider === 'openai' && isLive(probe)) {
    for (const h of headers.filter((v) => v.sendable)) {
      const answer = await probeKey(rule.id, clean, { ...options, extraHeaders: { [h.header]: h.value } });
      headerProbes.push({ variable: h.variable, header: h.header, value: h.value, ...(h.from ? { from: h.from } : {}), answer });
    }
  }
  return { ...facts, probe, headerProbes };
}

/** Reads the environment and the .env files here, and asks the providers when probing. */
export async function gatherFacts(context: DoctorContext): Promise<DoctorFacts> {
  const dotenvFiles = await readDotenvFiles(context.cwd);
  const set = (v: KeyVariable) => context.env[v.variable] !== undefined || dotenvValues(dotenvFiles, v.variable).length > 0;
  // With no key variable set anywhere, OPENAI_API_KEY is the one people ask about.
  const present = KEY_VARIABLES.filter(set);
  const specs = present.length > 0 ? present : KEY_VARIABLES.filter((v) => v.always);
  const keys: KeyFacts[] = [];
  for (const spec of specs) keys.push(await keyFacts(spec, context, dotenvFiles));
  return { context, dotenvFiles, keys };
}
