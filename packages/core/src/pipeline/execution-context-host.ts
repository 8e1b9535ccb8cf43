import type { Type } from '../interfaces/type.interface';
import type {
  ContextType,
  ExecutionContext,
  RpcArgumentsHost,
} from './arguments-host.interface';

/**
 * The {@link ExecutionContext} of one handler call.
 *
 * @publicApi
 */
export class ExecutionContextHost implements ExecutionContext {
  constructor(
    private readonly args: unknown[],
    private readonly type: ContextType,
    private readonly controller: Type,
    private readonly handler: (...args: never[]) => unknown,
  ) {}

  getArgs<T extends unknown[] = unknown[]>(): T {
    return this.args as T;
  }

  getArgByIndex<T = unknown>(index: number): T {
    return this.args[index] as T;
  }

  getType<T extends string = ContextType>(): T {
    return this.type as T;
  }

  getClass<T = unknown>(): Type<T> {
    return this.controller as Type<T>;
  }

  getHandler(): (...args: never[]) => unknown {
    return this.handler;
  }

  switchToRpc(): RpcArgumentsHost {
    return {
      getData: <T>() => this.args[0] as T,
      getContext: <T>() => this.args[1] as T,
    };
  }
}
