/** The wire protocol between the control plane and agents. Pure TypeScript: no Nest, no TypeORM, no socket.io. */
export * from './errors';
export * from './model';
export * from './risk';
export * from './decision-result';
export * from './policy-data';
export * from './events';
export * from './keys';
export * from './envelope';
export * from './validate';
export * from './bundle-archive';
export * from './bundle-signature';
export type * from './bundle-manifest';
