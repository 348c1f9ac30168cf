import { ElMessage } from 'element-plus';
import type { ContractErrorPayload } from '../../../src-main/contract';
import { describeError, isSessionError } from './errors';
import { trackErrorToast, untrackErrorToast } from './failed-calls';

/** Shows an error envelope as a toast (message + next step); never a stack trace. */
export function showError(error: ContractErrorPayload): void {
  if (isSessionError(error)) return;
  const { title, detail } = describeError(error);
  const toast = ElMessage({
    type: 'error',
    message: `${title}${detail}`,
    showClose: true,
    duration: 6000,
    onClose: () => untrackErrorToast(toast),
  });
  trackErrorToast(toast, error);
}

/** A warning toast: something the user should know that is not a failed call of theirs. */
export function showWarning(message: string): void {
  ElMessage({ type: 'warning', message, showClose: true });
}
