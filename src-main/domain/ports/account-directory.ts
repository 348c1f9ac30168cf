import type { LookupKey } from '../operations/operation';

/** What the counter asks the platform about an account (查找账号). */
export type AccountQuery =
  | { by: 'id-number'; idNumber: string }
  | { by: 'credit-code'; creditCode: string }
  | { by: 'phone-and-unit'; mobile: string; unitCode: string };

/** Where an account stands on the platform. */
export const accountStatuses = ['normal', 'pending-activation', 'frozen', 'pending-agent'] as const;
export type AccountStatus = (typeof accountStatuses)[number];

/** The words for each status, as the platform's pages say them. */
export const accountStatusLabels: Record<AccountStatus, string> = {
  normal: '正常',
  'pending-activation': '待激活',
  frozen: '已冻结',
  'pending-agent': '经办人申请待审核',
};

/**
 * The platform's answer: whether an account exists and, when it does, only masked facts
 * (the platform masks them itself; the counter never receives a full login name or phone).
 */
export type AccountLookupAnswer =
  | { exists: false }
  | {
      exists: true;
      kind: 'person' | 'organisation';
      subjectType: string;
      loginNameMasked: string;
      status: AccountStatus;
      reservedPhoneMasked: string;
      /** The unit's name, for an organisation. */
      unitName: string | null;
    };

/** 账号激活, first step (seeds/004 五(一)): the account to confirm, as the applicant states it. */
export interface ActivationRequest {
  creditCode: string;
  companyName: string;
  legalRepName: string;
  legalRepIdNumber: string;
}

/** The platform sent a code to the reserved phone, or says why not (its refusal code). */
export type ActivationCodeAnswer =
  { sent: true; reservedPhoneMasked: string } | { sent: false; code: string; message: string };

/** The platform's account directory (POST /v1/accounts/lookup, POST /v1/activations/sms). */
export interface AccountDirectory {
  lookupAccount(query: AccountQuery): Promise<AccountLookupAnswer>;
  sendActivationCode(request: ActivationRequest): Promise<ActivationCodeAnswer>;
}

/** The lookup key a query uses. */
export function queryKey(query: AccountQuery): LookupKey {
  return query.by;
}
