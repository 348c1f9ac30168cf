import type { DeviceStatus, Role } from '../../../src-main/contract';
import { missingCase } from '../../../src-main/domain/missing-case';

const pad = (n: number): string => String(n).padStart(2, '0');

/** `14:35` in local time, from an ISO timestamp. */
export function formatClock(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** `2024-05-06`: the local calendar day of an ISO timestamp. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** `2024-05-06 14:35` (or with seconds) in local time; `—` when there is no time. */
export function formatDateTime(iso: string | null, withSeconds = false): string {
  if (iso === null) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  const seconds = withSeconds ? `:${pad(date.getSeconds())}` : '';
  return `${formatDate(iso)} ${formatClock(iso)}${seconds}`;
}

/** The Chinese name of a role as the counter says it. */
export function roleLabel(role: Role): string {
  switch (role) {
    case 'clerk':
      return '柜员';
    case 'supervisor':
      return '负责人';
    default:
      return missingCase(role);
  }
}

/** Element Plus tag colours. */
export type TagType = 'success' | 'info' | 'warning' | 'danger' | 'primary';

/** How a device state reads on the home screen: its word and its tag colour. */
export function deviceStateView(state: DeviceStatus['state']): { label: string; type: TagType } {
  switch (state) {
    case 'ready':
      return { label: '就绪', type: 'success' };
    case 'absent':
      return { label: '未连接', type: 'warning' };
    case 'error':
      return { label: '故障', type: 'danger' };
    case 'not-configured':
      return { label: '未配置', type: 'info' };
    default:
      return missingCase(state);
  }
}
