/** Why the local database could not be opened, and what the hall should do about it. */
export const storeProblemMessages = {
  'newer-version': {
    message: '本地数据库由更新版本的柜台办件台创建，当前版本无法安全打开。',
    nextStep: '请安装不低于该版本的柜台办件台后再启动；切勿删除或重置数据文件夹。',
  },
  'cannot-decrypt': {
    message: '本地数据库无法解密：密钥与数据文件不匹配，或文件不是本程序的数据库。',
    nextStep:
      '请确认使用的是本机原有的账户和数据文件夹；如已更换电脑或重装系统，请联系技术支持恢复密钥。切勿删除数据文件夹。',
  },
  damaged: {
    message: '本地数据库文件已损坏。',
    nextStep: '请立即停止使用本柜台并联系技术支持，从备份恢复；切勿删除数据文件夹。',
  },
  io: {
    message: '无法读写本地数据文件夹。',
    nextStep: '请检查数据文件夹是否存在、磁盘是否已满、当前账户是否有读写权限，然后重新启动。',
  },
} as const satisfies Record<string, { message: string; nextStep: string }>;
