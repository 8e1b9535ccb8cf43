export * from './encryption.error';
export * from './invalid-duration.error';
export * from './invalid-pool-name.error';
export * from './pool-closed.error';
export * from './pool-full.error';
export * from './shared-memory.error';
export * from './unsupported-value.error';
export * from './value-too-large.error';
