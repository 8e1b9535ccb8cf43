import { dirname, join, sep } from 'node:path';
import { StandardDecoratorsError } from '../errors/compiler-settings.error';

/**
 * A handler decorator on a method (`@OnEvent`, `@OnRequest`, `@Watch`, ...).
 *
 * @publicApi
 */
export interface HandlerDeclaration {
  readonly methodName: string;
  /** The decorator, as the user wrote it: `@OnEvent('order.*')`. */
  readonly decorator: string;
  /** Which modules serve it, for the warning when none does. */
  readonly servedBy: string;
}

/** What the decorators remember of one class. */
export interface ClassDeclaration {
  /** The file that declared the class, when the call stack tells it. */
  readonly file: string | undefined;
  readonly handlers: HandlerDeclaration[];
}

/**
 * Every decorated class this copy of core has seen, kept by the decorators themselves so that
 * start-up can name the file of a class compiled without decorator metadata, and warn about
 * handlers that no module lists or no transport serves. Classes are module-level values, so
 * holding them costs nothing.
 */
const declarations = new Map<Function, ClassDeclaration>();

/** Where mvent's own packages live (`node_modules/@mvent`, or `packages/` here). */
const MVENT_PACKAGES = dirname(join(__dirname, '..', '..'));

/** Whether a stack frame's file is the user's, not Node's, a library's or mvent's own. */
function isUserFile(file: string): boolean {
  if (file.startsWith('node:') || file.includes(`${sep}node_modules${sep}`)) {
    return false;
  }
  if (!file.startsWith(MVENT_PACKAGES + sep)) return true;
  const [, folder] = file.slice(MVENT_PACKAGES.length + 1).split(sep);
  return folder !== 'src' && folder !== 'dist';
}

/** The first file of the call stack that is the user's: where a decorator was applied. */
function callerFile(): string | undefined {
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 20;
  Error.captureStackTrace(holder, callerFile);
  Error.stackTraceLimit = limit;
  for (const line of (holder.stack ?? '').split('\n').slice(1)) {
    const file = /\(?((?:file:\/\/)?[^()\s]+?):\d+:\d+\)?$/.exec(line)?.[1];
    if (file && isUserFile(file.replace(/^file:\/\//, ''))) {
      return file.replace(/^file:\/\//, '');
    }
  }
  return undefined;
}

/**
 * TypeScript without `experimentalDecorators` calls decorators with a context object
 * (TC39 decorators), which mvent's are not: say which option to set.
 */
function assertLegacyDecorator(context: unknown, decorator: string): void {
  if (typeof context === 'object' && context !== null && 'kind' in context) {
    throw new StandardDecoratorsError(decorator, callerFile());
  }
}

function remember(target: Function): ClassDeclaration {
  let declaration = declarations.get(target);
  if (!declaration) {
    declaration = { file: callerFile(), handlers: [] };
    declarations.set(target, declaration);
  }
  return declaration;
}

/**
 * Called by class decorators (`@Injectable()`, `@Controller()`).
 *
 * @throws StandardDecoratorsError when compiled without `experimentalDecorators`
 */
export function rememberClass(
  target: Function,
  context: unknown,
  decorator: string,
): void {
  assertLegacyDecorator(context, decorator);
  remember(target);
}

/**
 * Called by handler decorators on a method of `prototype`.
 *
 * @throws StandardDecoratorsError when compiled without `experimentalDecorators`
 */
export function rememberHandler(
  prototype: object,
  /** The method's name; a context object when compiled as a TC39 decorator. */
  key: string | symbol,
  decorator: string,
  servedBy: string,
): void {
  assertLegacyDecorator(key, decorator);
  remember(prototype.constructor).handlers.push({
    methodName: String(key),
    decorator,
    servedBy,
  });
}

/** What the decorators remember of `target`, if it was decorated. */
export function declarationOf(target: Function): ClassDeclaration | undefined {
  return declarations.get(target);
}

/** Every class with handler decorators, and its declaration. */
export function handlerDeclarations(): [Function, ClassDeclaration][] {
  return [...declarations].filter(([, d]) => d.handlers.length > 0);
}
