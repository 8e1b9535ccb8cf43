import type { ResponseStreamer } from './response-streamer';
import type { ResponseFrame } from './rpc-frames';
import { serviceUnavailable } from './rpc-frames';

/** Sends one response frame to the caller of a request. */
export type Reply = (frame: ResponseFrame) => void;

/** A request being served, and how to end it if the server cannot wait for it. */
export interface RequestInProgress {
  /** Sends a frame for this request; a whole response after `close` cut it short is dropped. */
  reply: Reply;
  /** Set once the handler returned a stream. */
  streamer?: ResponseStreamer;
}

/**
 * The requests a memory-RPC server is serving, so that `close()` can wait for them, and end
 * those that outlast its grace period: a stream with a 503 error, a request with a 503.
 */
export class RequestsInProgress {
  private readonly requests = new Set<RequestInProgress>();
  private readonly idleWaiters: (() => void)[] = [];
  /** How to answer each plain request with a 503. */
  private readonly cutShorts = new Map<RequestInProgress, () => void>();

  /** Starts tracking a request; `send` delivers its frames. */
  start(send: Reply): RequestInProgress {
    let cutShort = false;
    const request: RequestInProgress = {
      reply: frame => {
        if (!(cutShort && frame.kind === 'response')) send(frame);
      },
    };
    this.requests.add(request);
    this.cutShorts.set(request, () => {
      cutShort = true;
      send({ ...serviceUnavailable(), id: '', kind: 'response' });
    });
    return request;
  }

  /** Stops tracking a request (served, or cut short). */
  end(request: RequestInProgress): void {
    this.requests.delete(request);
    this.cutShorts.delete(request);
    if (this.requests.size === 0) {
      for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }

  /** Whether every request ended within `ms`. */
  async idleWithin(ms: number): Promise<boolean> {
    if (this.requests.size === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const idle = await new Promise<boolean>(resolve => {
      this.idleWaiters.push(() => resolve(true));
      timer = setTimeout(() => resolve(false), ms);
    });
    clearTimeout(timer);
    return idle;
  }

  /** Ends every request now: streams at their next chunk (or at once), others with a 503. */
  cutShortAll(message: string): void {
    for (const request of [...this.requests]) {
      if (request.streamer) {
        request.streamer.abort(503, message);
        continue;
      }
      try {
        this.cutShorts.get(request)?.();
      } catch {
        // the caller is gone
      }
      this.end(request);
    }
  }
}
