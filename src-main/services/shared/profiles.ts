import type { ProvinceProfile } from '../../domain/profile';
import type { ServiceContext } from './service-context';
import { getSettings } from './settings';
import { UseCaseError } from './use-case-error';

/** The province profile chosen in settings; refuses with the loader's reason when unusable. */
export function activeProfile(ctx: ServiceContext): ProvinceProfile {
  const { profileId } = getSettings(ctx);
  const profile = ctx.profiles.profiles.find((candidate) => candidate.id === profileId);
  if (profile) return profile;
  const problem = ctx.profiles.problems.find((item) => item.file === `${profileId}.json`);
  throw new UseCaseError('PROFILE_UNAVAILABLE', {
    message: problem
      ? `省份配置文件 ${problem.file} 有误：${problem.message}`
      : `找不到省份配置“${profileId}”。`,
  });
}

/** The profile a case was opened under, so old cases keep their own rules. */
export function profileById(ctx: ServiceContext, profileId: string): ProvinceProfile {
  const profile = ctx.profiles.profiles.find((candidate) => candidate.id === profileId);
  if (!profile) {
    throw new UseCaseError('PROFILE_UNAVAILABLE', {
      message: `该办件使用的省份配置“${profileId}”已不在本机。`,
    });
  }
  return profile;
}

/** Which profiles settings may choose from. */
export function availableProfiles(ctx: ServiceContext): { id: string; name: string }[] {
  return ctx.profiles.profiles.map((profile) => ({ id: profile.id, name: profile.name }));
}
