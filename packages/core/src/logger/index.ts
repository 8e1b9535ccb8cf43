export * from './console-logger';
export * from './logger';
export * from './logger.service';
