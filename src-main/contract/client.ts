import type { Envelope } from './errors';
import type { ChannelName, RequestOf, ResponseOf } from './channels';
import { channelNames } from './channels';

type AreaOf<N> = N extends `${infer Area}:${string}` ? Area : never;
type Area = AreaOf<ChannelName>;

/** A request argument may be left out when none of its fields is required. */
type Call<N extends ChannelName> =
  Partial<RequestOf<N>> extends RequestOf<N>
    ? (request?: RequestOf<N>) => Promise<Envelope<ResponseOf<N>>>
    : (request: RequestOf<N>) => Promise<Envelope<ResponseOf<N>>>;

/** The renderer's view of the core: `api.area.verb(request)`, one method per channel. */
export type CounterApi = {
  [A in Area]: {
    [N in ChannelName as N extends `${A}:${infer Verb}` ? Verb : never]: Call<N>;
  };
};

/** Moves one request across a process or network boundary and returns the envelope. */
export type Transport = (channel: ChannelName, request: unknown) => Promise<Envelope<unknown>>;

/**
 * Builds the named API from the contract over any transport. The preload bridge (IPC) and the
 * browser client (HTTP) are both this function with a different transport, so the renderer
 * cannot tell which shell it runs in.
 */
export function createCounterApi(transport: Transport): CounterApi {
  const api: Record<string, Record<string, (request?: unknown) => Promise<Envelope<unknown>>>> = {};
  for (const name of channelNames) {
    const [area, verb] = name.split(':') as [string, string];
    api[area] ??= {};
    api[area][verb] = (request?: unknown) => transport(name, request ?? {});
  }
  return api as unknown as CounterApi;
}
