import { Injectable } from '../decorators/injectable.decorator';
import type { Enhancer } from './use-enhancers.decorators';
import { assertEnhancers } from './use-enhancers.decorators';

/** Provide a guard under this token to apply it to every handler, with DI. @publicApi */
export const APP_GUARD = 'APP_GUARD';
/** Provide an interceptor under this token to apply it to every handler. @publicApi */
export const APP_INTERCEPTOR = 'APP_INTERCEPTOR';
/** Provide a pipe under this token to apply it to every handler argument. @publicApi */
export const APP_PIPE = 'APP_PIPE';
/** Provide an exception filter under this token to apply it to every handler. @publicApi */
export const APP_FILTER = 'APP_FILTER';

/** The four kinds of enhancer. */
export type EnhancerKind = 'guards' | 'interceptors' | 'pipes' | 'filters';

/** Which kind each `APP_*` token provides. */
export const APP_ENHANCER_KINDS: ReadonlyMap<string, EnhancerKind> = new Map([
  [APP_GUARD, 'guards'],
  [APP_INTERCEPTOR, 'interceptors'],
  [APP_PIPE, 'pipes'],
  [APP_FILTER, 'filters'],
]);

/** The method each kind of enhancer implements. */
const ENHANCER_METHODS: Record<EnhancerKind, string> = {
  guards: 'canActivate',
  interceptors: 'intercept',
  pipes: 'transform',
  filters: 'catch',
};

/**
 * The enhancers given to `app.useGlobalGuards()` and its siblings. Engines bind their
 * handlers when the application initialises, so these are refused after that.
 */
@Injectable()
export class GlobalEnhancers {
  private readonly added: Record<EnhancerKind, Enhancer<unknown>[]> = {
    guards: [],
    interceptors: [],
    pipes: [],
    filters: [],
  };
  private sealed = false;

  /**
   * @throws Error once the application has initialised: the handlers are bound already
   * @throws TypeError for an argument that is not an enhancer
   */
  add(
    kind: EnhancerKind,
    enhancers: Enhancer<unknown>[],
    caller: string,
  ): void {
    if (this.sealed) {
      throw new Error(
        `${caller}() was called after init() or listen(): handlers are bound when the application initialises. Call it before.`,
      );
    }
    assertEnhancers(`${caller}()`, ENHANCER_METHODS[kind], enhancers);
    this.added[kind].push(...enhancers);
  }

  /** What was added for `kind`, in order. */
  get(kind: EnhancerKind): readonly Enhancer<unknown>[] {
    return this.added[kind];
  }

  /** Refuses further additions (called when the application initialises). */
  seal(): void {
    this.sealed = true;
  }
}
