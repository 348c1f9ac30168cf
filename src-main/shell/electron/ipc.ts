import type { IpcMainInvokeEvent, WebContents, WebFrameMain } from 'electron';
import { ipcMain } from 'electron';
import type { CallerSession, Core } from '../../api/core-types';
import type { Envelope } from '../../contract';
import { channelNames, contractError } from '../../contract';
import type { RendererEntry } from './window';
import { isAppUrl } from './window';

/**
 * Whether an IPC request comes from the app's own top-level page (Electron security checklist
 * item 17; GitHub Desktop's `isTrustedIPCSender`). A frame that is gone, an iframe or any other
 * page is refused, so a page that slipped past the navigation guard still reaches nothing.
 */
export function isTrustedSender(frame: WebFrameMain | null, entry: RendererEntry): boolean {
  // Null when the frame navigated away or was destroyed before the request was handled.
  if (frame === null) return false;
  try {
    // The preload runs only in the top frame; a request from an iframe is not ours.
    return frame.parent === null && isAppUrl(frame.url, entry);
  } catch {
    // Reading a disposed frame throws: treat it like a missing one.
    return false;
  }
}

/** What the IPC wiring needs: the core to dispatch to and the page it may trust. */
export interface IpcOptions {
  core: Core;
  entry: RendererEntry;
  /**
   * The applicant's window (second display): its contents get an applicant-screen session
   * and are trusted only on the applicant page.
   */
  applicant?: { entry: RendererEntry; isApplicantContents: (contents: WebContents) => boolean };
  /** Told of each answered request, so the shell can follow the core (kiosk use). */
  afterDispatch?: (channel: string, envelope: Envelope<unknown>) => void;
  /** The window sessions, when the shell wants to see who is signed in (updates wait). */
  sessions?: Map<number, CallerSession>;
}

const untrusted: Envelope<never> = { ok: false, error: contractError('UNTRUSTED_SENDER') };

/**
 * Registers one `ipcMain.handle` per contract channel and returns a function that removes them.
 * Each window (webContents) gets its own caller session, so login and lock state belong to the
 * window; the session is dropped when its contents are destroyed.
 */
export function registerIpc(options: IpcOptions): () => void {
  const { core, entry, afterDispatch, applicant } = options;
  const sessions = options.sessions ?? new Map<number, CallerSession>();
  const isApplicant = (contents: WebContents) => applicant?.isApplicantContents(contents) ?? false;

  const sessionFor = (contents: WebContents): CallerSession => {
    const existing = sessions.get(contents.id);
    if (existing !== undefined) return existing;
    const created = isApplicant(contents) ? core.newApplicantScreenSession() : core.newSession();
    const id = contents.id;
    sessions.set(id, created);
    contents.once('destroyed', () => sessions.delete(id));
    return created;
  };

  for (const name of channelNames) {
    ipcMain.handle(
      name,
      async (event: IpcMainInvokeEvent, payload: unknown): Promise<Envelope<unknown>> => {
        const pageEntry = isApplicant(event.sender) && applicant ? applicant.entry : entry;
        if (!isTrustedSender(event.senderFrame, pageEntry)) {
          console.warn(`IPC ${name} refused: the sender is not the app's own page`);
          return untrusted;
        }
        try {
          const envelope = await core.dispatch(sessionFor(event.sender), name, payload);
          afterDispatch?.(name, envelope);
          return envelope;
        } catch {
          // The core promises never to throw; should it, the renderer still gets an envelope
          // rather than Electron's raw error text.
          return { ok: false, error: contractError('INTERNAL') };
        }
      },
    );
  }

  return () => {
    for (const name of channelNames) ipcMain.removeHandler(name);
    sessions.clear();
  };
}
