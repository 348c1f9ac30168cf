/** The part of autocannon 8's programmatic API the `sync` bench uses (it ships no types). */
declare module 'autocannon' {
  /** A request as autocannon builds it; setupRequest returns it changed. */
  export interface AutocannonRequest {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
  }

  /** One step of the request sequence each connection loops over. */
  export interface AutocannonRequestStep extends AutocannonRequest {
    setupRequest?: (
      request: AutocannonRequest,
      context: Record<string, unknown>,
    ) => AutocannonRequest;
    onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
  }

  /** How a run is made. */
  export interface AutocannonOptions {
    url: string;
    connections?: number;
    duration?: number;
    amount?: number;
    pipelining?: number;
    timeout?: number;
    requests?: AutocannonRequestStep[];
  }

  /** A run's results (only the fields the bench reads). */
  export interface AutocannonResult {
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    '2xx': number;
    requests: { average: number; total: number };
    latency: { average: number; p99: number };
  }

  /** Runs a load test; without a callback it returns a promise of the results. */
  export default function autocannon(options: AutocannonOptions): Promise<AutocannonResult>;
}
