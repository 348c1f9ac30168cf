import { z } from 'zod';
import { accountStatuses } from '../domain/ports/account-directory';
import type { AccountLookupAnswer, ActivationCodeAnswer } from '../domain/ports/account-directory';

/** The platform's answer to POST /v1/accounts/lookup (resources/central-api.openapi.yaml). */
export const accountLookupAnswerSchema: z.ZodType<AccountLookupAnswer> = z.union([
  z.object({ exists: z.literal(false) }),
  z.object({
    exists: z.literal(true),
    kind: z.enum(['person', 'organisation']),
    subjectType: z.string(),
    loginNameMasked: z.string(),
    status: z.enum(accountStatuses),
    reservedPhoneMasked: z.string(),
    unitName: z.string().nullable(),
  }),
]);

/** The platform's answer to POST /v1/activations/sms. */
export const activationCodeAnswerSchema: z.ZodType<ActivationCodeAnswer> = z.union([
  z.object({ sent: z.literal(true), reservedPhoneMasked: z.string() }),
  z.object({ sent: z.literal(false), code: z.string(), message: z.string() }),
]);
