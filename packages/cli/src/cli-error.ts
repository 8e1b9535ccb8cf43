/**
 * An error the CLI reports as one line (`mvent: <message>`) with exit code 1, without a stack.
 *
 * @publicApi
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** `text` as JSON, or a {@link CliError} naming `what`. */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(`${what} is not JSON: ${(error as Error).message}`);
  }
}
