import type { RouteParameter } from '@mvent/core';
import { Response, RouteParamType, RpcRequest } from '@mvent/core';
import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';
import { IS_DATE_STRING } from 'class-validator';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { pythonJsonDumps } from '../protocol/serialize.util';

/**
 * A type in `rpc.schema.json`, in Python syft-event's vocabulary: `"str"`, `"float"`,
 * `"int"` (`bigint`), `"bool"`, `"dict"`, `"list"`, `"bytes"`, `"nonetype"` (`returns:
 * null`, Python's `-> None`), `"any"`, an array (`returns: [String]`), or a DTO as a model
 * with its JSON Schema as pydantic writes it.
 *
 * @publicApi
 */
export type SchemaType =
  | string
  | { type: 'array'; items: SchemaType }
  | { type: 'model'; name: string; schema: Record<string, unknown> };

/**
 * One endpoint of `rpc.schema.json`.
 *
 * @publicApi
 */
export interface RouteSchema {
  description: string | null;
  args: Record<string, { type: SchemaType; required: boolean }>;
  returns: SchemaType;
}

// class-transformer declares no types for this entry point; its storage is what
// class-validator-jsonschema needs to resolve nested DTOs (`@Type(() => Item)`).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: MetadataStorage;
};

const NAMED_TYPES = new Map<unknown, string>([
  [String, 'str'],
  [Number, 'float'],
  [BigInt, 'int'],
  [Boolean, 'bool'],
  [Object, 'dict'],
  // A bare `list` in Python; TypeScript emits `Array` for every array type.
  [Array, 'list'],
  [Buffer, 'bytes'],
  [Uint8Array, 'bytes'],
  [Promise, 'any'],
  [Response, 'any'],
]);

/**
 * Builds the schema of DTO classes from their class-validator decorators, with
 * class-validator-jsonschema (nested DTOs through class-transformer's `@Type`).
 */
export class DtoSchemaBuilder {
  private schemas: Record<string, Record<string, unknown>> | undefined;

  /** The schema type of a parameter or return type. */
  typeOf(metatype: unknown): SchemaType {
    // No emitted type (no annotation, or `void`): as Python's untyped parameters.
    if (metatype === undefined) return 'any';
    // `returns: null`: Python's `-> None`, which `get_type_hints` turns into `NoneType`.
    if (metatype === null) return 'nonetype';
    if (Array.isArray(metatype))
      return { type: 'array', items: this.typeOf(metatype[0]) };
    const named = NAMED_TYPES.get(metatype);
    if (named) return named;
    if (typeof metatype !== 'function') return 'any';
    const schema = this.modelSchema(metatype.name);
    return schema
      ? { type: 'model', name: metatype.name, schema }
      : metatype.name.toLowerCase();
  }

  /** The schema of a route method from its parameters, return type and description. */
  routeOf(
    parameters: RouteParameter[],
    returns: unknown,
    description: string | undefined,
  ): RouteSchema {
    const args: RouteSchema['args'] = {};
    for (const parameter of parameters) {
      const { type, name, metatype, declaredName, hasDefault } = parameter;
      if (type === RouteParamType.REQUEST || metatype === RpcRequest) continue;
      // Python names an argument by its parameter; a decorator's name is the wire's.
      args[name ?? declaredName ?? type] = {
        type: this.typeOf(metatype),
        // Python: required unless it has a default. Query, headers and the sender are
        // optional on the wire whatever the method says.
        required:
          (type === RouteParamType.PARAM || type === RouteParamType.BODY) &&
          !hasDefault,
      };
    }
    return {
      description: description ?? null,
      args,
      returns: this.typeOf(returns),
    };
  }

  private modelSchema(name: string): Record<string, unknown> | undefined {
    this.schemas ??= validationMetadatasToSchemas({
      classTransformerMetadataStorage: defaultMetadataStorage,
      refPointerPrefix: '#/$defs/',
      // The library's own date-string pattern is wrong; this is what it means.
      additionalConverters: {
        [IS_DATE_STRING]: { type: 'string', format: 'date-time' },
      },
    }) as Record<string, Record<string, unknown>>;
    const schema = this.schemas[name];
    if (!schema) return undefined;
    const defs = this.referencedSchemas(schema, new Set([name]));
    return pydanticOrder({
      ...withTitles(schema, name),
      ...(Object.keys(defs).length > 0 ? { $defs: defs } : {}),
    });
  }

  /** Every DTO `schema` refers to, directly or not, keyed by name (pydantic's `$defs`). */
  private referencedSchemas(
    schema: unknown,
    seen: Set<string>,
  ): Record<string, unknown> {
    const defs: Record<string, unknown> = {};
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(visit);
      if (typeof node !== 'object' || node === null) return;
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string') {
          const ref = value.replace('#/$defs/', '');
          const target = this.schemas![ref];
          if (target && !seen.has(ref)) {
            seen.add(ref);
            defs[ref] = withTitles(target, ref);
            visit(target);
          }
        } else visit(value);
      }
    };
    visit(schema);
    return defs;
  }
}

/**
 * A model's schema with pydantic's titles: the class name, and each property's name as
 * `get_title_from_name` writes it (`first_name` → `First Name`).
 */
function withTitles(
  schema: Record<string, unknown>,
  name: string,
): Record<string, unknown> {
  const properties = schema.properties as
    Record<string, Record<string, unknown>> | undefined;
  if (!properties) return { ...schema, title: name };
  const titled = Object.fromEntries(
    Object.entries(properties).map(([key, property]) => [
      key,
      '$ref' in property ? property : { title: pythonTitle(key), ...property },
    ]),
  );
  return { ...schema, properties: titled, title: name };
}

/** Python's `name.title().replace('_', ' ').strip()`. */
function pythonTitle(name: string): string {
  return name
    .toLowerCase()
    .replace(
      /(^|[^a-z])([a-z])/g,
      (_m, before: string, letter: string) => before + letter.toUpperCase(),
    )
    .replace(/_/g, ' ')
    .trim();
}

/**
 * Keys in pydantic's order: sorted at every level but a model's `properties` (kept in
 * declaration order) and a `default` value.
 */
function pydanticOrder(value: unknown, parentKey?: string): never {
  if (Array.isArray(value)) {
    return value.map(item => pydanticOrder(item, parentKey)) as never;
  }
  if (typeof value !== 'object' || value === null) return value as never;
  const keys = Object.keys(value);
  if (parentKey !== 'properties' && parentKey !== 'default') keys.sort();
  return Object.fromEntries(
    keys.map(key => [
      key,
      pydanticOrder((value as Record<string, unknown>)[key], key),
    ]),
  ) as never;
}

/**
 * `rpc.schema.json` as Python writes it: `json.dumps(schema, indent=2)`, so non-ASCII is
 * escaped, and no trailing newline.
 */
export function formatRpcSchema(routes: [string, RouteSchema][]): string {
  return JSON.stringify(Object.fromEntries(routes), null, 2).replace(
    /[\u007f-\uffff]/g,
    char => pythonJsonDumps(char).slice(1, -1),
  );
}
