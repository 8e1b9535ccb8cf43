/**
 * A publishing process of `bench:publishers`: publishes with one contender, as writer `w`,
 * when its parent says so: `{ paced: n, rate }` sends n samples at `rate` per second, then
 * `{ flatOut: n }` sends n as fast as it can. Answers `'sent'` after each.
 */
import type { BenchContext } from './event-contenders';
import { EVENT_CONTENDERS } from './event-contenders';
import { BODY, now, sendFlatOut, sendPaced } from './measure';
import type { Sample } from './measure';

const [name, contextJson, writer] = process.argv.slice(2);
const w = Number(writer);

type Command = { paced?: number; rate?: number; flatOut?: number } | 'exit';

void (async () => {
  const context = JSON.parse(contextJson) as BenchContext;
  const publisher = await EVENT_CONTENDERS[name].publisher(context);
  let i = 0;
  // Numbered across both phases, so that the subscriber checks this writer's order.
  const send = (sample: Sample) => publisher.send({ ...sample, i: i++, w });
  const run = async (command: Command) => {
    if (command === 'exit') {
      await publisher.close();
      process.exit(0);
    }
    if (command.paced) await sendPaced(send, command.paced, command.rate!);
    if (command.flatOut) await sendFlatOut(send, command.flatOut);
    process.send!('sent');
  };
  process.on('message', (command: Command) => void run(command));
  // The first sample warms the connection (a pool attach, a Redis socket).
  send({ t: now(), i: 0, body: BODY });
  process.send!('ready');
})();
