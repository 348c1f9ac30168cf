import { beforeEach, describe, expect, it } from 'vitest';
import { channelNames, contractError } from '../../../src-main/contract';
import { contextBridge, ipcRenderer } from '../../fakes/electron';
// Loading the preload runs it against the fake electron, as Electron runs it before the page.
import '../../../src-preload/index';

type Method = (request?: unknown) => Promise<unknown>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function exposedMethod(area: string, verb: string): Method {
  const api = contextBridge.exposed.get('counterApi');
  const group = isRecord(api) ? api[area] : undefined;
  const method = isRecord(group) ? group[verb] : undefined;
  if (typeof method !== 'function') throw new Error(`counterApi.${area}.${verb} is missing`);
  return method as Method;
}

beforeEach(() => {
  ipcRenderer.reset();
});

describe('the preload bridge', () => {
  it('exposes only the named contract API in the preload', () => {
    expect([...contextBridge.exposed.keys()]).toEqual(['counterApi']);
    const api = contextBridge.exposed.get('counterApi');
    if (!isRecord(api)) throw new Error('counterApi is not an object');

    const exposed: string[] = [];
    for (const [area, group] of Object.entries(api)) {
      if (!isRecord(group)) throw new Error(`counterApi.${area} is not a group of calls`);
      for (const [verb, method] of Object.entries(group)) {
        expect(typeof method).toBe('function');
        exposed.push(`${area}:${verb}`);
      }
    }
    // Exactly the contract's channels: no generic invoke, no ipcRenderer, nothing extra.
    expect(exposed.sort()).toEqual([...channelNames].sort());
    expect(Object.values(api)).not.toContain(ipcRenderer);
  });

  it('sends each call over IPC on its own contract channel', async () => {
    const envelope = { ok: true, value: { id: 1 } };
    ipcRenderer.answerWith(() => Promise.resolve(envelope));
    const request = { username: 'wangfang', password: 'Counter#2024' };

    await expect(exposedMethod('auth', 'login')(request)).resolves.toEqual(envelope);
    await exposedMethod('app', 'status')();

    expect(ipcRenderer.calls).toEqual([
      { channel: 'auth:login', args: [request] },
      { channel: 'app:status', args: [{}] },
    ]);
  });

  it('answers CORE_UNREACHABLE when the main process does not answer', async () => {
    await expect(exposedMethod('home', 'summary')()).resolves.toEqual({
      ok: false,
      error: contractError('CORE_UNREACHABLE'),
    });
  });
});
