import type { RouteParameter } from '@mvent/core';
import { Response, RouteParamType, RpcRequest } from '@mvent/core';
import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';
import { IS_DATE_STRING } from 'class-validator';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { pythonJsonDumps } from '../protocol/serialize.util';

/**
 * A type in `rpc.schema.json`, in Python syft-event's vocabulary: `"str"`, `"float"`,
 * `"bool"`, `"dict"`, `"bytes"`, `"null"`, `"any"`, an array, or a DTO as a model with its
 * JSON Schema.
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
  [Boolean, 'bool'],
  [Object, 'dict'],
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
    if (metatype === null) return 'null';
    if (Array.isArray(metatype))
      return { type: 'array', items: this.typeOf(metatype[0]) };
    if (metatype === Array) return { type: 'array', items: 'any' };
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
    for (const { type, name, metatype } of parameters) {
      if (type === RouteParamType.REQUEST || metatype === RpcRequest) continue;
      const argName = name ?? type;
      const isModel = typeof this.typeOf(metatype) === 'object';
      args[argName] = {
        type: this.typeOf(metatype),
        required:
          type === RouteParamType.PARAM ||
          (type === RouteParamType.BODY && isModel),
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
    return {
      ...schema,
      title: name,
      ...(Object.keys(defs).length > 0 ? { $defs: defs } : {}),
    };
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
            defs[ref] = { ...target, title: ref };
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
 * `rpc.schema.json` as Python writes it: `json.dumps(schema, indent=2)`, so non-ASCII is
 * escaped, and no trailing newline.
 */
export function formatRpcSchema(routes: [string, RouteSchema][]): string {
  return JSON.stringify(Object.fromEntries(routes), null, 2).replace(
    /[\u007f-\uffff]/g,
    char => pythonJsonDumps(char).slice(1, -1),
  );
}
