import { readFileSync } from 'node:fs';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';

// Both are CommonJS modules whose class or function is their `default` export.
const Ajv = ajvDraft04.default;
const addFormats = ajvFormats.default;

/**
 * The official OASIS SARIF 2.1.0 schema (errata01, JSON Schema draft-04),
 * vendored in test/fixtures (see test/fixtures/README.md): validation never
 * downloads anything.
 */
const schema = JSON.parse(readFileSync(new URL('../fixtures/sarif-schema-2.1.0.json', import.meta.url), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

/** The schema errors of a SARIF document, one line each; empty when it is valid. */
export function sarifErrors(doc: unknown): string[] {
  if (validate(doc)) return [];
  return (validate.errors ?? []).map((e: { instancePath: string; message?: string; params: unknown }) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
