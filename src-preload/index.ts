/**
 * The preload bridge: the page's only way to the core. It exposes the contract's named API as
 * `window.counterApi` and nothing else; never `ipcRenderer` or a generic invoke, so a script
 * in the page can call only the channels the contract lists (Electron security checklist,
 * context isolation; STYLE.md B).
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { ChannelName, Envelope } from '../src-main/contract';
import { contractError, createCounterApi } from '../src-main/contract';

async function invokeMain(channel: ChannelName, request: unknown): Promise<Envelope<unknown>> {
  try {
    // The main process answers every contract channel with an envelope (shell/electron/ipc.ts).
    return (await ipcRenderer.invoke(channel, request)) as Envelope<unknown>;
  } catch {
    // No handler or a dead main process: answer like the browser client does when the local
    // server is gone, so the renderer cannot tell the shells apart.
    return { ok: false, error: contractError('CORE_UNREACHABLE') };
  }
}

contextBridge.exposeInMainWorld('counterApi', createCounterApi(invokeMain));
