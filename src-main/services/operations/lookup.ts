import type { AccountLookupAnswer, AccountQuery } from '../../domain/ports/account-directory';
import { PlatformCallError } from '../../domain/ports/central-platform';
import { maskCreditCode, maskIdNumber, maskMobile } from '../../domain/masking';
import type { OperationDefinition } from '../../domain/operations/operation';
import { operationCall } from '../../domain/operations/operation';
import { creditCodeProblem, mobileProblem, residentIdProblem } from '../../domain/validators';
import { appendAudit } from '../../store/repositories/audit-log';
import { activeProfile } from '../shared/profiles';
import type { Actor, ServiceContext } from '../shared/service-context';
import { nowIso } from '../shared/service-context';
import { getSettings } from '../shared/settings';
import { UseCaseError } from '../shared/use-case-error';

/** The lookup the active profile offers, or a refusal when the province has none. */
export function lookupOperation(ctx: ServiceContext): OperationDefinition {
  const operation = activeProfile(ctx).operations.find((item) => operationCall(item) === 'lookup');
  if (!operation) throw new UseCaseError('OPERATION_UNSUPPORTED');
  return operation;
}

/** The query's key, checked by the same rules as the form; a bad one never leaves the counter. */
function checkQuery(query: AccountQuery, today: Date): void {
  const problem =
    query.by === 'id-number'
      ? residentIdProblem(query.idNumber, today)
      : query.by === 'credit-code'
        ? creditCodeProblem(query.creditCode)
        : (mobileProblem(query.mobile) ??
          (query.unitCode.trim().length < 6
            ? {
                severity: 'error' as const,
                message: '请填写注册时使用的单位编号（统一社会信用代码、注册号或组织机构代码）',
              }
            : null));
  if (problem?.severity === 'error') {
    throw new UseCaseError('BAD_REQUEST', {
      message: problem.message,
      nextStep: '请核对后重新查找。',
    });
  }
}

/** The query as the audit log may hold it: which key, masked. */
function maskedQuery(query: AccountQuery): string {
  switch (query.by) {
    case 'id-number':
      return maskIdNumber(query.idNumber);
    case 'credit-code':
      return maskCreditCode(query.creditCode);
    case 'phone-and-unit':
      return `${maskMobile(query.mobile)} / ${maskCreditCode(query.unitCode)}`;
  }
}

/**
 * 查找账号: asks the platform whether an account exists and how it stands. No case is
 * opened; the lookup is audited with the key masked and what the platform said.
 */
export async function lookupAccount(
  ctx: ServiceContext,
  actor: Actor,
  query: AccountQuery,
): Promise<AccountLookupAnswer> {
  const operation = lookupOperation(ctx);
  if (!(operation.lookupBy ?? []).includes(query.by))
    throw new UseCaseError('OPERATION_UNSUPPORTED', {
      message: '本省平台不支持按这种方式查找账号。',
      nextStep: '请改用身份证号或统一社会信用代码查找。',
    });
  checkQuery(query, ctx.clock.now());
  if (!getSettings(ctx).platformUrl) throw new UseCaseError('SYNC_NOT_CONFIGURED');
  const directory = ctx.sync.accountDirectory();
  if (!directory) {
    throw new UseCaseError('SYNC_PLATFORM_UNREACHABLE', {
      message: '本柜台尚未在中心平台登记，不能查找账号。',
      nextStep: '请负责人在“中心平台同步”中登记本柜台后再查找。',
    });
  }
  let answer: AccountLookupAnswer;
  try {
    answer = await directory.lookupAccount(query);
  } catch (error) {
    if (error instanceof PlatformCallError) {
      throw new UseCaseError('SYNC_PLATFORM_UNREACHABLE', {
        message: `查找未完成：${error.message}。`,
        nextStep: '请检查网络后重新查找；查找不会产生办件，可放心重试。',
      });
    }
    throw error;
  }
  appendAudit(ctx.db, {
    at: nowIso(ctx),
    actorId: actor.id,
    actorName: actor.displayName,
    action: 'account.looked-up',
    subject: maskedQuery(query),
    detail: { by: query.by, exists: answer.exists, status: answer.exists ? answer.status : null },
  });
  return answer;
}
