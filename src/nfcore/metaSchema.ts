import * as path from 'node:path';

/**
 * nf-core's own `meta-schema.json` (JSON Schema draft 2020-12), found in the
 * user's nf-core/modules clone by walking up from the module folder: the clone
 * keeps it at `modules/meta-schema.json`. Never bundled: the schema is
 * nf-core's and changes with their repository.
 */
export const META_SCHEMA_FILE = 'meta-schema.json';

/** Where the schema would be for a module folder, nearest first: `<ancestor>/modules/meta-schema.json` (and `<ancestor>/meta-schema.json` when the ancestor is `modules`). */
export function metaSchemaCandidates(moduleDir: string): string[] {
  const out: string[] = [];
  let dir = path.resolve(moduleDir);
  for (;;) {
    if (path.basename(dir) === 'modules') out.push(path.join(dir, META_SCHEMA_FILE));
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return out;
}

/**
 * The module's path from the clone's root as meta.yml writes it
 * (`modules/nf-core/multiqc`): the part from the nearest `modules` folder that
 * holds the schema, else from the last `modules` folder above the module.
 */
export function modulePathInRepo(moduleDir: string, schemaFile: string | undefined): string | undefined {
  const abs = path.resolve(moduleDir);
  const root = schemaFile ? path.dirname(path.dirname(path.resolve(schemaFile))) : undefined;
  if (root) return path.relative(root, abs).split(path.sep).join('/');
  const parts = abs.split(path.sep);
  const at = parts.lastIndexOf('modules', parts.length - 2);
  return at < 0 ? undefined : parts.slice(at).join('/');
}

export interface SchemaCheck {
  ok: boolean;
  /** One line per problem: `/containers/singularity/linux~1amd64: must have required property 'https'`. */
  errors: string[];
}

/** Validates data against the schema with Ajv (draft 2020-12), loaded only when a module is checked. */
export async function validateAgainstSchema(schema: unknown, data: unknown): Promise<SchemaCheck> {
  const { default: Ajv2020 } = await import('ajv/dist/2020');
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const validate = ajv.compile(schema as object);
  if (validate(data)) return { ok: true, errors: [] };
  const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'is not valid'}${e.params && 'pattern' in e.params ? ` (${String(e.params.pattern)})` : ''}`);
  return { ok: false, errors: [...new Set(errors)] };
}
