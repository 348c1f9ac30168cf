import { z } from 'zod';
import { caseNumberSchema } from './case-schemas';
import { anyUser, channel } from './define';
import { cardPhotoSchema, cardReadSchema, deviceStatusSchema, emptySchema } from './schemas';

const partySchema = z.string().regex(/^[a-z][a-zA-Z0-9]{0,30}$/);

/** The channels of issue 4: the reader's status, waiting for a card, the training card. */
export const idcardChannels = {
  'idcard:status': channel({
    summary: '身份证读卡器状态',
    request: emptySchema,
    response: deviceStatusSchema,
    access: anyUser,
    errors: [],
  }),
  'idcard:waitForCard': channel({
    summary: '等待读卡器上的身份证（最长 20 秒；超时返回空；读卡器故障立即返回其错误）',
    request: z.object({
      timeoutMs: z.number().int().min(500).max(20_000).default(15_000),
      /** The case and person the card is read for: its photo is then kept with the case. */
      caseNumber: caseNumberSchema.optional(),
      party: partySchema.optional(),
    }),
    response: cardReadSchema.nullable(),
    access: anyUser,
    errors: [
      'READER_NOT_CONFIGURED',
      'READER_FAILED',
      'READER_NO_ANSWER',
      'READER_CUT_OFF',
      'READER_BAD_DATA',
      'READER_DISCONNECTED',
      'READER_NOT_FOUND',
    ],
  }),
  'idcard:photo': channel({
    summary: '办件中某人的身份证照片（有厂商解码库时显示；不打印）',
    request: z.object({ caseNumber: caseNumberSchema, party: partySchema }),
    response: cardPhotoSchema,
    access: anyUser,
    errors: ['CASE_NOT_FOUND'],
  }),
  'idcard:placeTrainingCard': channel({
    summary: '培训读卡器：放置示例身份证',
    request: emptySchema,
    response: emptySchema,
    access: anyUser,
    errors: ['READER_NOT_TRAINING'],
  }),
  'idcard:unlockField': channel({
    summary: '解锁读卡填入的字段以手工修改（记入审计日志）',
    request: z.object({ caseNumber: caseNumberSchema, field: z.string().min(1).max(60) }),
    response: emptySchema,
    access: anyUser,
    errors: ['CASE_ARCHIVED'],
  }),
} as const;
