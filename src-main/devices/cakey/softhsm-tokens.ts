import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where Debian, Ubuntu and source builds put the SoftHSM2 PKCS#11 module. */
const SOFTHSM_MODULE_PATHS = [
  '/usr/lib/softhsm/libsofthsm2.so',
  '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so',
  '/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so',
  '/usr/local/lib/softhsm/libsofthsm2.so',
];

/** The SoftHSM2 module on this machine, or null when softhsm2 is not installed. */
export function findSoftHsmModule(): string | null {
  const known = SOFTHSM_MODULE_PATHS.find((path) => existsSync(path));
  if (known) return known;
  try {
    const listed = execFileSync('dpkg', ['-L', 'softhsm2'], { encoding: 'utf8' });
    return listed.split('\n').find((line) => line.endsWith('/libsofthsm2.so')) ?? null;
  } catch {
    return null;
  }
}

/** A token to create: its PINs and the self-signed RSA certificate it carries. */
export interface SoftTokenSpec {
  label: string;
  pin: string;
  soPin: string;
  /** The subject as openssl's -subj writes it, e.g. `/CN=某某有限公司/OU=9135...`. */
  subject: string;
  /** The text of extension 1.2.156.10260.4.1.4 (a UTF8String), or none. */
  creditCodeExtension?: string;
  notBefore: Date;
  notAfter: Date;
}

function opensslTime(date: Date): string {
  return `${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

/**
 * A SoftHSM2 token store in a folder of its own (config file + token directory): the
 * training CA key and the tests make tokens here with softhsm2-util, openssl and pkcs11-tool,
 * exactly as a CA would personalise a key, so the app reads them through real PKCS#11.
 */
export class SoftHsmStore {
  /** The SOFTHSM2_CONF file; the module reads it when it is initialised. */
  readonly confPath: string;
  readonly tokenDir: string;

  constructor(
    readonly dir: string,
    readonly modulePath: string,
  ) {
    this.confPath = join(dir, 'softhsm2.conf');
    this.tokenDir = join(dir, 'tokens');
    mkdirSync(this.tokenDir, { recursive: true });
    writeFileSync(
      this.confPath,
      `directories.tokendir = ${this.tokenDir}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = true\n`,
    );
  }

  /** The environment the tools and the module need to see this store. */
  get env(): NodeJS.ProcessEnv {
    return { ...process.env, SOFTHSM2_CONF: this.confPath };
  }

  /** Whether a token with this label exists. */
  hasToken(label: string): boolean {
    const listed = execFileSync('softhsm2-util', ['--show-slots'], {
      env: this.env,
      encoding: 'utf8',
    });
    return new RegExp(`Label:\\s+${label}\\s*$`, 'm').test(listed);
  }

  /** Creates a token with an RSA key pair and its certificate (id 01). */
  createToken(spec: SoftTokenSpec): void {
    const work = join(this.dir, `work-${spec.label}`);
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    const run = (command: string, args: string[]) =>
      execFileSync(command, args, { env: this.env, cwd: work, stdio: 'pipe' });
    try {
      run('softhsm2-util', [
        '--init-token',
        '--free',
        '--label',
        spec.label,
        '--so-pin',
        spec.soPin,
        '--pin',
        spec.pin,
      ]);
      writeFileSync(join(work, 'index.txt'), '');
      writeFileSync(join(work, 'serial'), `${Date.now().toString(16).padStart(16, '0')}\n`);
      // `openssl ca` is the 3.0 way to set both validity dates (an expired certificate).
      writeFileSync(
        join(work, 'ca.cnf'),
        [
          '[ca]',
          'default_ca = d',
          '[d]',
          'database = index.txt',
          'new_certs_dir = .',
          'serial = serial',
          'default_md = sha256',
          'policy = p',
          'unique_subject = no',
          'preserve = yes',
          '[p]',
          ...['commonName', 'serialNumber', 'organizationName', 'organizationalUnitName'].map(
            (name) => `${name} = optional`,
          ),
          'countryName = optional',
          '[ext]',
          'basicConstraints = CA:FALSE',
          'keyUsage = critical, digitalSignature, nonRepudiation',
          ...(spec.creditCodeExtension
            ? [`1.2.156.10260.4.1.4 = ASN1:UTF8String:${spec.creditCodeExtension}`]
            : []),
          '',
        ].join('\n'),
      );
      run('openssl', [
        'req',
        '-new',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        'key.pem',
        '-subj',
        spec.subject,
        '-utf8',
        '-out',
        'req.csr',
      ]);
      run('openssl', [
        'ca',
        '-batch',
        '-config',
        'ca.cnf',
        '-selfsign',
        '-keyfile',
        'key.pem',
        '-in',
        'req.csr',
        '-startdate',
        opensslTime(spec.notBefore),
        '-enddate',
        opensslTime(spec.notAfter),
        '-utf8',
        '-notext',
        '-extensions',
        'ext',
        '-out',
        'cert.pem',
      ]);
      run('openssl', ['x509', '-in', 'cert.pem', '-outform', 'DER', '-out', 'cert.der']);
      run('openssl', ['rsa', '-in', 'key.pem', '-pubout', '-outform', 'DER', '-out', 'pub.der']);
      run('softhsm2-util', [
        '--import',
        'key.pem',
        '--token',
        spec.label,
        '--label',
        spec.label,
        '--id',
        '01',
        '--pin',
        spec.pin,
      ]);
      const tool = ['--module', this.modulePath, '--token-label', spec.label];
      run('pkcs11-tool', [
        ...tool,
        '--login',
        '--pin',
        spec.pin,
        '--write-object',
        'cert.der',
        '--type',
        'cert',
        '--id',
        '01',
        '--label',
        spec.label,
      ]);
    } finally {
      // The private key never stays on disk outside the token.
      rmSync(work, { recursive: true, force: true });
    }
  }

  /** Deletes a token, as if the key were pulled out. */
  deleteToken(label: string): void {
    execFileSync('softhsm2-util', ['--delete-token', '--token', label], {
      env: this.env,
      stdio: 'pipe',
    });
  }

  /** The token folders, one per token. */
  tokenFolders(): string[] {
    return existsSync(this.tokenDir) ? readdirSync(this.tokenDir) : [];
  }
}
