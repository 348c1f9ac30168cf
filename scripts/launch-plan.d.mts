export const DOWNLOAD_ENV: string;
export const DOWNLOAD_FLAG: string;

export function electronViteCli(
  packageJsonPath: string,
  packageJson: { bin?: string | Record<string, string> },
): string;

export function wantsElectronDownload(
  args: readonly string[],
  env: Record<string, string | undefined>,
): boolean;

export interface ShellChoice {
  shell: 'electron' | 'browser';
  message: string | null;
  shellArgs: string[];
}
export function chooseShell(input: {
  args: readonly string[];
  electronPath: string | null;
  display: boolean;
}): ShellChoice;

export function nativeBuildDir(root: string, abi: string, arch: string): string;

export interface VersionedModule {
  name: string;
  binary?: string;
  version: string;
}
export interface NativeBuildStamp {
  electronVersion: string;
  abi: string;
  arch: string;
  modules: Record<string, string>;
}
export type NativeBuildDecision =
  | { action: 'none' }
  | { action: 'use'; dir: string; bindings: Record<string, string> }
  | {
      action: 'rebuild';
      dir: string;
      bindings: Record<string, string>;
      stamp: NativeBuildStamp;
      reason: string;
    };
export function nativeBuildDecision(input: {
  root: string;
  electronVersion: string;
  abi: string;
  arch: string;
  modules: readonly VersionedModule[];
  stamp: NativeBuildStamp | null;
}): NativeBuildDecision;
export function nativeBuildStamp(input: {
  electronVersion: string;
  abi: string;
  arch: string;
  modules: readonly VersionedModule[];
}): NativeBuildStamp;
export function electronEnv(
  env: Record<string, string | undefined>,
  decision: NativeBuildDecision,
): Record<string, string | undefined>;
