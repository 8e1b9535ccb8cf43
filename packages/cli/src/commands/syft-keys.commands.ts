import type { Command } from 'commander';
import type { PublicKeyIds, SyftBoxConfig } from '@mvent/syft-events';
import { SyftIdentity } from '@mvent/syft-events';
import { CliError } from '../cli-error';
import { print } from '../output';

/** `mvent syft keys [rotate --yes]`: this user's X3DH identity, and its deliberate replacement. */
export function registerSyftKeysCommands(
  syft: Command,
  config: () => SyftBoxConfig,
): void {
  const keys = syft
    .command('keys')
    .description(
      "this user's encryption keys: where they are and their public halves",
    )
    .action(() => {
      const identity = new SyftIdentity(config());
      const current = identity.currentKeys();
      print(
        `private keys: ${identity.privateKeysPath}`,
        `did.json:     ${identity.didPath()}`,
        ...(current
          ? describe(current)
          : ['no keys yet (created by the first encrypted send or serve)']),
      );
    });

  keys
    .command('rotate')
    .description(
      'replaces the keys and did.json with new ones; peers must sync the new did.json',
    )
    .option(
      '--yes',
      'replace them (without it, only says what would be replaced)',
    )
    .action(async (options: { yes?: boolean }) => {
      const identity = new SyftIdentity(config());
      if (!options.yes) {
        let current: PublicKeyIds | undefined;
        try {
          current = identity.currentKeys();
        } catch (error) {
          print(`the key file cannot be used: ${(error as Error).message}`);
        }
        print(
          `would replace ${identity.privateKeysPath} and ${identity.didPath()}`,
          ...(current ? describe(current) : []),
        );
        throw new CliError(
          'nothing replaced: add --yes to replace the identity',
          2,
        );
      }
      const { replaced, current } = await identity.rotate();
      print(
        `replaced ${identity.privateKeysPath} and ${identity.didPath()}`,
        ...(replaced
          ? describe(replaced).map(line => `old ${line}`)
          : ['old: none']),
        ...describe(current).map(line => `new ${line}`),
        'peers encrypt to the new keys once your datasite has synced; replies to earlier requests are unreadable to them',
      );
    });
}

function describe(ids: PublicKeyIds): string[] {
  return [
    `identity key (Ed25519): ${ids.identityKey}`,
    `signed prekey (X25519): ${ids.signedPrekey}`,
  ];
}
