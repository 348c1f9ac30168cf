import { describe, expect, it } from 'vitest';
import { defaultDataDir, LaunchOptionError, parseLaunchOptions } from '../../src-main/shell/config';

describe('launch options', () => {
  it('takes port and data folder from flags before the environment', () => {
    const options = parseLaunchOptions(['--port', '5001', '--data=/srv/counter', '--browser'], {
      COUNTER_PORT: '6000',
      COUNTER_DATA_DIR: '/env/dir',
    });
    expect(options).toEqual({ forceBrowser: true, port: 5001, dataDir: '/srv/counter' });
  });

  it('falls back to COUNTER_PORT and COUNTER_DATA_DIR', () => {
    const options = parseLaunchOptions([], { COUNTER_PORT: '6000', COUNTER_DATA_DIR: '/env/dir' });
    expect(options).toMatchObject({ forceBrowser: false, port: 6000, dataDir: '/env/dir' });
  });

  it('explains a port that is not a number in Chinese', () => {
    expect(() => parseLaunchOptions(['--port', 'abc'], {})).toThrow(LaunchOptionError);
    expect(() => parseLaunchOptions(['--port', 'abc'], {})).toThrow('端口号“abc”无效');
  });

  it('uses the OS app-data folder by default', () => {
    expect(defaultDataDir('linux', {}, '/home/li')).toBe('/home/li/.config/counter-desk');
    expect(
      defaultDataDir('win32', { APPDATA: 'C:\\Users\\li\\AppData\\Roaming' }, 'C:\\Users\\li'),
    ).toContain('counter-desk');
    expect(defaultDataDir('darwin', {}, '/Users/li')).toBe(
      '/Users/li/Library/Application Support/counter-desk',
    );
  });
});
