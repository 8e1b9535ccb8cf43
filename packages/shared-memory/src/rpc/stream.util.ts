import type { Observable } from 'rxjs';
import { isObservable } from 'rxjs';

/**
 * A handler result that streams, as an async iterable: an Observable (buffered while the
 * consumer is busy, so no chunk is lost), an async iterable as is, or a generator;
 * `undefined` otherwise.
 */
export function toAsyncIterable(
  value: unknown,
): AsyncIterable<unknown> | Iterable<unknown> | undefined {
  if (isObservable(value)) return observableToIterable(value);
  if (typeof value !== 'object' || value === null) return undefined;
  if (
    typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] ===
    'function'
  ) {
    return value as AsyncIterable<unknown>;
  }
  // A generator (or any iterator) streams too; an array or a Set is a plain body.
  if (
    typeof (value as Iterator<unknown>).next === 'function' &&
    typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function'
  ) {
    return value as Iterable<unknown>; // `for await` takes sync iterables too
  }
  return undefined;
}

async function* observableToIterable<T>(
  source: Observable<T>,
): AsyncGenerator<T> {
  const buffered: T[] = [];
  let done = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const subscription = source.subscribe({
    next: value => {
      buffered.push(value);
      wake?.();
    },
    error: (error: unknown) => {
      failure = { error };
      wake?.();
    },
    complete: () => {
      done = true;
      wake?.();
    },
  });
  try {
    for (;;) {
      while (buffered.length > 0) yield buffered.shift()!;
      if (failure) throw failure.error;
      if (done) return;
      await new Promise<void>(resolve => (wake = resolve));
      wake = undefined;
    }
  } finally {
    subscription.unsubscribe();
  }
}
