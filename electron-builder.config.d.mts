import type { Configuration } from 'electron-builder';

export const CORE_FOLDERS: readonly string[];
export const PDF_WORKER: string;
export const XLSX_WORKER: string;
export const CORE_WORKERS: readonly string[];
export function workerClosure(appDir?: string): { files: string[]; packages: string[] };
export function dependencyFolders(names: readonly string[], appDir?: string): string[];
export const RENDERER_ONLY: readonly string[];
export function runtimePackages(appDir?: string): string[];
export function rendererOnlyFolders(appDir?: string): string[];
export const UPDATE_KEY_FIELD: string;
export function updateKeyMetadata(env?: NodeJS.ProcessEnv): Record<string, string>;
export function asarUnpackGlobs(appDir?: string): string[];
declare const config: Configuration;
export default config;
