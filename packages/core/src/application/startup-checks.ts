import type { ModulesContainer } from '../injector/container';
import { handlerDeclarations } from '../discovery/declarations';

/** Every class some application of this process lists as a controller or provider. */
const listedClasses = new WeakSet<Function>();
/** Classes already warned about, so that each warning is said once per process. */
const warned = new WeakSet<Function>();

/** The class behind each provider and controller of `modules`. */
function classesOf(modules: ModulesContainer): Function[] {
  return modules.modules.flatMap(module =>
    module.wrappers.flatMap(wrapper =>
      wrapper.metatype ? [wrapper.metatype] : [],
    ),
  );
}

/** Remembers the classes of a created application, for {@link unlistedHandlerWarnings}. */
export function recordListedClasses(modules: ModulesContainer): void {
  for (const type of classesOf(modules)) listedClasses.add(type);
}

const located = (file: string | undefined): string =>
  file ? ` (declared in ${file})` : '';

/**
 * Decorated handlers of classes that no application of this process lists: their decorators
 * ran (the file was imported), yet nothing will ever call them.
 */
export function unlistedHandlerWarnings(): string[] {
  return handlerDeclarations()
    .filter(([type]) => !listedClasses.has(type) && !warned.has(type))
    .map(([type, { file, handlers }]) => {
      warned.add(type);
      const names = handlers.map(h => `${h.methodName} ${h.decorator}`);
      return `${type.name}${located(file)} has handlers (${names.join(', ')}) but no module lists it in \`controllers\` or \`providers\`, so they never run: add it to a module (or, if this process runs only some of the handler classes it loads on purpose, pass { unlistedHandlers: 'ignore' } to MventFactory.create).`;
    });
}

/**
 * Decorated handlers of this application that no transport built a pipeline for: the module
 * that serves their decorator was not imported.
 */
export function unservedHandlerWarnings(
  modules: ModulesContainer,
  served: ReadonlySet<unknown>,
): string[] {
  const listed = new Set(classesOf(modules));
  return handlerDeclarations()
    .filter(([type]) => listed.has(type) && !warned.has(type))
    .flatMap(([type, { file, handlers }]) => {
      const unserved = handlers.filter(
        h =>
          !served.has(
            (type.prototype as Record<string, unknown>)[h.methodName],
          ),
      );
      if (unserved.length > 0) warned.add(type);
      return unserved.map(
        h =>
          `${type.name}.${h.methodName} ${h.decorator}${located(file)} is served by no transport, so it never runs: import ${h.servedBy}.`,
      );
    });
}
