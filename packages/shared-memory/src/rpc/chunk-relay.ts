import { Observable, Subject } from 'rxjs';

/**
 * Relays a response stream's chunks to its subscribers, holding those that arrive before
 * the first subscriber (a caller subscribes only after `send()` resolved, while chunks may
 * already be on their way); later subscribers receive the chunks from then on.
 */
export class ChunkRelay<T = unknown> {
  private readonly live = new Subject<T>();
  private early: T[] | undefined = [];
  private ended: { error?: unknown } | undefined;

  next(chunk: T): void {
    if (this.early) this.early.push(chunk);
    else this.live.next(chunk);
  }

  complete(): void {
    this.ended = {};
    if (!this.early) this.live.complete();
  }

  error(error: unknown): void {
    this.ended = { error };
    if (!this.early) this.live.error(error);
  }

  asObservable(): Observable<T> {
    return new Observable<T>(subscriber => {
      const early = this.early;
      this.early = undefined;
      for (const chunk of early ?? []) subscriber.next(chunk);
      if (early && this.ended) {
        if ('error' in this.ended) subscriber.error(this.ended.error);
        else subscriber.complete();
        return undefined;
      }
      return this.live.subscribe(subscriber);
    });
  }
}
