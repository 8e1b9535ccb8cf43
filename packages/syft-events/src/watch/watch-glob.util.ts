import { isAbsolute, join } from 'node:path';

/** What the placeholders of a watch glob stand for. */
export interface WatchPlaceholders {
  /** `<data_dir>/datasites`. */
  datasites: string;
  /** The user's email. */
  email: string;
  /** The app's folder: `<datasites>/<email>/app_data/<app>`. */
  appData: string;
}

const GLOB_CHARACTERS = /[[\](){}*?!]/g;

/**
 * Turns a `@Watch` glob into an absolute one. `{datasite}` becomes the user's datasite
 * folder, `{email}` the email and `{app_data}` the app's folder; any other braces are brace
 * globs (`*.{json,yaml}`). A relative glob matches under `datasites/` at any depth, as in
 * Python (`*.csv` → `<datasites>/**\/*.csv`). Unlike Python, `{app_data}/*.json` matches.
 */
export function expandWatchGlob(
  glob: string,
  values: WatchPlaceholders,
): string {
  const literal = (text: string) => text.replace(GLOB_CHARACTERS, '\\$&');
  const expanded = glob
    .replaceAll('{datasite}', literal(join(values.datasites, values.email)))
    .replaceAll('{app_data}', literal(values.appData))
    .replaceAll('{email}', literal(values.email));
  if (isAbsolute(expanded)) return expanded;
  const root = literal(values.datasites);
  return expanded.startsWith('**/')
    ? `${root}/${expanded}`
    : `${root}/**/${expanded}`;
}
