import type { ContractErrorPayload, ErrorCode } from '../../contract/errors';

/** A refusal the user must see: a typed contract code, optionally with a sharper message. */
export class UseCaseError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly extra: Partial<Omit<ContractErrorPayload, 'code'>> = {},
  ) {
    super(code);
  }
}
