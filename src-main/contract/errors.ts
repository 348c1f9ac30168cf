/**
 * Every error a user can see, as a typed code with a Chinese message and the next step.
 * The UI shows `message` and `nextStep`; it never shows a stack trace (STYLE.md F).
 */
export const errorCatalog = {
  UNKNOWN_CHANNEL: {
    message: '请求的功能不存在。',
    nextStep: '请刷新页面后重试；如仍出现，请联系技术支持。',
  },
  BAD_REQUEST: {
    message: '提交的内容格式不正确。',
    nextStep: '请检查填写的内容后重新提交。',
  },
  UNTRUSTED_SENDER: {
    message: '请求来源不可信，已拒绝。',
    nextStep: '请关闭其他窗口，只在柜台办件台中操作。',
  },
  NOT_LOGGED_IN: {
    message: '尚未登录或登录已过期。',
    nextStep: '请重新登录。',
  },
  FORBIDDEN: {
    message: '当前账号无权执行此操作。',
    nextStep: '请联系大厅负责人办理。',
  },
  SESSION_LOCKED: {
    message: '屏幕已锁定。',
    nextStep: '请输入本人密码解锁，未完成的工作会保留。',
  },
  SETUP_REQUIRED: {
    message: '尚未完成首次设置。',
    nextStep: '请先创建负责人账号。',
  },
  SETUP_ALREADY_DONE: {
    message: '首次设置已完成，不能再次创建负责人账号。',
    nextStep: '请使用负责人账号登录。',
  },
  PASSWORD_CHANGE_REQUIRED: {
    message: '首次登录或密码被重置后，须先修改密码。',
    nextStep: '请设置只有您本人知道的新密码。',
  },
  INVALID_CREDENTIALS: {
    message: '用户名或密码错误。',
    nextStep: '请核对后重新输入；连续输错 5 次账号将锁定 15 分钟。',
  },
  ACCOUNT_LOCKED: {
    message: '密码连续输错次数过多，账号已锁定。',
    nextStep: '请在锁定结束后重试，或请负责人重置密码。',
  },
  ACCOUNT_DISABLED: {
    message: '该账号已停用。',
    nextStep: '请联系大厅负责人启用账号。',
  },
  USERNAME_TAKEN: {
    message: '该登录名已被使用。',
    nextStep: '请换一个登录名。',
  },
  WEAK_PASSWORD: {
    message: '密码不符合要求。',
    nextStep: '请使用 8-32 位密码，至少包含字母、数字、符号中的两类，且不含登录名。',
  },
  USER_NOT_FOUND: {
    message: '找不到该柜员账号。',
    nextStep: '请刷新柜员列表后重试。',
  },
  CANNOT_CHANGE_SELF: {
    message: '不能停用或重置自己的账号。',
    nextStep: '请由另一位负责人操作，或使用“修改密码”。',
  },
  STORE_UNAVAILABLE: {
    message: '本地数据库无法打开。',
    nextStep: '请按启动页的提示处理，切勿删除数据文件夹。',
  },
  CORE_UNREACHABLE: {
    message: '无法连接到本机办件服务。',
    nextStep: '请确认柜台办件台仍在运行，然后刷新页面。',
  },
  INTERNAL: {
    message: '系统内部错误，本次操作未完成。',
    nextStep: '请重试；如反复出现，请记下时间并联系技术支持。',
  },
} as const satisfies Record<string, { message: string; nextStep: string }>;

/** A typed error code that the renderer can switch over. */
export type ErrorCode = keyof typeof errorCatalog;

/** The error half of every response envelope. */
export interface ContractErrorPayload {
  code: ErrorCode;
  message: string;
  nextStep: string;
  /** Field-level problems of a bad payload, already in Chinese. */
  fields?: Record<string, string>;
  /** ISO time until which an account stays locked (ACCOUNT_LOCKED). */
  until?: string;
}

/** Builds the payload for a code, taking the catalogue's words unless a sharper message is given. */
export function contractError(
  code: ErrorCode,
  extra: Partial<Omit<ContractErrorPayload, 'code'>> = {},
): ContractErrorPayload {
  const base = errorCatalog[code];
  return { code, message: base.message, nextStep: base.nextStep, ...extra };
}

/** Every response crosses the boundary as this envelope, so a failure is data, never a throw. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ContractErrorPayload };
