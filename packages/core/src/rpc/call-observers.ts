import { Injectable } from '../decorators/injectable.decorator';
import { outcomeOfError, outcomeOfResult } from './rpc-outcome';

/**
 * One finished RPC call, as observers see it.
 *
 * @publicApi
 */
export interface ObservedCall {
  /** The transport's id: `'syft'`, `'memory'`. */
  transport: string;
  /** The route's path as declared (`/data/{id}`), not the request's. */
  route: string;
  /** Who the request says sent it (a SyftBox email, a memory caller's name): not verified. */
  sender: string;
  statusCode: number;
  /** From the request entering the pipeline to its outcome, guards and filters included. */
  durationMs: number;
}

/**
 * Who is told of every RPC call on every transport, after its pipeline (so a guard's 403 and
 * a filter's answer count too). Metrics register here; with no observer a call costs nothing
 * extra. Injectable from any module.
 *
 * @publicApi
 */
@Injectable()
export class CallObservers {
  private observers: ((call: ObservedCall) => void)[] = [];

  /** Calls `observer` after every RPC call; returns a function that removes it. */
  add(observer: (call: ObservedCall) => void): () => void {
    this.observers = [...this.observers, observer];
    return () => {
      this.observers = this.observers.filter(o => o !== observer);
    };
  }

  /**
   * @internal Runs one call and reports its status as the transport will answer it: the
   * result's (a `Response`'s status, else 200) or the error's (an `HttpException`'s, else 500).
   */
  observe(
    transport: string,
    route: string,
    sender: string,
    run: () => Promise<unknown>,
  ): Promise<unknown> {
    if (this.observers.length === 0) return run();
    const started = performance.now();
    const report = (statusCode: number) => {
      const call = {
        transport,
        route,
        sender,
        statusCode,
        durationMs: performance.now() - started,
      };
      for (const observer of this.observers) {
        try {
          observer(call);
        } catch {
          // metrics must never change an answer
        }
      }
    };
    return run().then(
      result => {
        report(outcomeOfResult(result).statusCode);
        return result;
      },
      (error: unknown) => {
        report(outcomeOfError(error, route, false).statusCode);
        throw error;
      },
    );
  }
}
