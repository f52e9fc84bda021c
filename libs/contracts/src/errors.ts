/** The one error type of the wire-protocol layer: every refusal carries a stable code. */
export type ContractErrorCode =
  | 'INVALID_EVENT'
  | 'INVALID_KEY'
  | 'SIGNATURE_MISSING'
  | 'SIGNATURE_INVALID'
  | 'UNKNOWN_KEY'
  | 'EVENT_TYPE_MISMATCH'
  | 'BUNDLE_HASH_MISMATCH';

export class ContractError extends Error {
  constructor(
    readonly code: ContractErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'ContractError';
  }
}
