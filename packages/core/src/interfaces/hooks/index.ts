export * from './before-application-shutdown.interface';
export * from './on-application-bootstrap.interface';
export * from './on-application-shutdown.interface';
export * from './on-module-destroy.interface';
export * from './on-module-init.interface';
