import type { CaseTypeDefinition } from '../../domain/profile';
import { setByApplicant } from '../../domain/profile';
import type { CaseRecord } from '../../store/repositories/cases';
import { saveCaseValues } from '../../store/repositories/cases';
import type { FieldLockSource } from '../../store/repositories/case-field-locks';
import { insertFieldLocks, listFieldLocks } from '../../store/repositories/case-field-locks';
import { caseDisplay, caseSearchKeys } from '../shared/case-keys';
import type { ServiceContext } from '../shared/service-context';
import { UseCaseError } from '../shared/use-case-error';

/** Keys a person's value may carry beyond the case type's fields: what an ID card adds. */
export const CARD_FIELDS: ReadonlySet<string> = new Set([
  'sex',
  'nation',
  'birthDate',
  'address',
  'idIssuer',
  'idValidFrom',
  'idValidTo',
]);

const CARD_FIELD_LABELS: Readonly<Record<string, string>> = {
  sex: '性别',
  nation: '民族',
  birthDate: '出生日期',
  address: '住址',
  idIssuer: '签发机关',
  idValidFrom: '证件有效期起',
  idValidTo: '证件有效期止',
};

/** Whether a case of this type stores a value under this key. */
export function acceptsValueKey(caseType: CaseTypeDefinition, key: string): boolean {
  if (caseType.fields.some((field) => field.key === key)) return true;
  const [party = '', field = ''] = key.split('.');
  return CARD_FIELDS.has(field) && caseType.fields.some((each) => each.party === party);
}

/**
 * Writes what a device read into the case's values and locks those fields, in one
 * transaction: the locks and the values they guard are never apart. Keys the case type does
 * not store are left out. Returns the keys written.
 */
export function applyDeviceValues(
  ctx: ServiceContext,
  record: CaseRecord,
  caseType: CaseTypeDefinition,
  input: { source: FieldLockSource; values: Readonly<Record<string, string>>; now: string },
): string[] {
  const written = Object.entries(input.values)
    .map(([key, value]) => [key, value.trim()] as const)
    .filter(([key, value]) => value !== '' && acceptsValueKey(caseType, key));
  if (written.length === 0) return [];
  const values = { ...record.values, ...Object.fromEntries(written) };
  saveCaseValues(ctx.db, record.id, {
    values,
    display: caseDisplay(values),
    keys: caseSearchKeys(values),
    now: input.now,
  });
  const fields = written.map(([key]) => key);
  insertFieldLocks(ctx.db, record.id, { fields, source: input.source, now: input.now });
  return fields;
}

/**
 * The values to store for a save: a locked field keeps the device's value. A save that
 * leaves a locked field out keeps it; one that changes it is refused with the field's name
 * (解锁修改 first, which is audited).
 */
export function keepLockedValues(
  ctx: ServiceContext,
  record: CaseRecord,
  caseType: CaseTypeDefinition,
  values: Readonly<Record<string, string>>,
): Record<string, string> {
  const locks = listFieldLocks(ctx.db, record.id);
  const kept: Record<string, string> = { ...values };
  for (const [key, source] of Object.entries(locks)) {
    const stored = record.values[key];
    if (stored === undefined) continue;
    const typed = values[key];
    if (typed === undefined) {
      kept[key] = stored;
      continue;
    }
    if (typed !== stored) {
      const label =
        caseType.fields.find((field) => field.key === key)?.label ??
        CARD_FIELD_LABELS[key.slice(key.indexOf('.') + 1)] ??
        key;
      const device = source === 'idcard' ? '身份证' : 'CA 证书';
      throw new UseCaseError('FIELD_LOCKED', {
        message: `“${label}”来自${device}，未解锁不能修改。`,
        fields: { [key]: `该项来自${device}，请先点“解锁修改”（记入审计日志）再修改` },
      });
    }
  }
  return kept;
}

/**
 * The values to store for a clerk's save: a field the applicant sets on their own screen
 * keeps what the applicant set (or stays empty). Leaving it out or sending it back unchanged
 * is fine, as the form does; typing over it is refused with the field's name.
 */
export function keepApplicantValues(
  record: CaseRecord,
  caseType: CaseTypeDefinition,
  values: Readonly<Record<string, string>>,
): Record<string, string> {
  const kept: Record<string, string> = { ...values };
  for (const field of caseType.fields.filter(setByApplicant)) {
    const stored = record.values[field.key];
    const typed = values[field.key];
    if (typed !== undefined && typed !== (stored ?? '')) {
      throw new UseCaseError('FIELD_SET_BY_APPLICANT', {
        message: `“${field.label}”由申请人在申请人屏幕上设置，柜员不能填写或修改。`,
        fields: { [field.key]: '该项由申请人在申请人屏幕上设置，柜员不能填写或修改' },
      });
    }
    if (stored === undefined) delete kept[field.key];
    else kept[field.key] = stored;
  }
  return kept;
}
