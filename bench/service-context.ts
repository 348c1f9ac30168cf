import { join } from 'node:path';
import { systemClock } from '../src-main/domain/ports/clock';
import { CaKeyDesk } from '../src-main/services/cakey/cakey-desk';
import { ExportDesk } from '../src-main/services/export/export';
import { HousekeepingDesk } from '../src-main/services/archive/housekeeping';
import { IdCardDesk } from '../src-main/services/idcard/idcard-desk';
import { createPrintDesk } from '../src-main/services/printing/printing';
import type { ServiceContext } from '../src-main/services/shared/service-context';
import { SyncDesk } from '../src-main/services/sync/sync';
import { AttachmentVault } from '../src-main/store/attachment-vault';
import { deriveKey, generateMasterKey } from '../src-main/store/crypto/key-hierarchy';
import { openDatabase } from '../src-main/store/open-database';
import { loadProfiles } from '../src-main/store/profile-files';

const ROOT = join(import.meta.dirname, '..');

/**
 * The services over a fresh encrypted store in `dataDir`, without the API in front: the
 * benches seed and measure the services directly. Desks a suite drives itself are passed in.
 */
export function benchServiceContext(
  dataDir: string,
  desks: Partial<Pick<ServiceContext, 'sync' | 'housekeeping'>> = {},
): ServiceContext {
  const master = generateMasterKey();
  return {
    db: openDatabase(dataDir, deriveKey(master, 'database')),
    clock: systemClock,
    profiles: loadProfiles(join(ROOT, 'resources', 'profiles')),
    vault: new AttachmentVault(dataDir, deriveKey(master, 'attachments')),
    idcard: new IdCardDesk(),
    printing: createPrintDesk({ resourcesDir: join(ROOT, 'resources') }),
    cakey: new CaKeyDesk({ trainingDir: join(dataDir, 'training-cakey'), clock: systemClock }),
    sync: desks.sync ?? new SyncDesk(),
    housekeeping: desks.housekeeping ?? new HousekeepingDesk(),
    exports: new ExportDesk({ appVersion: 'bench', defaultFolder: dataDir, dataDir }),
  };
}
