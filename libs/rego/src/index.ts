/** Public API of the Rego toolchain. Code outside libs/rego imports only from here. */
export * from './diagnostics';
export type * from './syntax/ast';
export * from './syntax/parse';
export type * from './api';
