/** The one error type of the enforcement layer (agent and SDK). */
export type EnforcementErrorCode =
  | 'CONFIG_INVALID'
  | 'BUNDLE_REFUSED'
  | 'EVENT_REFUSED'
  | 'UNKNOWN_ENTRYPOINT'
  | 'POLICY_ERROR'
  | 'STORE_UNREADABLE'
  | 'INPUT_RESERVED';

export class EnforcementError extends Error {
  constructor(
    readonly code: EnforcementErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(`${code}: ${message}`);
    this.name = 'EnforcementError';
  }
}
