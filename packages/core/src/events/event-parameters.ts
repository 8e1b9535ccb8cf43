import { PARAMTYPES_METADATA, ROUTE_ARGS_METADATA } from '../constants';
import type { Type } from '../interfaces/type.interface';
import type { ParameterSpec } from '../pipeline/parameter-spec.interface';
import type { RouteParamMetadata } from '../rpc/route-params.decorator';

/**
 * The arguments of an `@OnEvent` method for the pipeline: the payload first (a `'body'`
 * argument, validated when typed as a DTO), the envelope second, and, at any position, a
 * decorator made with `createParamDecorator()`.
 */
export function eventParameterSpecs(
  instance: object,
  methodName: string,
): ParameterSpec[] {
  const types =
    (Reflect.getMetadata(PARAMTYPES_METADATA, instance, methodName) as
      unknown[] | undefined) ?? [];
  const custom =
    (Reflect.getMetadata(ROUTE_ARGS_METADATA, instance, methodName) as
      RouteParamMetadata[] | undefined) ?? [];
  const method = (instance as Record<string, (...args: unknown[]) => unknown>)[
    methodName
  ];
  const count = Math.max(2, types.length, method.length);
  return Array.from({ length: count }, (_, index): ParameterSpec => {
    const metatype = types[index] as Type | undefined;
    const declared = custom.find(parameter => parameter.index === index);
    if (declared?.factory) {
      const { factory, data } = declared;
      return {
        metadata: { type: 'custom', metatype, data: undefined },
        extract: context => factory(data, context),
        pipes: declared.pipes ?? [],
      };
    }
    return {
      metadata: { type: index === 0 ? 'body' : 'custom', metatype },
      extract: context => context.getArgByIndex(index),
      pipes: [],
    };
  });
}
