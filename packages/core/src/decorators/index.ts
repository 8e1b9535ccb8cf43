export * from './controller.decorator';
export * from './global.decorator';
export * from './inject.decorator';
export * from './injectable.decorator';
export * from './module.decorator';
export * from './optional.decorator';
export * from './set-metadata.decorator';
