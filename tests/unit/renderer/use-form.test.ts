import { describe, expect, it } from 'vitest';
import type { ContractErrorPayload } from '../../../src-main/contract';
import type { CallResult } from '../../../src-renderer/src/composables/use-form';
import { checkFields, useForm } from '../../../src-renderer/src/composables/use-form';
import type { FieldErrors } from '../../../src-renderer/src/lib/errors';

// The one form shape of the renderer's screens: check, send once, show the refusal beside the
// form, forget passwords, reset.

const refusal = (code: ContractErrorPayload['code'], fields?: Record<string, string>) =>
  ({
    ok: false,
    error: { code, message: '登录名或密码不正确。', nextStep: '请重新输入。', fields },
  }) as const;

function loginForm(answer: () => Promise<CallResult<string>>) {
  const sent: { username: string; password: string }[] = [];
  const form = useForm({
    initial: () => ({ username: '', password: '' }),
    check: checkFields((values: { username: string; password: string }): FieldErrors =>
      values.username === '' ? { username: '请输入登录名' } : {},
    ),
    send: (value) => {
      sent.push({ ...value });
      return answer();
    },
    forget: ['password'],
  });
  return { form, sent };
}

describe('useForm', () => {
  it('sends nothing while a field is wrong, and says so under that field', async () => {
    const { form, sent } = loginForm(() => Promise.resolve({ ok: true, value: 'ok' }));
    expect(await form.submit()).toBe(false);
    expect(sent).toEqual([]);
    expect(form.fields).toEqual({ username: '请输入登录名' });
    expect(form.error).toBeNull();
    form.touch('username');
    expect(form.fields).toEqual({});
  });

  it('sends once however often it is pressed, and forgets the password after the answer', async () => {
    let answer: (result: CallResult<string>) => void = () => undefined;
    const { form, sent } = loginForm(() => new Promise((resolve) => (answer = resolve)));
    form.values.username = 'li';
    form.values.password = 'Secret-2026';
    const first = form.submit();
    expect(form.submitting).toBe(true);
    expect(await form.submit()).toBe(false);
    answer(refusal('INVALID_CREDENTIALS', { password: '密码不正确' }));
    expect(await first).toBe(false);
    expect(sent).toEqual([{ username: 'li', password: 'Secret-2026' }]);
    expect(form.submitting).toBe(false);
    expect(form.values.password).toBe('');
    expect(form.values.username).toBe('li');
    expect(form.error?.code).toBe('INVALID_CREDENTIALS');
    expect(form.fields).toEqual({ password: '密码不正确' });
  });

  it('leaves a session error to the lock screen, and a handled refusal to the screen', async () => {
    const { form } = loginForm(() => Promise.resolve(refusal('SESSION_LOCKED')));
    form.values.username = 'li';
    await form.submit();
    expect(form.error).toBeNull();

    const handled: string[] = [];
    const other = useForm({
      initial: () => ({ name: 'x' }),
      send: () => Promise.resolve(refusal('SETUP_REQUIRED')),
      refused: (error) => {
        handled.push(error.code);
        return true;
      },
    });
    await other.submit();
    expect(handled).toEqual(['SETUP_REQUIRED']);
    expect(other.error).toBeNull();
  });

  it('tells the screen what the core accepted, and reset goes back to the start', async () => {
    const done: string[] = [];
    const form = useForm({
      initial: () => ({ name: '' }),
      send: (value) => Promise.resolve({ ok: true as const, value: `已创建：${value.name}` }),
      done: (answer) => {
        done.push(answer);
      },
    });
    form.values.name = '赵柜员';
    expect(await form.submit()).toBe(true);
    expect(done).toEqual(['已创建：赵柜员']);
    form.invalid({ name: '请输入姓名' });
    form.reset();
    expect(form.values.name).toBe('');
    expect(form.fields).toEqual({});
  });
});
