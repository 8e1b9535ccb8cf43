/**
 * @internal
 * For mvent's own packages only (`@mvent/testing`, the engines). Not part of the public
 * API: anything here may change without notice.
 *
 * @packageDocumentation
 */
import 'reflect-metadata';

export { createApplication } from './application/application-factory';
export type { ProviderOverrides } from './scanner/dependencies-scanner';
export { extendArrayMetadata } from './utils/extend-metadata.util';
export { tokenName } from './utils/token-name.util';
export { rememberHandler } from './discovery/declarations';
