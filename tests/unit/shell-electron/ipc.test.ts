import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { channelNames, contractError } from '../../../src-main/contract';
import { registerIpc } from '../../../src-main/shell/electron/ipc';
import type { RendererEntry } from '../../../src-main/shell/electron/window';
import type { FakeWebContents, FakeWebFrame } from '../../fakes/electron';
import { fakeFrame, fakeWebContents, ipcMain, resetFakeElectron } from '../../fakes/electron';
import { recordingCore } from './recording-core';

const indexHtml = '/opt/counter-desk/out/renderer/index.html';
const entry: RendererEntry = { kind: 'file', indexHtml };
const appFrame = (route = '#/home'): FakeWebFrame =>
  fakeFrame(`${pathToFileURL(indexHtml).href}${route}`);
const login = { username: 'wangfang', password: 'Counter#2024' };

function send(
  sender: FakeWebContents,
  frame: FakeWebFrame | null,
  channel = 'auth:login',
  payload: unknown = login,
): Promise<unknown> {
  return ipcMain.invoke(channel, { sender, frame }, payload);
}

beforeEach(() => {
  resetFakeElectron();
});

describe('IPC between the window and the core', () => {
  it('registers one IPC handler per contract channel', () => {
    const unregister = registerIpc({ core: recordingCore(), entry });
    expect([...ipcMain.channels()].sort()).toEqual([...channelNames].sort());
    unregister();
    expect(ipcMain.channels()).toEqual([]);
  });

  it('rejects a request from an untrusted frame without reaching the core', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const core = recordingCore();
    registerIpc({ core, entry });
    const contents = fakeWebContents();
    const refused = { ok: false, error: contractError('UNTRUSTED_SENDER') };

    await expect(send(contents, fakeFrame('https://evil.example/'))).resolves.toEqual(refused);
    await expect(send(contents, fakeFrame('file:///tmp/download.html'))).resolves.toEqual(refused);
    await expect(send(contents, null)).resolves.toEqual(refused);
    // An iframe showing the app's own page still is not the window's top frame.
    const iframe = fakeFrame(appFrame().url, fakeFrame('https://evil.example/'));
    await expect(send(contents, iframe)).resolves.toEqual(refused);

    expect(core.dispatched).toEqual([]);
    expect(core.sessions).toEqual([]);
    expect(warn).toHaveBeenCalledTimes(4);
    warn.mockRestore();
  });

  it("passes a trusted request to the core with the window's own session", async () => {
    const core = recordingCore((request) =>
      Promise.resolve({ ok: true, value: { channel: request.channel } }),
    );
    registerIpc({ core, entry });

    const reply = await send(fakeWebContents(), appFrame('#/login'));

    expect(reply).toEqual({ ok: true, value: { channel: 'auth:login' } });
    expect(core.dispatched).toHaveLength(1);
    expect(core.dispatched[0]).toEqual({
      session: core.sessions[0],
      channel: 'auth:login',
      payload: login,
    });
  });

  it('keeps one session per window', async () => {
    const core = recordingCore();
    registerIpc({ core, entry });
    const first = fakeWebContents();
    const second = fakeWebContents();

    await send(first, appFrame(), 'app:status', {});
    await send(first, appFrame(), 'auth:session', {});
    await send(second, appFrame(), 'app:status', {});

    const [a, b, c] = core.dispatched;
    expect(a?.session).toBe(b?.session);
    expect(c?.session).not.toBe(a?.session);
    expect(core.sessions).toHaveLength(2);
  });

  it("forgets a window's session when the window is destroyed", async () => {
    const core = recordingCore();
    registerIpc({ core, entry });
    const contents = fakeWebContents();

    await send(contents, appFrame(), 'app:status', {});
    contents.destroy();
    await send(contents, appFrame(), 'app:status', {});

    expect(core.sessions).toHaveLength(2);
    expect(core.dispatched[1]?.session).toBe(core.sessions[1]);
  });

  it('answers with an internal error envelope when the core fails unexpectedly', async () => {
    registerIpc({
      core: recordingCore(() => Promise.reject(new Error('disk on fire'))),
      entry,
    });
    await expect(send(fakeWebContents(), appFrame())).resolves.toEqual({
      ok: false,
      error: contractError('INTERNAL'),
    });
  });
});
