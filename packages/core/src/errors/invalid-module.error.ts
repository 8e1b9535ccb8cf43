import { CoreError } from './core.error';
import {
  INVALID_MODULE_MESSAGE,
  INVALID_MODULE_METADATA_MESSAGE,
  NOT_A_MODULE_MESSAGE,
  UNKNOWN_EXPORT_MESSAGE,
} from './messages';

/**
 * A module definition is wrong: an undefined import, a class that is not a module,
 * an unknown `@Module()` key or an export that the module cannot export.
 *
 * @publicApi
 */
export class InvalidModuleError extends CoreError {
  private constructor(message: string) {
    super('CORE_INVALID_MODULE', message);
  }

  /** An import at `index` of the last module in `parentChain` is undefined. */
  static undefinedImport(parentChain: string[], index: number) {
    return new InvalidModuleError(INVALID_MODULE_MESSAGE(parentChain, index));
  }

  /** `name` was imported but is not a module. */
  static notAModule(name: string) {
    return new InvalidModuleError(NOT_A_MODULE_MESSAGE(name));
  }

  /** `@Module()` received a key it does not know. */
  static unknownKey(key: string) {
    return new InvalidModuleError(INVALID_MODULE_METADATA_MESSAGE(key));
  }

  /** `moduleName` lists `name` in `controllers`, but it has no `@Controller()`. */
  static notAController(name: string, moduleName: string) {
    return new InvalidModuleError(
      `${moduleName} lists ${name} in \`controllers\`, but ${name} has no @Controller() decorator, so its handlers would never be found. Decorate it with @Controller(), or move it to \`providers\` if it is a service.`,
    );
  }

  /** `moduleName` exports `token` without providing or importing it. */
  static unknownExport(token: unknown, moduleName: string) {
    return new InvalidModuleError(UNKNOWN_EXPORT_MESSAGE(token, moduleName));
  }
}
