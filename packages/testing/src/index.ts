/**
 * @mvent/testing: testing modules with provider overrides, temporary directories and
 * condition waits.
 *
 * @packageDocumentation
 * @module @mvent/testing
 */
export * from './interfaces/override-by.interface';
export * from './test';
export * from './testing-module';
export * from './testing-module.builder';
export * from './utils/temp-dir.util';
export * from './utils/wait-for.util';
export * from './utils/monotonic-clock.util';
export * from './utils/percentile.util';
