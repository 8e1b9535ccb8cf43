/**
 * @mvent/cli: the `mvent` command. Its program is exported for embedding.
 *
 * @packageDocumentation
 * @module @mvent/cli
 */
export { createProgram } from './program';
export { CliError } from './cli-error';
