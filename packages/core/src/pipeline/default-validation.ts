import { Logger } from '../logger/logger';
import { ValidationPipe } from '../validation/validation-pipe';
import type { ArgumentMetadata, PipeTransform } from './enhancer.interfaces';

const DEFAULT_VALIDATION = new ValidationPipe(ValidationPipe.DEFAULT_OPTIONS);
const warned = new WeakSet<object>();
const logger = new Logger('ValidationPipe');

/**
 * The pipes of one parameter after the shared ones: its own, and, when no `ValidationPipe`
 * is configured anywhere for it, the default one (`ValidationPipe.DEFAULT_OPTIONS`), so that
 * every transport validates a DTO argument the same way. Warns once per DTO class that has
 * no class-validator decorators.
 */
export function parameterPipes(
  metadata: ArgumentMetadata,
  shared: readonly PipeTransform[],
  own: PipeTransform[],
  handlerName: string,
): PipeTransform[] {
  const { type, metatype } = metadata;
  if (type === 'custom' || !ValidationPipe.isValidatable(metatype)) {
    return own;
  }
  if (!ValidationPipe.hasConstraints(metatype) && !warned.has(metatype)) {
    warned.add(metatype);
    logger.warn(
      `${metatype.name} (an argument of ${handlerName}) has no class-validator decorators, so validation cannot check it: the default ValidationPipe refuses every property as unknown, and one without whitelist lets anything through. Decorate its properties (@IsString(), @IsInt(), ...) or type the argument as a plain object.`,
    );
  }
  const configured = [...shared, ...own].some(
    pipe => pipe instanceof ValidationPipe,
  );
  return configured ? own : [...own, DEFAULT_VALIDATION];
}
