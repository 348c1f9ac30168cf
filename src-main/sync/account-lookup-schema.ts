import { z } from 'zod';
import { accountStatuses } from '../domain/ports/account-directory';
import type { AccountLookupAnswer } from '../domain/ports/account-directory';

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
