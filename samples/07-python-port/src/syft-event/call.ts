import type {
  SendOptions,
  SyftEvents,
  SyftRpcClient,
} from '@mvent/syft-events';
import { SyftBoxURL } from '@mvent/syft-events';

/** Sends to `endpoint` of `box`'s app through the SyftBox folder and prints the answer. */
export async function call(
  client: SyftRpcClient,
  box: SyftEvents,
  endpoint: string,
  options: SendOptions = {},
): Promise<void> {
  const url = SyftBoxURL.forEndpoint(box.email, box.appName, endpoint);
  const response = await client.send(url, { timeout: '10s', ...options });
  console.log(`${endpoint} -> ${response.statusCode} ${response.text()}`);
}
