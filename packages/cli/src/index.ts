/**
 * @mvent/cli: the `mvent` command. Its program is exported for embedding.
 *
 * @packageDocumentation
 */
export { createProgram } from './program';
export { CliError } from './cli-error';
