export * from './invalid-config.error';
export * from './invalid-envelope.error';
export * from './invalid-syft-url.error';
export * from './syft-events.error';
