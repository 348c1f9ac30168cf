/**
 * The release key updates are checked against, pinned when the package is made: the packaging
 * config (electron-builder.config.mjs) writes the public half the project or hall releases
 * with into the packaged app's package.json, inside app.asar in the install folder, which only
 * an administrator can change. Nothing at run time can set or replace it: a package made
 * without it takes no update at all. No `electron` import: tested in plain Node.
 */
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/** The package.json field the packaging config fills in (SPKI, PEM). */
export const UPDATE_KEY_FIELD = 'counterDeskUpdateKey';

/** What the supervisor reads when the package carries no release key. */
export const NO_UPDATE_KEY_MESSAGE =
  '本安装包没有固定发布公钥，不能自动更新。请向软件提供方索取带发布公钥的安装包重新安装，或请信息科手动安装新版本。';

/** The key in PEM when it is an ed25519 public key, else null. */
export function ed25519PublicKeyPem(text: string): string | null {
  try {
    const key = createPublicKey(text);
    if (key.asymmetricKeyType !== 'ed25519') return null;
    return key.export({ type: 'spki', format: 'pem' }).toString();
  } catch {
    return null;
  }
}

const packageSchema = z.object({ [UPDATE_KEY_FIELD]: z.string().optional() });

/** The release key pinned in a package.json's contents, or null when none (or not ed25519). */
export function pinnedUpdateKey(packageJson: unknown): string | null {
  const parsed = packageSchema.safeParse(packageJson);
  const pem = parsed.success ? parsed.data[UPDATE_KEY_FIELD] : undefined;
  return pem ? ed25519PublicKeyPem(pem) : null;
}

/** The release key pinned in the app at `appPath` (Electron reads inside app.asar), or null. */
export function readPinnedUpdateKey(appPath: string): string | null {
  try {
    return pinnedUpdateKey(JSON.parse(readFileSync(join(appPath, 'package.json'), 'utf8')));
  } catch {
    return null;
  }
}
