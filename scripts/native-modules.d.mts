export interface NativeModule {
  readonly name: string;
  readonly kind: 'abi' | 'napi';
  readonly binary?: string;
  readonly platformPackages?: readonly string[];
}
export const NATIVE_MODULES: readonly NativeModule[];
export function abiBoundModules(): NativeModule[];
export function nativePackageGlobs(): string[];
