import { PlatformCallError } from '../../domain/ports/central-platform';
import { operationCall } from '../../domain/operations/operation';
import { appendAudit } from '../../store/repositories/audit-log';
import { requireCase, requireEditable } from '../cases/cases';
import { profileById } from '../shared/profiles';
import type { Actor, ServiceContext } from '../shared/service-context';
import { nowIso } from '../shared/service-context';
import { getSettings } from '../shared/settings';
import { UseCaseError } from '../shared/use-case-error';

/** The fields of 确认账号 (seeds/004 五(一)), in the form's words. */
const CONFIRM_FIELDS: readonly [key: string, label: string][] = [
  ['company.name', '企业名称'],
  ['company.creditCode', '统一社会信用代码'],
  ['legalRep.name', '法定代表人姓名'],
  ['legalRep.idNumber', '法定代表人证件号码'],
];

/**
 * 账号激活, steps 确认账号 and 安全验证: the platform checks that the company's account waits
 * for activation under this legal representative and texts a code to the reserved phone. The
 * applicant reads the code out; the clerk types it into the case. Audited with the phone masked.
 */
export async function sendActivationCode(
  ctx: ServiceContext,
  actor: Actor,
  input: { caseNumber: string },
): Promise<{ reservedPhoneMasked: string }> {
  const record = requireCase(ctx, input.caseNumber);
  requireEditable(record);
  const profile = profileById(ctx, record.profileId);
  const operation = profile.operations.find((item) => item.code === record.operation);
  if (!operation || operationCall(operation) !== 'activate') {
    throw new UseCaseError('OPERATION_UNSUPPORTED', {
      message: '该办件不是账号激活，无需发送验证码。',
    });
  }
  const value = (key: string) => (record.values[key] ?? '').trim();
  const empty = CONFIRM_FIELDS.filter(([key]) => !value(key)).map(([, label]) => label);
  if (empty.length > 0) {
    throw new UseCaseError('BAD_REQUEST', {
      message: `确认账号须先填写：${empty.join('、')}。`,
      nextStep: '请按申请人证件和营业执照填写后暂存，再发送验证码。',
    });
  }
  if (!getSettings(ctx).platformUrl) throw new UseCaseError('SYNC_NOT_CONFIGURED');
  const directory = ctx.sync.accountDirectory();
  if (!directory) {
    throw new UseCaseError('SYNC_PLATFORM_UNREACHABLE', {
      message: '本柜台尚未在中心平台登记，不能发送验证码。',
      nextStep: '请负责人在“中心平台同步”中登记本柜台后再办理激活。',
    });
  }
  let answer;
  try {
    answer = await directory.sendActivationCode({
      creditCode: value('company.creditCode').toUpperCase(),
      companyName: value('company.name'),
      legalRepName: value('legalRep.name'),
      legalRepIdNumber: value('legalRep.idNumber').toUpperCase(),
    });
  } catch (error) {
    if (error instanceof PlatformCallError) {
      throw new UseCaseError('SYNC_PLATFORM_UNREACHABLE', {
        message: `验证码未发送：${error.message}。`,
        nextStep: '请检查网络后重新发送。',
      });
    }
    throw error;
  }
  appendAudit(ctx.db, {
    at: nowIso(ctx),
    actorId: actor.id,
    actorName: actor.displayName,
    action: 'case.activation-code-sent',
    subject: record.caseNumber,
    detail: answer.sent ? { sentTo: answer.reservedPhoneMasked } : { refusal: answer.code },
  });
  if (!answer.sent) {
    const refusal = profile.refusals.find((item) => item.code === answer.code);
    throw new UseCaseError('PLATFORM_REFUSED', {
      message: `平台答复：${answer.message}`,
      nextStep: refusal?.nextStep,
    });
  }
  return { reservedPhoneMasked: answer.reservedPhoneMasked };
}
