import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import type { RoutePath } from '@mvent/core';
import type { RouteSchema } from '../schema/rpc-schema';
import { formatRpcSchema } from '../schema/rpc-schema';
import { writeFileAtomically } from '../util/atomic-write.util';
import { makeFolderInside } from '../util/folder-inside.util';

/**
 * The permission file syft-event writes into `rpc/`, byte for byte (the leading empty line
 * included): everyone may read the schema, and each user may read and write only the
 * requests and responses in folders named after them.
 */
export const RPC_PERMISSIONS_YAML = `
rules:
- pattern: rpc.schema.json
  access:
    read:
    - '*'
- pattern: '**/{{.UserEmail}}/*.request'
  access:
    read:
    - 'USER'
    write:
    - 'USER'
- pattern: '**/{{.UserEmail}}/*.response'
  access:
    read:
    - 'USER'
    write:
    - 'USER'
`;

/** The file names syft-event uses in `rpc/`. */
export const RPC_FILES = {
  permissions: 'syft.pub.yaml',
  schema: 'rpc.schema.json',
  keep: '.syftkeep',
} as const;

/**
 * Lays out `rpc/` as syft-event does: `syft.pub.yaml` (written when missing, or when a link
 * or anything but a file is there; unlike Python, which rewrites it on every start, edited
 * permissions are kept), `rpc.schema.json` when a schema is given, and each endpoint's
 * folder with an empty `.syftkeep` (for `/data/{id}`, the folder of `/data`).
 *
 * @throws UnsafeFolderError when a folder from `datasites` down is a link
 */
export async function prepareRpcFolder(
  datasites: string,
  rpcDir: string,
  endpoints: RoutePath[],
  schema: [string, RouteSchema][] | undefined,
): Promise<void> {
  // No link on the way from the datasites to rpc/ or an endpoint: one would take every
  // file the server writes (schema, permissions, responses) wherever it points.
  makeFolderInside(datasites, rpcDir);
  // Every write goes through the atomic writer, which never writes through a planted link.
  writeFileAtomically(
    join(rpcDir, RPC_FILES.permissions),
    RPC_PERMISSIONS_YAML,
    {
      replace: !(await isRegularFile(join(rpcDir, RPC_FILES.permissions))),
      syncNudge: false,
    },
  );
  if (schema) {
    writeFileAtomically(
      join(rpcDir, RPC_FILES.schema),
      formatRpcSchema(schema),
      {
        syncNudge: false,
      },
    );
  }
  for (const endpoint of endpoints) {
    const folder = join(rpcDir, ...endpoint.literalPrefix);
    makeFolderInside(rpcDir, folder);
    const keep = join(folder, RPC_FILES.keep);
    if (!(await isRegularFile(keep))) {
      writeFileAtomically(keep, '', { syncNudge: false });
    }
  }
}

/** Whether `path` is a regular file (a link to one is not). */
async function isRegularFile(path: string): Promise<boolean> {
  return lstat(path).then(
    stats => stats.isFile(),
    () => false,
  );
}
