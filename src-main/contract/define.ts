import type { z } from 'zod';
import type { ErrorCode } from './errors';

/** The two roles of the counter (DOMAIN.md, People). */
export type Role = 'clerk' | 'supervisor';

/**
 * Who may call a channel: anyone (before login), any logged-in user, or the listed roles.
 * `whenLocked` lets a channel through while the screen is idle-locked (unlock, logout, status).
 * `applicant` is the third role, the applicant's own screen: only its callers reach these
 * channels, and they reach nothing else.
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'user'; whenLocked?: boolean }
  | { kind: 'roles'; roles: readonly Role[] }
  | { kind: 'applicant' };

/** One channel of the contract: its schemas, who may call it and the errors it may answer. */
export interface ChannelSpec<Req extends z.ZodType, Res extends z.ZodType> {
  summary: string;
  request: Req;
  response: Res;
  access: Access;
  errors: readonly ErrorCode[];
}

/** Keeps the literal types of a channel while checking its shape. */
export function channel<Req extends z.ZodType, Res extends z.ZodType>(
  spec: ChannelSpec<Req, Res>,
): ChannelSpec<Req, Res> {
  return spec;
}

export const publicAccess: Access = { kind: 'public' };
export const anyUser: Access = { kind: 'user' };
export const anyUserEvenLocked: Access = { kind: 'user', whenLocked: true };
export const supervisorOnly: Access = { kind: 'roles', roles: ['supervisor'] };
export const applicantScreenOnly: Access = { kind: 'applicant' };
