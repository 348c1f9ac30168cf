import { z } from 'zod';
import { identityDocuments } from './validators/identity-document';

/**
 * Jiangsu's 机构管理 (seeds/003 2.6.6): institutions of the human-resources lines (training
 * schools, post-doctoral stations, assessment bodies …) registered by the 人社 office belong
 * to a company; its legal representative or administrator opens each online with an
 * institution administrator, changes that administrator, and resets their password. An
 * institution is its own kind of account, reached by its 机构编号, not a 机关事业单位.
 */
export const institutionManagementSchema = z.object({
  title: z.string().min(1),
  source: z.string().min(1),
  /** Who acts for the company here. */
  grantedBy: z.array(z.enum(['legal-rep', 'administrator'])).min(1),
  /** The documents the administrator's 证件类型 may be. */
  adminDocuments: z.array(z.enum(identityDocuments)).min(1),
  /** How a new administrator gets a password: never derived from personal data. */
  passwordDelivery: z.literal('sms'),
  messages: z.object({
    adminNotRegistered: z.string().min(1),
    notAllowed: z.string().min(1),
    alreadyOpen: z.string().min(1),
    notOpen: z.string().min(1),
  }),
});
/** A province's institution rules. */
export type InstitutionManagement = z.infer<typeof institutionManagementSchema>;

/** An institution administrator as the company sets them. */
export interface InstitutionAdmin {
  name: string;
  idType: (typeof identityDocuments)[number];
  idNumber: string;
  mobile: string;
}

/** One institution of a company as the platform lists it. */
export interface Institution {
  institutionNumber: string;
  name: string;
  type: string;
  opened: boolean;
  admin: InstitutionAdmin | null;
}
