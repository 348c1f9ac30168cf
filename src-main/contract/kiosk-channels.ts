import { z } from 'zod';
import { channel, publicAccess } from './define';
import { emptySchema, passwordSchema } from './schemas';

/** Leaving the kiosk (柜台专用模式): only with a supervisor's own login name and password. */
export const kioskChannels = {
  'kiosk:leave': channel({
    summary: '负责人输入登录名和密码，退出柜台专用模式并关闭程序',
    request: z
      .object({
        username: z.string().trim().min(1, '请输入负责人登录名'),
        password: passwordSchema,
      })
      .strict(),
    response: emptySchema,
    // The login screen has it too: a kiosk with no one signed in must still be leavable.
    access: publicAccess,
    errors: ['KIOSK_LEAVE_REFUSED', 'ACCOUNT_LOCKED', 'STORE_UNAVAILABLE'],
  }),
};
