import {
  CircularDependencyError,
  CoreError,
  DependencyResolutionError,
  InvalidModuleError,
  InvalidProviderError,
  ProviderNotExportedError,
  UndeterminedDependencyTypeError,
  UnknownDependencyError,
  UnknownElementError,
} from '@mvent/core';

describe('core errors', () => {
  it.each([
    [
      new UnknownDependencyError(
        'TOKEN',
        0,
        'Service',
        ['"TOKEN"'],
        ['AppModule'],
      ),
      'CORE_UNKNOWN_DEPENDENCY',
      /^Mvent can't resolve dependencies of Service \(\?\)\.[\s\S]*Scope \[AppModule\][\s\S]*Potential solutions:/,
    ],
    [
      new ProviderNotExportedError(Symbol('DB'), 'Repo', 'DbModule', [
        'AppModule',
        'RepoModule',
      ]),
      'CORE_PROVIDER_NOT_EXPORTED',
      /Symbol\(DB\) for Repo: DbModule provides it but does not export it\.\nScope \[AppModule -> RepoModule\]/,
    ],
    [
      new CircularDependencyError(['A', 'B', 'A']),
      'CORE_CIRCULAR_DEPENDENCY',
      /A -> B -> A/,
    ],
    [
      new UndeterminedDependencyTypeError('Service', 2, 'Object'),
      'CORE_UNDETERMINED_DEPENDENCY_TYPE',
      /index \[2\] of Service: TypeScript emitted its type as Object/,
    ],
    [
      new UnknownElementError('X'),
      'CORE_UNKNOWN_ELEMENT',
      /could not find "X" in the application/,
    ],
    [
      InvalidModuleError.undefinedImport(['AppModule'], 3),
      'CORE_INVALID_MODULE',
      /import at index \[3\] of AppModule is undefined/,
    ],
    [
      InvalidModuleError.notAModule('Foo'),
      'CORE_INVALID_MODULE',
      /^Foo is not a module\. Decorate it with @Module/,
    ],
    [
      InvalidModuleError.unknownKey('provider'),
      'CORE_INVALID_MODULE',
      /Invalid property 'provider' passed into @Module\(\)/,
    ],
    [
      InvalidModuleError.unknownExport('X', 'M'),
      'CORE_INVALID_MODULE',
      /M exports "X", which is neither one of its providers/,
    ],
    [
      InvalidProviderError.malformed({ provide: 'X' }, 'M'),
      'CORE_INVALID_PROVIDER',
      /M lists an invalid provider: \{"provide":"X"\}/,
    ],
    [
      InvalidProviderError.transientGet('X'),
      'CORE_INVALID_PROVIDER',
      /"X" is a transient provider.*await resolve\("X"\)/,
    ],
    [
      new DependencyResolutionError('DB', ['AppModule'], new Error('boom')),
      'CORE_DEPENDENCY_RESOLUTION',
      /failed to create DB\. Scope \[AppModule\]\nReason: boom/,
    ],
  ])(
    '%s should carry its code and message',
    (error: CoreError, code, message) => {
      expect(error).toBeInstanceOf(CoreError);
      expect(error.name).toBe(error.constructor.name);
      expect(error.code).toBe(code);
      expect(error.message).toMatch(message);
    },
  );
});
