import { z } from 'zod';
import { caseNumberSchema } from './case-schemas';
import { anyUser, channel, supervisorOnly } from './define';
import { cardPhotoSchema, cardReadSchema, deviceStatusSchema, emptySchema } from './schemas';

const partySchema = z.string().regex(/^[a-z][a-zA-Z0-9]{0,30}$/);

/** The training reader's sample cards. */
export const trainingCardSchema = z.enum(['delegator', 'agent', 'expired', 'permit']);
export type TrainingCard = z.infer<typeof trainingCardSchema>;

/** What the trainee picks from, in the order a day at the counter meets them. */
export const trainingCardLabels: Record<TrainingCard, string> = {
  delegator: '委托人 张三（居民身份证）',
  agent: '受托人 李四（居民身份证）',
  expired: '王五（已过期的居民身份证）',
  permit: '陈大文（港澳台居民居住证）',
};

/** A vendor library found on this machine: where it is, for the supervisor to choose. */
const foundLibrarySchema = z.object({
  path: z.string(),
  fileName: z.string(),
  folder: z.string(),
});

/** The reader vendor's libraries the core found, and the folders it looked in. */
export const readerLibrariesSchema = z.object({
  /** SDT SDK libraries (the reader kind 厂商接口库读卡器). */
  sdk: z.array(foundLibrarySchema),
  /** WLT photo decoders. */
  photoDecoder: z.array(foundLibrarySchema),
  /** Where libraries are looked for, in order (the app's vendor folder first). */
  searchedFolders: z.array(z.string()),
});
export type ReaderLibraries = z.infer<typeof readerLibrariesSchema>;

/** The channels: the reader's status, waiting for a card, the training card. */
export const idcardChannels = {
  'idcard:status': channel({
    summary: '身份证读卡器状态',
    request: emptySchema,
    response: deviceStatusSchema,
    access: anyUser,
    errors: [],
  }),
  'idcard:detectLibraries': channel({
    summary: '本机检测到的读卡器厂商接口库（SDT）和照片解码库，供负责人在设置中选择',
    request: emptySchema,
    response: readerLibrariesSchema,
    access: supervisorOnly,
    errors: [],
  }),
  'idcard:waitForCard': channel({
    summary: '等待读卡器上的身份证（最长 20 秒；超时返回空；读卡器故障立即返回其错误）',
    request: z.object({
      timeoutMs: z.number().int().min(500).max(20_000).default(15_000),
      /**
       * With both: the card's values are written into this party of the case and locked, and
       * its photo is kept with the case.
       */
      caseNumber: caseNumberSchema.optional(),
      party: partySchema.optional(),
    }),
    response: cardReadSchema.nullable(),
    access: anyUser,
    errors: [
      'READER_NOT_CONFIGURED',
      'READER_FAILED',
      'READER_WAIT_REPLACED',
      'CASE_NOT_FOUND',
      'CASE_NOT_EDITABLE',
      'CASE_ARCHIVED',
      'READER_NO_ANSWER',
      'READER_CUT_OFF',
      'READER_BAD_DATA',
      'READER_DISCONNECTED',
      'READER_NOT_FOUND',
    ],
  }),
  'idcard:cancelWait': channel({
    summary: '取消等待身份证（之后放上的证件不会填入任何人）',
    request: emptySchema,
    response: emptySchema,
    access: anyUser,
    errors: [],
  }),
  'idcard:photo': channel({
    summary: '办件中某人的身份证照片（有厂商解码库时显示；不打印）',
    request: z.object({ caseNumber: caseNumberSchema, party: partySchema }),
    response: cardPhotoSchema,
    access: anyUser,
    errors: ['CASE_NOT_FOUND'],
  }),
  'idcard:placeTrainingCard': channel({
    summary: '培训读卡器：放置一张示例证件（默认委托人的身份证）',
    request: z.object({ sample: trainingCardSchema.default('delegator') }),
    response: emptySchema,
    access: anyUser,
    errors: ['READER_NOT_TRAINING'],
  }),
  'idcard:unlockField': channel({
    summary: '解锁读卡填入的字段以手工修改（记入审计日志）',
    request: z.object({ caseNumber: caseNumberSchema, field: z.string().min(1).max(60) }),
    response: emptySchema,
    access: anyUser,
    errors: ['CASE_ASSIGNED_TO_OTHER', 'CASE_ARCHIVED'],
  }),
} as const;
