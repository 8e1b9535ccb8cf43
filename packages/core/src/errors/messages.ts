import { tokenName } from '../utils/token-name.util';

/**
 * Message builders for the core's errors. The first line says what failed,
 * the next ones say where, and "Potential solutions" says how to fix it.
 */

const bullets = (lines: string[]): string =>
  lines.map(line => `- ${line}`).join('\n');

const scope = (moduleChain: string[]): string =>
  `Scope [${moduleChain.join(' -> ')}]`;

/** Describes a parameter: `PaymentService (?, Logger)` with the unresolved one as `?`. */
export function describeParameters(
  className: string,
  parameterNames: string[],
  index: number,
): string {
  const shown = parameterNames.map((name, i) => (i === index ? '?' : name));
  return `${className} (${shown.join(', ')})`;
}

export const UNKNOWN_DEPENDENCY_MESSAGE = (
  dependency: unknown,
  index: number,
  consumer: string,
  parameterNames: string[],
  moduleChain: string[],
): string => {
  const name = tokenName(dependency);
  const module = moduleChain[moduleChain.length - 1];
  return `Mvent can't resolve dependencies of ${describeParameters(consumer, parameterNames, index)}.
Please make sure that the argument ${name} at index [${index}] is available in the ${module} context.
${scope(moduleChain)}

Potential solutions:
${bullets([
  `If ${name} is a provider, is it part of ${module}'s \`providers\`?`,
  `If ${name} is exported from a separate module, is that module imported within ${module}?`,
  `If the dependency is optional, mark the parameter with @Optional().`,
])}`;
};

export const PROVIDER_NOT_EXPORTED_MESSAGE = (
  dependency: unknown,
  consumer: string,
  providingModule: string,
  moduleChain: string[],
): string => {
  const name = tokenName(dependency);
  return `Mvent can't resolve ${name} for ${consumer}: ${providingModule} provides it but does not export it.
${scope(moduleChain)}

Potential solutions:
${bullets([
  `Add ${name} to the \`exports\` of ${providingModule}.`,
  `Or provide ${name} in ${moduleChain[moduleChain.length - 1]} itself.`,
])}`;
};

export const CIRCULAR_DEPENDENCY_MESSAGE = (cycle: string[]): string =>
  `A circular dependency was detected: ${cycle.join(' -> ')}.

Potential solutions:
${bullets([
  'Move the shared logic into a third provider that both depend on.',
  'Or inject one side lazily through ModuleRef.get() after initialisation.',
  'forwardRef() breaks circular file imports only: two constructors cannot each need the other.',
])}`;

export const UNDETERMINED_DEPENDENCY_TYPE_MESSAGE = (
  consumer: string,
  index: number,
  emittedType: string,
): string =>
  `Mvent can't determine the dependency at index [${index}] of ${consumer}: TypeScript emitted its type as ${emittedType}.
This happens when the parameter's class is imported with \`import type\` (or \`import { type X }\`), when the type is an interface or a union, or when two files import each other.

Potential solutions:
${bullets([
  'Import the class with a value import: `import { X } from ...`, not `import type`.',
  'If two files import each other, inject with @Inject(forwardRef(() => X)), or move one class to a third file.',
  'For interfaces, primitives and unions, name a token with @Inject(TOKEN).',
  'Make sure the project compiles with `emitDecoratorMetadata` and imports reflect-metadata.',
])}`;

export const UNKNOWN_ELEMENT_MESSAGE = (token: unknown): string =>
  `Mvent could not find ${tokenName(token)} in the application.
Potential solutions:
${bullets([
  'Add it to the `providers` (or `controllers`) of a module reachable from the root module.',
  'If it lives in another module, make sure that module is imported.',
])}`;

export const INVALID_MODULE_MESSAGE = (
  parentChain: string[],
  index: number,
): string =>
  `Mvent can't create the module: the import at index [${index}] of ${parentChain[parentChain.length - 1]} is undefined.
${scope(parentChain)}

Potential solutions:
${bullets([
  'Check the import: is the module class exported from its file?',
  'Two module files that import each other give undefined here: import it as forwardRef(() => XModule), or break the file cycle.',
])}`;

export const NOT_A_MODULE_MESSAGE = (name: string): string =>
  `${name} is not a module. Decorate it with @Module({...}) or return a DynamicModule ({ module, ... }) from forRoot().`;

export const INVALID_PROVIDER_MESSAGE = (
  provider: unknown,
  moduleName: string,
): string =>
  `${moduleName} lists an invalid provider: ${describeValue(provider)}.
A provider is a class, or an object with \`provide\` and one of \`useClass\`, \`useValue\`, \`useFactory\` or \`useExisting\`.`;

export const UNKNOWN_EXPORT_MESSAGE = (
  token: unknown,
  moduleName: string,
): string =>
  `${moduleName} exports ${tokenName(token)}, which is neither one of its providers nor an imported module.

Potential solutions:
${bullets([
  `Add ${tokenName(token)} to the \`providers\` of ${moduleName}.`,
  'Or import the module that provides it, then export that module.',
])}`;

export const INVALID_MODULE_METADATA_MESSAGE = (key: string): string =>
  `Invalid property '${key}' passed into @Module(). Allowed properties are: imports, providers, controllers, exports.`;

export const TRANSIENT_GET_MESSAGE = (token: unknown): string =>
  `${tokenName(token)} is a transient provider, so it has no single instance for get(). Use \`await resolve(${tokenName(token)})\` for a new instance, or inject it.`;

function describeValue(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export const DEPENDENCY_RESOLUTION_MESSAGE = (
  token: string,
  moduleChain: string[],
  cause: unknown,
): string =>
  `Mvent failed to create ${token}. ${scope(moduleChain)}
Reason: ${cause instanceof Error ? cause.message : String(cause)}`;

const where = (file: string | undefined): string => (file ? ` (${file})` : '');

const COMPILER_SETTINGS_HELP = bullets([
  'tsc: set "experimentalDecorators": true and "emitDecoratorMetadata": true in the compilerOptions of tsconfig.json',
  'SWC: set jsc.parser.decorators, jsc.transform.legacyDecorator and jsc.transform.decoratorMetadata to true',
  'tsx, esbuild and Vite emit no decorator metadata: compile with tsc or SWC, or run with ts-node or @swc-node/register',
  'the "Setting up a project" section of @mvent/core\'s README has a complete tsconfig.json',
]);

export const MISSING_DECORATOR_METADATA_MESSAGE = (
  target: string,
  file: string | undefined,
): string =>
  `${target}${where(file)} was compiled without decorator metadata: TypeScript emitted no parameter types (design:paramtypes), so mvent can neither inject its dependencies nor validate its handlers' DTOs.

Potential solutions:
${COMPILER_SETTINGS_HELP}`;

export const STANDARD_DECORATORS_MESSAGE = (
  decorator: string,
  file: string | undefined,
): string =>
  `${decorator}${where(file)} was called as a standard (TC39) decorator: the code was compiled without "experimentalDecorators", and mvent's decorators are TypeScript's experimental ones, like Nest's.

Potential solutions:
${COMPILER_SETTINGS_HELP}`;
