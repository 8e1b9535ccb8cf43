import { randomBytes } from 'node:crypto';
import { appendFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { SyftResponse } from '../interfaces/rpc-envelope.interface';
import { formatResponse } from '../protocol/rpc-envelope';

/**
 * Writes a response so that no reader ever sees half of it: the JSON goes to a temporary
 * file in the same folder (named `.<id>.syft.tmp.<random>`, which SyftBox sync ignores),
 * is renamed over `<id>.response`, and then one `"\n"` is appended in place. The append is
 * a real write, which the Go client's watcher needs to sync the file at once; the JSON is
 * valid before and after it.
 *
 */
export async function writeResponseAtomically(
  responsePath: string,
  response: SyftResponse,
): Promise<void> {
  const temporary = join(
    dirname(responsePath),
    `.${basename(responsePath)}.syft.tmp.${randomBytes(4).toString('hex')}`,
  );
  try {
    await writeFile(temporary, formatResponse(response), { flag: 'wx' });
    await rename(temporary, responsePath);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await appendFile(responsePath, '\n');
}
