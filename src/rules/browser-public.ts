/**
 * Variables that front-end build tools inline into the code they ship to the
 * browser. A key in one is public the moment the app is built, whether the
 * .env holding it is git-ignored or not: no rule of its own finds such a key
 * (the provider's rule does), this data says where the key was put.
 */
export interface PublicPrefix {
  /** The variable's prefix, as the tool reads it (case-sensitive, like the tool). */
  readonly prefix: string;
  /** The tool that inlines it. */
  readonly tool: string;
}

/** Longest first: NEXT_PUBLIC_ and NUXT_PUBLIC_ must win over SvelteKit's PUBLIC_ (they do not start with it, but stay explicit). */
export const BROWSER_PUBLIC_PREFIXES: readonly PublicPrefix[] = [
  { prefix: 'NEXT_PUBLIC_', tool: 'Next.js' },
  { prefix: 'NUXT_PUBLIC_', tool: 'Nuxt' },
  { prefix: 'EXPO_PUBLIC_', tool: 'Expo' },
  { prefix: 'REACT_APP_', tool: 'Create React App' },
  { prefix: 'GATSBY_', tool: 'Gatsby' },
  { prefix: 'VITE_', tool: 'Vite' },
  { prefix: 'PUBLIC_', tool: 'SvelteKit' },
];

/** A key's variable is looked for this far back on its line (in bytes): an assignment, not a paragraph. */
export const LOOK_BEHIND = 256;

/** Identifier-like words (one linear pass over a bounded window). */
const WORD = /[A-Za-z0-9_]+/g;

/** The prefix a variable name starts with, when a tool ships it to the browser. */
export function publicPrefixOf(name: string): PublicPrefix | undefined {
  return BROWSER_PUBLIC_PREFIXES.find((p) => name.startsWith(p.prefix) && name.length > p.prefix.length);
}

/** A browser-public variable named on the key's line, before it: the one it is assigned to or read beside. */
export interface PublicVariable {
  readonly name: string;
  readonly tool: string;
  readonly prefix: string;
}

/**
 * The browser-public variable standing before `start` on its line, if any
 * (`VITE_OPENAI_KEY=…`, `NEXT_PUBLIC_KEY: '…'`, `import.meta.env.VITE_KEY ?? '…'`).
 * The nearest one wins; text after the key does not count.
 */
export function publicVariableBefore(bytes: Buffer, start: number): PublicVariable | undefined {
  let from = start;
  while (from > 0 && start - from < LOOK_BEHIND && bytes[from - 1] !== 0x0a && bytes[from - 1] !== 0x0d) from--;
  const before = bytes.toString('latin1', from, start);
  let found: PublicVariable | undefined;
  for (const [word] of before.matchAll(WORD)) {
    const p = publicPrefixOf(word);
    if (p) found = { name: word, tool: p.tool, prefix: p.prefix };
  }
  return found;
}

/** Proof kept beside the data: test/rules/browser-public.test.ts runs every example. */
export const browserPublicExamples = {
  /** A line and the variable that must be found before the key (`<key>` stands for it). */
  public: [
    ['VITE_OPENAI_API_KEY=<key>', 'VITE_OPENAI_API_KEY'],
    ['NEXT_PUBLIC_OPENAI_KEY="<key>"', 'NEXT_PUBLIC_OPENAI_KEY'],
    ['export REACT_APP_KEY=<key>', 'REACT_APP_KEY'],
    ['EXPO_PUBLIC_ANTHROPIC_KEY: <key>', 'EXPO_PUBLIC_ANTHROPIC_KEY'],
    ['PUBLIC_OPENAI_KEY=<key>', 'PUBLIC_OPENAI_KEY'],
    ['  env: { NUXT_PUBLIC_API_KEY: "<key>" },', 'NUXT_PUBLIC_API_KEY'],
    ['GATSBY_OPENAI_KEY=<key>', 'GATSBY_OPENAI_KEY'],
    ['const key = import.meta.env.VITE_OPENAI_KEY ?? "<key>";', 'VITE_OPENAI_KEY'],
  ],
  /** Lines where the key is not in a browser-public variable. */
  private: ['OPENAI_API_KEY=<key>', 'MY_VITE_KEY=<key>', 'VITE_=<key>', 'PUBLIC=<key>', 'OPENAI_API_KEY=<key> # VITE_OPENAI_KEY', 'vite_openai_key=<key>'],
} as const;
