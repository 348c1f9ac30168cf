import { z } from 'zod';
import { SIGNATURE_PNG_MAX_BYTES } from '../domain/applicant-signature';
import { caseNumberSchema } from './case-schemas';
import { anyUser, applicantScreenOnly, channel } from './define';

/** The signature line on the clerk's handover panel. */
export const signatureStatusSchema = z.object({
  /** The case's province has the applicant sign on the screen. */
  used: z.boolean(),
  /** Submit needs it here (profile and counter), unless a supervisor's exception covers it. */
  required: z.boolean(),
  signedAt: z.string().nullable(),
  /** The image went with the scans at the retention purge. */
  purged: z.boolean(),
  /** A data: URL of the PNG, when asked for and kept. */
  image: z.string().nullable(),
});
export type SignatureStatus = z.infer<typeof signatureStatusSchema>;

/** The decoded card photos of the handed-over case's people (none without a decoder). */
export const applicantCardPhotosSchema = z.object({
  photos: z.array(z.object({ name: z.string(), image: z.string() })),
});
export type ApplicantCardPhotos = z.infer<typeof applicantCardPhotosSchema>;

/** Base64 of at most SIGNATURE_PNG_MAX_BYTES bytes. */
const pngBase64Schema = z
  .string()
  .min(1)
  .max(Math.ceil(SIGNATURE_PNG_MAX_BYTES / 3) * 4, '签名图像过大，请重写')
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, '签名图像格式不正确');

/** Signing on the applicant's screen, the clerk's view of it, and the card photo shown there. */
export const applicantSignatureChannels = {
  'applicant:sign': channel({
    summary: '申请人：在屏幕上签名（PNG，随办件加密保存，打印在回执上）',
    request: z.object({ caseNumber: caseNumberSchema, pngBase64: pngBase64Schema }),
    response: z.object({ ok: z.literal(true) }),
    access: applicantScreenOnly,
    errors: [
      'APPLICANT_SCREEN_NOT_PAIRED',
      'APPLICANT_NOT_HANDED_OVER',
      'APPLICANT_STEP_OUT_OF_ORDER',
      'APPLICANT_SIGNATURE_NOT_USED',
      'APPLICANT_SIGNATURE_TOO_SHORT',
      'APPLICANT_SIGNATURE_INVALID',
    ],
  }),
  'applicant:cardPhotos': channel({
    summary: '申请人屏幕：交付办件中读卡所得的证件照片（有厂商解码库时；不打印）',
    request: z.object({ caseNumber: caseNumberSchema }),
    response: applicantCardPhotosSchema,
    access: applicantScreenOnly,
    errors: ['APPLICANT_SCREEN_NOT_PAIRED', 'APPLICANT_NOT_HANDED_OVER'],
  }),
  'handover:signature': channel({
    summary: '申请人是否已在屏幕上签名（可带签名预览）',
    request: z.object({ caseNumber: caseNumberSchema, image: z.boolean().default(false) }),
    response: signatureStatusSchema,
    access: anyUser,
    errors: ['CASE_NOT_FOUND'],
  }),
} as const;
