export * from './payload-violation.interface';
export * from './validation-pipe';
export * from './validation-pipe-options.interface';
export * from './payload-validation.exception';
