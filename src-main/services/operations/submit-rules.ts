import type { CaseState } from '../../domain/case-state';
import { operationCall } from '../../domain/operations/operation';
import type { ProvinceProfile } from '../../domain/profile';
import { appendAudit, auditBySubject } from '../../store/repositories/audit-log';
import { readCaseApplicant } from '../../store/repositories/case-applicant';
import type { CaseRecord } from '../../store/repositories/cases';
import { findCaseByNumber, searchCasesByKeys } from '../../store/repositories/cases';
import { applicantScreenPresent } from '../applicant/applicant';
import { profileById } from '../shared/profiles';
import type { Actor, ServiceContext } from '../shared/service-context';
import { nowIso, startOfToday } from '../shared/service-context';
import { UseCaseError } from '../shared/use-case-error';

/**
 * States in which the platform holds an application as pending: under review by a person. A
 * case still waiting to be sent may be accepted at once, so it does not count.
 */
const PENDING: readonly CaseState[] = ['manual-review'];
/** States in which a case's phone is bound on the platform, or about to be. */
const BINDING: readonly CaseState[] = ['submitted', 'manual-review', 'accepted', 'archived'];

/** The parties whose phone a case binds within the company, each with its holder's ID. */
const PHONE_HOLDERS: readonly [mobile: string, holder: string][] = [
  ['legalRep.mobile', 'legalRep.idNumber'],
  ['agent.mobile', 'agent.idNumber'],
  ['newLegalRep.mobile', 'newLegalRep.idNumber'],
  // A new reserved phone is the account holder's: the legal representative's.
  ['account.newMobile', 'legalRep.idNumber'],
];

const upper = (text: string | undefined) => (text ?? '').trim().toUpperCase();

function companyOf(record: CaseRecord): string {
  return upper(record.values['company.creditCode'] ?? record.values['company.projectCode']);
}

/** The hall's other cases of the same company, as stored. */
function otherCasesOfCompany(ctx: ServiceContext, record: CaseRecord): CaseRecord[] {
  const company = companyOf(record);
  if (!company) return [];
  return searchCasesByKeys(ctx.db, ['credit-code'], company)
    .filter((summary) => summary.caseNumber !== record.caseNumber)
    .map((summary) => findCaseByNumber(ctx.db, summary.caseNumber))
    .filter((other): other is CaseRecord => other !== undefined && companyOf(other) === company);
}

/** Refuses with the platform's own words and the profile's next step for that refusal. */
function refuseAs(
  ctx: ServiceContext,
  actor: Actor,
  profile: ProvinceProfile,
  record: CaseRecord,
  code: string,
): never {
  const refusal = profile.refusals.find((item) => item.code === code);
  appendAudit(ctx.db, {
    at: nowIso(ctx),
    actorId: actor.id,
    actorName: actor.displayName,
    action: 'case.refused-locally',
    subject: record.caseNumber,
    detail: { refusal: code },
  });
  throw new UseCaseError('PLATFORM_RULE_LOCAL', {
    message: refusal ? `${refusal.platformMessage}（本机按平台规则先行拦下，未发送）` : undefined,
    nextStep: refusal?.nextStep,
  });
}

/** Times this agent's cases for this company were refused today, from the hall's audit log. */
function refusalsToday(ctx: ServiceContext, others: CaseRecord[], agent: string): number {
  const since = startOfToday(ctx);
  let count = 0;
  for (const other of others.filter((item) => upper(item.values['agent.idNumber']) === agent)) {
    count += auditBySubject(ctx.db, other.caseNumber).filter(
      (entry) =>
        entry.action === 'case.state-changed' && entry.detail.to === 'refused' && entry.at >= since,
    ).length;
  }
  return count;
}

/**
 * The platform's rules that the hall's own records can already decide (DOMAIN.md, Rules the
 * platform enforces): checked before a case is sent or sent again, with the platform's words,
 * so a refusal that is certain costs the applicant no rejection on the platform.
 */
export function checkBeforeSending(ctx: ServiceContext, actor: Actor, record: CaseRecord): void {
  const profile = profileById(ctx, record.profileId);
  const operation = profile.operations.find((item) => item.code === record.operation);
  if (operation && operationCall(operation) === null) {
    throw new UseCaseError('OPERATION_UNSUPPORTED');
  }
  // A secret only the applicant may type: never at the counter (DESIGN.md, two screens). It
  // must have been sealed on the applicant's screen; no exception stands in for it, since the
  // platform cannot act without it.
  if (
    (operation?.applicantSecrets ?? []).length > 0 &&
    !readCaseApplicant(ctx.db, record.id).hasSealedPassword
  ) {
    throw new UseCaseError(
      applicantScreenPresent(ctx) ? 'APPLICANT_SECRETS_MISSING' : 'APPLICANT_SCREEN_REQUIRED',
    );
  }
  const company = companyOf(record);
  if (record.subjectType === 'person' || !company) return;
  const others = otherCasesOfCompany(ctx, record);
  const agent = record.delegated ? upper(record.values['agent.idNumber']) : '';
  if (agent) {
    if (refusalsToday(ctx, others, agent) >= profile.agentLimits.rejectionsPerDay) {
      refuseAs(ctx, actor, profile, record, 'DAILY_LIMIT_REACHED');
    }
    const pending = others.filter(
      (other) => PENDING.includes(other.state) && upper(other.values['agent.idNumber']) === agent,
    );
    if (pending.length >= profile.agentLimits.pendingPerPersonMax) {
      refuseAs(ctx, actor, profile, record, 'AGENT_APPLICATION_PENDING');
    }
  }
  if (!profile.agentLimits.mobileUniqueWithinCompany) return;
  const bound = new Map<string, string>();
  for (const other of others.filter((item) => BINDING.includes(item.state))) {
    for (const [mobileKey, holderKey] of PHONE_HOLDERS) {
      const mobile = other.values[mobileKey]?.trim();
      const holder = upper(other.values[holderKey]);
      if (mobile && holder) bound.set(mobile, holder);
    }
  }
  for (const [mobileKey, holderKey] of PHONE_HOLDERS) {
    const mobile = record.values[mobileKey]?.trim();
    const holder = upper(record.values[holderKey]);
    const boundTo = mobile ? bound.get(mobile) : undefined;
    if (boundTo && boundTo !== holder) {
      refuseAs(ctx, actor, profile, record, 'MOBILE_TAKEN_IN_COMPANY');
    }
  }
}
