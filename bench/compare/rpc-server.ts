/** The server process of the RPC comparison: serves `/echo` with one contender. */
import { RPC_CONTENDERS } from './rpc-contenders';

const [name, poolDir] = process.argv.slice(2);
void Promise.resolve(RPC_CONTENDERS[name].serve(poolDir)).then(served => {
  process.on('message', (command: unknown) => {
    if (command === 'exit') process.exit(0);
  });
  process.send!({ ready: true, served });
});
