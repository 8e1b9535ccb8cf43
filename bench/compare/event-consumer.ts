/**
 * The subscribing process of the events comparison: subscribes with one contender, records
 * each sample's latency (now − its send time) and answers the bench's commands.
 */
import type { BenchContext } from './event-contenders';
import { EVENT_CONTENDERS } from './event-contenders';
import { now } from './measure';

const [name, contextJson] = process.argv.slice(2);
const context = JSON.parse(contextJson) as BenchContext;
let latencies: number[] = [];
let lastSeenAt = 0;
/** Each writer's next `i` (`bench:publishers`), and samples that came out of its order. */
const nextOf = new Map<number, number>();
let outOfOrder = 0;

void EVENT_CONTENDERS[name]
  .subscribe(context, sample => {
    lastSeenAt = now();
    latencies.push(lastSeenAt - sample.t);
    if (sample.w !== undefined) {
      if (sample.i !== (nextOf.get(sample.w) ?? 0)) outOfOrder += 1;
      nextOf.set(sample.w, sample.i + 1);
    }
  })
  .then(close => {
    process.on('message', (command: string) => {
      if (command === 'take') {
        process.send!({ latencies, lastSeenAt, outOfOrder });
        latencies = [];
      } else if (command === 'exit') {
        void close().then(() => process.exit(0));
      }
    });
    process.send!('ready');
  });
