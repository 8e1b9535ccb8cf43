import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseResponse, serialize, SyftTimestamp } from '@mvent/syft-events';
import { createTempDir } from '@mvent/testing';
import { writeResponseAtomically } from '../../src/server/response-writer';

describe('writeResponseAtomically', () => {
  it('should leave only the response, valid JSON ending in one newline', async () => {
    const dir = await createTempDir('mvent-writer-');
    const path = join(
      dir.path,
      '2edefe89-f0b0-4a35-b1c7-b0213116c465.response',
    );
    const now = SyftTimestamp.now();
    await writeResponseAtomically(path, {
      id: '2edefe89-f0b0-4a35-b1c7-b0213116c465',
      sender: 'alice@example.com',
      url: 'syft://alice@example.com/app_data/demo/rpc/add',
      body: serialize({ total: 42 }),
      headers: {},
      created: now,
      expires: now.plus(60_000),
      statusCode: 200,
    });
    const text = await readFile(path, 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    expect(parseResponse(text).body!.toString()).toBe('{"total":42}');
    expect(await readdir(dir.path)).toEqual([
      '2edefe89-f0b0-4a35-b1c7-b0213116c465.response',
    ]);
    await dir.remove();
  });
});
