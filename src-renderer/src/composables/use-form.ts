import { reactive, ref } from 'vue';
import type { ContractErrorPayload } from '../../../src-main/contract';
import type { FieldErrors } from '../lib/errors';
import { formErrorState } from './use-form-errors';

/** What a screen does with one of its fields (FormField exposes it): put the cursor there. */
export interface FieldHandle {
  focus(): void;
}

/** What every labelled field of a form takes (FormField, PlainTextField). */
export interface FieldBinding {
  /** The form's messages and how to clear one (what useForm and useFormErrors give). */
  form: { fields: Readonly<Record<string, string>>; touch: (path: string) => void };
  /** The value's path in the form, as the core names it in `error.fields`. */
  name: string;
  /** Shown above the input, and the input's accessible name. */
  label: string;
  autocomplete?: string;
}

/** A call's answer as the API and the stores give it. */
export type CallResult<R> = { ok: true; value: R } | { ok: false; error: ContractErrorPayload };

type CheckResult<S> = { ok: true; value: S } | { ok: false; fields: FieldErrors };

/**
 * What a form checks before sending: the value to send, or a message per field. It may wait,
 * e.g. for the contract's schemas that the login screen loads only once the clerk types.
 */
export type FormCheck<T, S> = (values: T) => CheckResult<S> | Promise<CheckResult<S>>;

/** A check written by hand: no messages sends the values as they are. */
export function checkFields<T>(find: (values: T) => FieldErrors): FormCheck<T, T> {
  return (values) => {
    const fields = find(values);
    return Object.keys(fields).length > 0 ? { ok: false, fields } : { ok: true, value: values };
  };
}

export interface FormOptions<T extends object, S, R> {
  /** The values the form opens with; `reset()` goes back to them. */
  initial: () => T;
  /** Checks before sending, usually the contract's own schema (`validateWith`). */
  check?: FormCheck<T, S>;
  /** Sends what the check let through. */
  send: (value: S, values: T) => Promise<CallResult<R>>;
  /** After the core accepted, with the answer and the form's values. */
  done?: (value: R, values: T) => void | Promise<void>;
  /**
   * Before a refusal is shown beside the form: true when the screen answers it itself
   * (another screen, a toast), so the form shows nothing.
   */
  refused?: (error: ContractErrorPayload) => boolean | Promise<boolean>;
  /** After the check found problems, e.g. to put the cursor in the first one. */
  invalid?: (fields: FieldErrors) => void;
  /** Values emptied after every attempt: a password never stays longer than its request. */
  forget?: readonly (keyof T & string)[];
}

/**
 * One form's state and its one way of sending: the values (reactive), the envelope error for
 * the inline alert, the message per field, the submitting flag that guards a second press,
 * and reset. `submit()` checks, sends, then shows what the core said beside the form.
 */
export function useForm<T extends object, R, S = T>(options: FormOptions<T, S, R>) {
  const values = reactive(options.initial()) as T;
  const errors = formErrorState();
  const submitting = ref(false);
  const check =
    options.check ?? ((current: T) => ({ ok: true as const, value: current as unknown as S }));

  /** Checks and sends; true when the core accepted. A press while sending is ignored. */
  async function submit(): Promise<boolean> {
    if (submitting.value) return false;
    submitting.value = true;
    const checked = await check(values);
    if (!checked.ok) {
      submitting.value = false;
      errors.invalid(checked.fields);
      options.invalid?.(checked.fields);
      return false;
    }
    errors.clear();
    let result: CallResult<R>;
    try {
      result = await options.send(checked.value, values);
    } finally {
      submitting.value = false;
      for (const key of options.forget ?? []) Object.assign(values, { [key]: '' });
    }
    if (result.ok) {
      await options.done?.(result.value, values);
      return true;
    }
    if (!(await options.refused?.(result.error))) errors.fail(result.error);
    return false;
  }

  /** Back to the initial values, with no message left from an earlier attempt. */
  function reset(): void {
    Object.assign(values, options.initial());
    errors.clear();
  }

  return reactive({ values, submitting, submit, reset, ...errors });
}
