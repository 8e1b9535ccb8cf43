import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { waitFor } from '@mvent/testing';
import { createSyftBox } from '../../syft-events/test/support/syftbox';

/** Debian's Chromium, which `.ci/run` installs (`apt-get install chromium`). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Where the screenshot is kept for the CI run. */
export const ARTIFACTS = join(__dirname, '..', '..', '..', 'test-artifacts');
export const haveChromium = existsSync(CHROMIUM);

/** A temporary SyftBox folder, with a config file the CLI can be pointed at. */
export async function syftBoxWithConfig() {
  const box = await createSyftBox();
  const configPath = join(box.config.dataDir, 'config.json');
  await writeFile(
    configPath,
    JSON.stringify({ email: box.config.email, data_dir: box.config.dataDir }),
  );
  return { box, configPath };
}

/** The URL a `mvent dashboard` process printed, once it did. */
export async function dashboardUrl(dashboard: {
  output(): string;
}): Promise<string> {
  const printed = () => /at (http:\S+)/.exec(dashboard.output())?.[1];
  await waitFor(printed, { timeout: 30_000, description: 'the dashboard URL' });
  return printed()!;
}
