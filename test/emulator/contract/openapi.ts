import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/**
 * Validates emulator responses against the Platform OpenAPI 3.0 spec with
 * ajv: the spec's component schemas become JSON-schema definitions
 * (`nullable` → `anyOf [..., null]`, OpenAPI-only keywords dropped), and a
 * second pass reports properties the spec does not declare (the spec never
 * says `additionalProperties: false`, so ajv alone would accept typos).
 */

type Json = Record<string, unknown>;

/** `<repo>/../shared/reference/api/…`, also from a git worktree beside the main checkout. */
export function specPath(): string | undefined {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  const rel = path.join('shared', 'reference', 'api', 'seqera-api-1.187.0.yaml');
  const candidates = [path.join(dir, '..', rel)];
  const dotGit = path.join(dir, '.git');
  if (fs.existsSync(dotGit) && fs.statSync(dotGit).isFile()) {
    const gitdir = /^gitdir:\s*(.+)$/m.exec(fs.readFileSync(dotGit, 'utf8'))?.[1]?.trim();
    if (gitdir) candidates.push(path.join(path.resolve(dir, gitdir), '..', '..', '..', '..', rel));
  }
  return candidates.find((c) => fs.existsSync(c));
}

const REF = '#/components/schemas/';

function convert(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(convert);
  if (typeof node !== 'object' || node === null) return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'discriminator' && typeof v === 'object' && v !== null && 'mapping' in v) continue;
    if (k.startsWith('x-') || k === 'example' || k === 'nullable') continue;
    if (k === '$ref' && typeof v === 'string') out.$ref = `spec#/definitions/${v.slice(REF.length)}`;
    else if (k === 'properties' && typeof v === 'object' && v !== null) out.properties = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, convert(s)]));
    else out[k] = convert(v);
  }
  // An empty `pattern` in the spec means "any".
  if (out.pattern === '') delete out.pattern;
  // OpenAPI discriminator + mapping (ajv knows neither): pick the mapped schema by the property's value.
  const disc = (node as Json).discriminator as { propertyName?: string; mapping?: Record<string, string> } | undefined;
  if (disc?.mapping) {
    const prop = disc.propertyName ?? 'discriminator';
    delete out.oneOf;
    out.allOf = [
      ...((out.allOf as unknown[] | undefined) ?? []),
      ...Object.entries(disc.mapping).map(([value, ref]) => ({
        if: { properties: { [prop]: { const: value } }, required: [prop] },
        then: { $ref: `spec#/definitions/${ref.slice(REF.length)}` },
      })),
    ];
  }
  if ((node as Json).nullable === true) return { anyOf: [out, { type: 'null' }] };
  return out;
}

export interface Problem {
  path: string;
  message: string;
}

export class Contract {
  private readonly spec: Json;
  private readonly ajv: Ajv;
  private readonly schemas: Record<string, Json>;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(file: string) {
    this.spec = parse(fs.readFileSync(file, 'utf8')) as Json;
    this.schemas = (this.spec.components as { schemas: Record<string, Json> }).schemas;
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: 'spec', definitions: convert(this.schemas) }, 'spec');
  }

  /** The spec's JSON schema of a response (undefined = no body), or throws when the status is not declared. */
  responseSchema(method: string, template: string, status: number): Json | undefined {
    const op = (this.spec.paths as Record<string, Record<string, Json>>)[template]?.[method.toLowerCase()];
    if (!op) throw new Error(`${method} ${template} is not in the spec`);
    const res = (op.responses as Record<string, Json>)[String(status)];
    if (!res) throw new Error(`${method} ${template} does not declare status ${status} (declares ${Object.keys(op.responses as Json).join(', ')})`);
    return ((res.content as Record<string, { schema?: Json }> | undefined)?.['application/json']?.schema) as Json | undefined;
  }

  /** Problems of a response body against the spec (type errors from ajv + undeclared properties). */
  check(method: string, template: string, status: number, body: unknown, text: string): Problem[] {
    const schema = this.responseSchema(method, template, status);
    if (!schema) return text.length === 0 ? [] : [{ path: '', message: `status ${status} has no content in the spec but a body was sent` }];
    const key = `${method} ${template} ${status}`;
    let validate = this.cache.get(key);
    if (!validate) {
      validate = this.ajv.compile(convert(schema) as Json);
      this.cache.set(key, validate);
    }
    const problems: Problem[] = [];
    if (!validate(body)) for (const e of validate.errors ?? []) problems.push({ path: e.instancePath, message: `${e.message ?? ''} ${JSON.stringify(e.params)}` });
    this.undeclared(schema, body, '', problems);
    return problems;
  }

  private resolve(schema: Json): Json {
    let s = schema;
    while (typeof s.$ref === 'string') s = this.schemas[s.$ref.slice(REF.length)];
    return s;
  }

  /** Collects the properties a schema declares, through $ref and allOf, and the subschema of each. */
  private declared(schema: Json, out: Map<string, Json>, extra: { additional?: Json | boolean; mapped?: Json[] }): void {
    const s = this.resolve(schema);
    for (const [k, v] of Object.entries((s.properties as Record<string, Json> | undefined) ?? {})) if (!out.has(k)) out.set(k, v);
    for (const sub of (s.allOf as Json[] | undefined) ?? []) this.declared(sub, out, extra);
    if (s.additionalProperties !== undefined) extra.additional = s.additionalProperties as Json | boolean;
    const disc = s.discriminator as { propertyName?: string; mapping?: Record<string, string> } | undefined;
    if (disc?.mapping) extra.mapped = Object.values(disc.mapping).map((ref) => ({ $ref: ref }));
  }

  private undeclared(schema: Json, data: unknown, at: string, problems: Problem[]): void {
    if (data === null || data === undefined) return;
    const s = this.resolve(schema);
    if (Array.isArray(data)) {
      if (s.items) data.forEach((item, i) => this.undeclared(s.items as Json, item, `${at}/${i}`, problems));
      return;
    }
    if (typeof data !== 'object') return;
    const alternatives = [...((s.anyOf as Json[] | undefined) ?? []), ...((s.oneOf as Json[] | undefined) ?? [])];
    if (alternatives.length > 0 && !(s.discriminator as Json | undefined)?.mapping) {
      // Without a discriminator only an unambiguous alternative can be followed.
      const real = alternatives.filter((alt) => this.resolve(alt).type !== 'null');
      if (real.length === 1) this.undeclared(real[0], data, at, problems);
      return;
    }
    const props = new Map<string, Json>();
    const extra: { additional?: Json | boolean; mapped?: Json[] } = {};
    this.declared(s, props, extra);
    if (props.size === 0 && extra.additional === undefined) return;
    const record = data as Record<string, unknown>;
    if (extra.mapped) {
      const value = record[(s.discriminator as { propertyName?: string }).propertyName ?? 'discriminator'];
      const mapping = (s.discriminator as { mapping: Record<string, string> }).mapping;
      if (typeof value === 'string' && mapping[value]) this.declared({ $ref: mapping[value] }, props, {});
    }
    for (const [k, v] of Object.entries(record)) {
      const sub = props.get(k);
      if (sub) this.undeclared(sub, v, `${at}/${k}`, problems);
      else if (typeof extra.additional === 'object') this.undeclared(extra.additional, v, `${at}/${k}`, problems);
      else if (extra.additional !== true) problems.push({ path: `${at}/${k}`, message: 'property not declared in the spec' });
    }
  }
}
