/** In-process enforcement: the agent's engine, and the NestJS guard / Express middleware around it. */
export * from './errors';
export * from './engine/decision';
export * from './engine/enforcer';
export * from './engine/freshness';
export * from './engine/request-identity';
export * from './state/enforced-state';
export * from './state/revocation-index';
export * from './policy/loaded-bundle';
export * from './stream/push-stream';
export * from './stream/backoff';
export * from './stream/logger';
export * from './store/state-store';
export * from './decision-log/decision-logger';
export * from './decision-log/spool';
export * from './decision-log/mask';
export * from './vigil-engine';
