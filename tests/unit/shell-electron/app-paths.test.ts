import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CoreOptions } from '../../../src-main/api/open-core';
import { unpackedPath } from '../../../src-main/shell/electron/app-paths';
import { startDesktopShell } from '../../../src-main/shell/electron/main';
import { BrowserWindow, app, resetFakeElectron } from '../../fakes/electron';
import { recordingCore } from './recording-core';

const installed = '/opt/柜台办件台/resources/app.asar';
const binding = '/src/node_modules/.counter-desk-native/electron-abi145-x64/b.node';

async function coreOptions(env: NodeJS.ProcessEnv = {}): Promise<CoreOptions> {
  const opened: CoreOptions[] = [];
  await startDesktopShell({
    openCore: (options) => {
      opened.push(options);
      return recordingCore();
    },
    argv: ['counter-desk'],
    env,
  });
  const [options] = opened;
  if (!options) throw new Error('the core was not opened');
  return options;
}

beforeEach(() => {
  resetFakeElectron();
});

describe('the desktop shell in an installed package', () => {
  it('gives the core the unpacked copies of what it opens by path', async () => {
    app.appPath = installed;
    app.isPackaged = true;
    const options = await coreOptions({ COUNTER_SQLITE_BINDING: binding });

    const unpacked = '/opt/柜台办件台/resources/app.asar.unpacked';
    expect(options.resourcesDir).toBe(join(unpacked, 'resources'));
    expect(options.templatesDir).toBe(join(unpacked, 'templates'));
    expect(options.pdfWorkerScript).toBe(join(unpacked, 'out', 'main', 'pdf-worker.js'));
    expect(options.xlsxWorkerScript).toBe(join(unpacked, 'out', 'main', 'xlsx-worker.js'));
    // The packager rebuilt SQLite for this Electron: an environment variable cannot swap it.
    expect(options.sqliteBinding).toBeUndefined();
    // Electron itself reads the preload inside the archive.
    const [window] = BrowserWindow.created;
    expect(window?.options.webPreferences?.preload).toBe(
      join(installed, 'out', 'preload', 'index.cjs'),
    );
  });

  it('uses the SQLite build npm start made for this Electron when run from the sources', async () => {
    app.appPath = '/src/counter-desk';
    const options = await coreOptions({ COUNTER_SQLITE_BINDING: binding });

    expect(options.sqliteBinding).toBe(binding);
    expect(options.resourcesDir).toBe('/src/counter-desk/resources');
  });

  it('changes only the archive folder of a path', () => {
    expect(unpackedPath('/a/app.asar/b/app.asar.txt')).toBe('/a/app.asar.unpacked/b/app.asar.txt');
    expect(unpackedPath('/a/b')).toBe('/a/b');
  });
});
