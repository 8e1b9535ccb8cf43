export * from './invalid-config.error';
export * from './invalid-envelope.error';
export * from './invalid-syft-url.error';
export * from './syft-events.error';
export * from './invalid-time-interval.error';
export * from './syft-timeout.error';
export * from './crypto.errors';
export * from './unsafe-folder.error';
