import type { JsonSchema, OpenApiDocument } from './types';

const COMPONENT = '#/components/schemas/';

/** The one error shape `{_err, message}`, which every plain refusal refers to. */
export const ERROR_REF = `${COMPONENT}Error`;

/** The schema with every `$ref` to the document's components.schemas put in its place. */
export function inlineRefs(schema: JsonSchema, document: Pick<OpenApiDocument, 'components'>) {
  const inline = (value: unknown, seen: readonly string[]): unknown => {
    if (Array.isArray(value)) return value.map((v) => inline(v, seen));
    if (value === null || typeof value !== 'object') return value;
    const { $ref, ...rest } = value as JsonSchema;
    if (typeof $ref === 'string' && $ref.startsWith(COMPONENT)) {
      const name = $ref.slice(COMPONENT.length);
      const target = document.components.schemas[name];
      if (!target || seen.includes(name)) throw new Error(`cannot inline ${$ref}`);
      return { ...(inline(target, [...seen, name]) as JsonSchema), ...rest };
    }
    return Object.fromEntries(
      Object.entries(value as JsonSchema).map(([k, v]) => [k, inline(v, seen)]),
    );
  };
  return inline(schema, []) as JsonSchema;
}
