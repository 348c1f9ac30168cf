import { reactive, ref } from 'vue';
import type { ContractErrorPayload } from '../../../src-main/contract';
import type { FieldErrors } from '../lib/errors';
import { isSessionError } from '../lib/errors';

/** The refs and actions of a form's errors, for composables that add their own state. */
export function formErrorState() {
  const error = ref<ContractErrorPayload | null>(null);
  const fields = ref<FieldErrors>({});

  /** Clears everything before a new attempt. */
  function clear(): void {
    error.value = null;
    fields.value = {};
  }

  /** Shows the core's refusal; session errors are left to the lock screen and login. */
  function fail(next: ContractErrorPayload): void {
    if (isSessionError(next)) {
      clear();
      return;
    }
    error.value = next;
    fields.value = { ...(next.fields ?? {}) };
  }

  /** Shows problems found before sending (no alert: each field says what is wrong). */
  function invalid(next: FieldErrors): void {
    error.value = null;
    fields.value = next;
  }

  /** Clears one field's message once the user edits it. */
  function touch(path: string): void {
    if (!(path in fields.value)) return;
    const rest = { ...fields.value };
    delete rest[path];
    fields.value = rest;
  }

  return { error, fields, clear, fail, invalid, touch };
}

/**
 * A form's errors: the envelope error for the inline alert and `error.fields` mapped onto the
 * el-form-items by path (`:error="form.fields.username"`).
 */
export function useFormErrors() {
  return reactive(formErrorState());
}
