export * from './http-status.enum';
export * from './http.exception';
export * from './http.exceptions';
