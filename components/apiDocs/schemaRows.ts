import type { JsonSchema } from '@/lib/openapi/types';

// A JSON Schema of the API document read as a person reads a type: one row per field, nested
// fields indented under theirs, a short type label and the constraints that matter to a caller.

export interface SchemaRow {
  /** Field name, `[]` for an array's items, or `variant N` for one member of a union. */
  name: string;
  depth: number;
  required: boolean;
  type: string;
  notes: string[];
}

/** Patterns longer than this (the date-time regex) say less than their format does. */
const SHORT_PATTERN = 40;

const asSchemas = (value: unknown): JsonSchema[] =>
  Array.isArray(value) ? (value as JsonSchema[]) : [];

const refName = (ref: string) => ref.slice(ref.lastIndexOf('/') + 1);

/** A one-line type: `string (date-time)`, `integer`, `"a" | "b"`, `object[]`, `number | null`. */
export function typeLabel(schema: JsonSchema): string {
  if (typeof schema.$ref === 'string') return refName(schema.$ref);
  if ('const' in schema) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  const union = asSchemas(schema.anyOf ?? schema.oneOf);
  if (union.length) return union.map(typeLabel).join(' | ');
  switch (schema.type) {
    case 'array':
      return `${wrap(typeLabel((schema.items as JsonSchema | undefined) ?? {}))}[]`;
    case 'object':
      if (!schema.properties && isSchema(schema.additionalProperties))
        return `record of ${typeLabel(schema.additionalProperties)}`;
      return 'object';
    case 'string':
      return schema.format ? `string (${schema.format})` : 'string';
    case 'null':
      return 'null';
    case undefined:
      return 'any JSON';
    default:
      return Array.isArray(schema.type) ? schema.type.join(' | ') : String(schema.type);
  }
}

const wrap = (label: string) => (label.includes(' | ') ? `(${label})` : label);
const isSchema = (value: unknown): value is JsonSchema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A bound as a person reads it: 1e12 rather than 1000000000000. */
const number = (value: unknown) =>
  typeof value === 'number' && value !== 0 && (Math.abs(value) >= 1e6 || Math.abs(value) < 1e-3)
    ? value.toExponential().replace('e+', 'e')
    : value;

/** The constraints and description of one schema, as short phrases. */
export function notesOf(schema: JsonSchema): string[] {
  const notes: string[] = [];
  const range = (lo: unknown, hi: unknown, unit = '') => {
    const min = lo === Number.MIN_SAFE_INTEGER ? undefined : number(lo);
    const max = hi === Number.MAX_SAFE_INTEGER ? undefined : number(hi);
    if (min !== undefined && max !== undefined) notes.push(`${min} … ${max}${unit}`);
    else if (min !== undefined) notes.push(`≥ ${min}${unit}`);
    else if (max !== undefined) notes.push(`≤ ${max}${unit}`);
  };
  range(schema.minimum ?? schema.exclusiveMinimum, schema.maximum ?? schema.exclusiveMaximum);
  range(schema.minLength, schema.maxLength, ' chars');
  range(schema.minItems, schema.maxItems, ' items');
  if (typeof schema.pattern === 'string' && schema.pattern.length <= SHORT_PATTERN)
    notes.push(`pattern ${schema.pattern}`);
  if (schema.default !== undefined) notes.push(`default ${JSON.stringify(schema.default)}`);
  if (schema.additionalProperties === false) notes.push('no other fields');
  if (typeof schema.contentMediaType === 'string') notes.push(schema.contentMediaType);
  if (typeof schema.description === 'string') notes.push(schema.description);
  return notes;
}

/** The fields nested in a schema: an object's properties, an array's items, a union's members. */
function children(schema: JsonSchema): { name: string; schema: JsonSchema; required: boolean }[] {
  if (schema.type === 'object' && isSchema(schema.properties)) {
    const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
    return Object.entries(schema.properties as Record<string, JsonSchema>).map(([name, s]) => ({
      name,
      schema: s,
      required: required.has(name),
    }));
  }
  if (schema.type === 'array' && isSchema(schema.items)) return children(schema.items);
  if (schema.type === 'object' && isSchema(schema.additionalProperties))
    return children(schema.additionalProperties);
  const union = asSchemas(schema.anyOf ?? schema.oneOf).filter((s) => children(s).length > 0);
  if (union.length === 1) return children(union[0]);
  return union.map((s, i) => ({ name: `variant ${i + 1}`, schema: s, required: false }));
}

/** Every row of a schema, depth first; the root itself is not a row (its label heads the list). */
export function schemaRows(schema: JsonSchema, depth = 0): SchemaRow[] {
  if (depth > 12) return [];
  return children(schema).flatMap((child) => [
    {
      name: child.name,
      depth,
      required: child.required,
      type: typeLabel(child.schema),
      notes: notesOf(child.schema),
    },
    ...schemaRows(child.schema, depth + 1),
  ]);
}
