import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { countRequests, RequestCounter } from '@mvent/syft-events';
import { waitFor } from '@mvent/testing';
import type { TempSyftBox } from '../support/syftbox';
import { createSyftBox, place } from '../support/syftbox';

const id = (n: number) =>
  `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('RequestCounter', () => {
  let box: TempSyftBox;
  let counter: RequestCounter;
  beforeEach(async () => {
    box = await createSyftBox();
  });
  afterEach(async () => {
    counter?.close();
    await box.remove();
  });

  it('counts as files come and go, and agrees with a walk', async () => {
    const rpc = box.rpcDir('shop');
    const folder = join(rpc, 'echo', 'bob@example.com');
    const future = JSON.stringify({ expires: '2999-01-01T00:00:00+00:00' });
    const past = JSON.stringify({ expires: '2020-01-01T00:00:00+00:00' });
    await place(join(folder, `${id(1)}.request`), future);
    await place(join(folder, `${id(2)}.request`), past);
    counter = new RequestCounter(rpc);
    await counter.start();
    expect(counter.counts()).toEqual({ pending: 1, answered: 0, expired: 1 });

    await place(join(folder, `${id(3)}.request`), future);
    await place(join(folder, `${id(1)}.response`), '{}');
    await place(
      join(rpc, 'other', 'carol@example.com', `${id(4)}.request`),
      future,
    );
    await waitFor(
      () => counter.counts().answered === 1 && counter.counts().pending === 2,
      { description: 'the new files counted' },
    );
    expect(counter.counts()).toEqual(await countRequests(rpc));

    // The client consumes a response; the cleanup removes a whole sender folder.
    rmSync(join(folder, `${id(1)}.request`));
    rmSync(join(folder, `${id(1)}.response`));
    rmSync(join(rpc, 'other', 'carol@example.com'), { recursive: true });
    await waitFor(
      () => counter.counts().answered === 0 && counter.counts().pending === 1,
      { description: 'the removed files forgotten' },
    );
    expect(counter.counts()).toEqual({ pending: 1, answered: 0, expired: 1 });
    expect(counter.counts()).toEqual(await countRequests(rpc));
  });
});
