import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ProvinceProfile } from '../domain/profile';
import { parseProvinceProfile } from '../domain/profile';

/** A profile file that could not be used, with the reason in Chinese. */
export interface ProfileFileProblem {
  file: string;
  message: string;
}

/** Every valid profile in the folder, and what was wrong with the others. */
export interface LoadedProfiles {
  profiles: ProvinceProfile[];
  problems: ProfileFileProblem[];
}

/**
 * Reads every `*.json` province profile in the folder. Adding a province is adding a file
 * (README, "Province profiles"); a broken file is reported, never silently skipped.
 */
export function loadProfiles(dir: string): LoadedProfiles {
  const profiles: ProvinceProfile[] = [];
  const problems: ProfileFileProblem[] = [];
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()) {
    try {
      const profile = parseProvinceProfile(JSON.parse(readFileSync(join(dir, file), 'utf8')));
      if (profile.id !== basename(file, '.json')) {
        throw new Error(`省份配置的 id "${profile.id}" 须与文件名 "${file}" 一致`);
      }
      profiles.push(profile);
    } catch (error) {
      problems.push({ file, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return { profiles, problems };
}
