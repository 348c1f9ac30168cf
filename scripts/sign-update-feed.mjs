// Signs an update feed for the halls: `node scripts/sign-update-feed.mjs release/latest.yml
// release-key.pem` writes `release/latest.yml.sig` (base64 ed25519 over the file's bytes).
// The private key never goes into the repository; its public half is pinned into each package
// when it is made (COUNTER_UPDATE_KEY_FILE, see docs/install.md). A new key:
// `openssl genpkey -algorithm ed25519 -out release-key.pem`.
import { createPrivateKey, sign } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

const [feed, keyFile] = process.argv.slice(2);
if (!feed || !keyFile) {
  console.error('用法：node scripts/sign-update-feed.mjs <latest*.yml> <私钥.pem>');
  process.exit(2);
}
const signature = sign(null, readFileSync(feed), createPrivateKey(readFileSync(keyFile)));
writeFileSync(`${feed}.sig`, `${signature.toString('base64')}\n`);
console.log(`已签名：${feed}.sig`);
