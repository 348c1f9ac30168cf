import type { InstitutionAdminInput, InstitutionView } from '../../contract/agents-channels';
import type { Institution, InstitutionManagement } from '../../domain/institutions';
import { maskIdNumber, maskMobile, maskPersonName } from '../../domain/masking';
import type { InstitutionAction } from '../../domain/ports/agent-registry';
import { PlatformCallError } from '../../domain/ports/central-platform';
import type { ProvinceProfile } from '../../domain/profile';
import { identityDocumentNames, identityDocumentProblem } from '../../domain/validators';
import { appendAudit } from '../../store/repositories/audit-log';
import { activeProfile } from '../shared/profiles';
import type { Actor, ServiceContext } from '../shared/service-context';
import { nowIso } from '../shared/service-context';
import { UseCaseError } from '../shared/use-case-error';
import { platformOf, provenActor } from './agents';

function rulesOf(profile: ProvinceProfile): InstitutionManagement {
  const rules = profile.institutionManagement;
  if (!rules) throw new UseCaseError('INSTITUTIONS_NOT_OFFERED');
  return rules;
}

function toView(institution: Institution): InstitutionView {
  const admin = institution.admin;
  return {
    institutionNumber: institution.institutionNumber,
    name: institution.name,
    type: institution.type,
    opened: institution.opened,
    statusLabel: institution.opened ? '已开通' : '未开通',
    admin: admin
      ? {
          name: maskPersonName(admin.name),
          idTypeName: identityDocumentNames[admin.idType],
          idNumber: maskIdNumber(admin.idNumber),
          mobile: maskMobile(admin.mobile),
        }
      : null,
  };
}

function failureOf(error: unknown): UseCaseError {
  if (!(error instanceof PlatformCallError)) throw error;
  if (error.kind === 'rejected') {
    return new UseCaseError('INSTITUTIONS_REFUSED', {
      message: error.message,
      nextStep:
        error.code === 'INSTITUTION_ADMIN_NOT_REGISTERED'
          ? '请管理员本人先注册个人账号（可在本柜台办理自然人注册），再设置为机构管理员。'
          : '请核对机构编号和办理人后重试。',
    });
  }
  return new UseCaseError('SYNC_PLATFORM_UNREACHABLE', {
    message: `暂时无法连接中心平台（${error.message}）。`,
    nextStep: '机构管理须联网办理：请检查网络后重试，已填写的内容会保留。',
  });
}

async function change(
  ctx: ServiceContext,
  clerk: Actor,
  creditCode: string,
  action: InstitutionAction,
): Promise<Institution[]> {
  const profile = activeProfile(ctx);
  rulesOf(profile);
  let institutions: Institution[];
  try {
    institutions = await platformOf(ctx).changeInstitutions(profile.id, creditCode, action);
  } catch (error) {
    throw failureOf(error);
  }
  appendAudit(ctx.db, {
    at: nowIso(ctx),
    actorId: clerk.id,
    actorName: clerk.displayName,
    action: 'institutions.changed',
    detail: {
      creditCode,
      institutionNumber: action.institutionNumber,
      change: action.action,
      by: action.actor.role,
    },
  });
  return institutions;
}

/** The province's institution rules for the screen, or null where it has none. */
export function institutionRules(ctx: ServiceContext): InstitutionManagement | null {
  return activeProfile(ctx).institutionManagement ?? null;
}

/** The company's institutions, as the 人社 office registered them. */
export async function listInstitutions(
  ctx: ServiceContext,
  input: { creditCode: string },
): Promise<InstitutionView[]> {
  const profile = activeProfile(ctx);
  rulesOf(profile);
  try {
    return (await platformOf(ctx).companyInstitutions(profile.id, input.creditCode)).map(toView);
  } catch (error) {
    throw failureOf(error);
  }
}

/** Opens an institution with its administrator, or changes the administrator. */
export async function setInstitutionAdmin(
  ctx: ServiceContext,
  clerk: Actor,
  input: {
    creditCode: string;
    actorToken: string;
    institutionNumber: string;
    change: 'open' | 'change-admin';
    admin: InstitutionAdminInput;
  },
): Promise<InstitutionView[]> {
  const rules = rulesOf(activeProfile(ctx));
  if (!rules.adminDocuments.includes(input.admin.idType)) {
    throw new UseCaseError('BAD_REQUEST', { fields: { idType: '请选择本省允许的证件类型' } });
  }
  const problem = identityDocumentProblem(
    input.admin.idType,
    input.admin.idNumber,
    ctx.clock.now(),
  );
  if (problem) {
    throw new UseCaseError('BAD_REQUEST', {
      message: problem.message,
      fields: { idNumber: problem.message },
    });
  }
  const actor = provenActor(ctx, clerk, input.creditCode, input.actorToken);
  const institutions = await change(ctx, clerk, input.creditCode, {
    action: input.change,
    actor,
    institutionNumber: input.institutionNumber,
    admin: input.admin,
  });
  return institutions.map(toView);
}

/**
 * Has the platform reset the administrator's password by SMS to the administrator's own
 * phone: the seed's initial password (Js + the last six ID digits) is never used.
 */
export async function resetInstitutionPassword(
  ctx: ServiceContext,
  clerk: Actor,
  input: { creditCode: string; actorToken: string; institutionNumber: string },
): Promise<{ institutions: InstitutionView[]; smsTo: string }> {
  const actor = provenActor(ctx, clerk, input.creditCode, input.actorToken);
  const institutions = await change(ctx, clerk, input.creditCode, {
    action: 'reset-password',
    actor,
    institutionNumber: input.institutionNumber,
  });
  const admin = institutions.find(
    (item) => item.institutionNumber === input.institutionNumber,
  )?.admin;
  return {
    institutions: institutions.map(toView),
    smsTo: admin ? maskMobile(admin.mobile) : '',
  };
}
