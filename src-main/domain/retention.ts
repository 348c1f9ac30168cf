import { maskCreditCode, maskerFor, maskIdNumber, maskMobile, maskPersonName } from './masking';

/** The supervisor's archive and retention settings. */
export interface RetentionSettings {
  /** Archive finished cases once a day at `dailyRunHour`. */
  dailyArchive: boolean;
  /** Run the retention purge once a day at `dailyRunHour`, after the archive batch. */
  dailyPurge: boolean;
  /** The counter's local hour (0-23) from which the daily run starts. */
  dailyRunHour: number;
  /** Days after archiving after which a case's attachment files are removed. */
  attachmentDays: number;
  /** Days after archiving after which a case's personal data is masked; never before the files. */
  personalDataDays: number;
}

const DAY_MS = 86_400_000;

/** The counter's local calendar day as YYYY-MM-DD: the daily run happens once per such day. */
export function localDayKey(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * Whether the daily run is due: at or after its hour, and not yet run this local day. A
 * counter switched off at that hour runs it at the first check after being switched on.
 */
export function dailyRunDue(lastRunDay: string | null, now: Date, hour: number): boolean {
  return now.getHours() >= hour && lastRunDay !== localDayKey(now);
}

/** The archive time before which a case has been kept `days` days: ISO-8601 UTC. */
export function retentionCutoff(now: Date, days: number): string {
  return new Date(now.getTime() - days * DAY_MS).toISOString();
}

/** Why a pair of periods is refused, in Chinese, or null when it is acceptable. */
export function retentionPeriodProblem(
  attachmentDays: number,
  personalDataDays: number,
): string | null {
  if (personalDataDays < attachmentDays) {
    return '个人信息保存期限不能短于附件保存期限：附件中同样含有个人信息。';
  }
  return null;
}

/** Everything after the first character hidden: what is left of a free-text personal value. */
function maskRest(value: string): string {
  const chars = [...value];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(Math.min(chars.length - 1, 6))}`;
}

/** The purge's masker for one `party.field` value. */
function purgeMasker(key: string): ((value: string) => string) | null {
  const dot = key.indexOf('.');
  const party = key.slice(0, dot);
  const field = key.slice(dot + 1);
  // A company's name and credit code are public registry data, kept so the archived
  // checklist still says whose case it was (the checklist stays).
  if (party === 'company' && (field === 'name' || field === 'creditCode')) return null;
  // Beyond what the screen masks: names, credit codes and any free text go too.
  if (field === 'name') return maskPersonName;
  if (field === 'creditCode') return maskCreditCode;
  return maskerFor(field) ?? maskRest;
}

/**
 * The values a case keeps once its retention period has passed: every personal value
 * masked for good (unlike screen masking, nothing can be revealed afterwards).
 */
export function purgeCaseValues(values: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => {
      const masker = purgeMasker(key);
      return [key, masker && value ? masker(value) : value];
    }),
  );
}

/** Masks anything in a text that looks like an ID number, credit code or mobile number. */
export function maskPersonalText(text: string): string {
  return text
    .replace(/\b\d{17}[\dXx]\b/g, (match) => maskIdNumber(match))
    .replace(/\b[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}\b/g, (match) =>
      maskCreditCode(match),
    )
    .replace(/\b1[3-9]\d{9}\b/g, (match) => maskMobile(match));
}
