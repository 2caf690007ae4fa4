import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpClient } from '../../../src/net/http';
import { undiciTransport } from '../../../src/net/undiciTransport';

/**
 * A throwaway HTTP server on 127.0.0.1 for the net-layer tests. Each request
 * is answered by the next scripted handler (the last one repeats), and every
 * request is recorded with its headers so tests can check what was sent.
 */
export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

export interface Recorded {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The client's port: the same port means the same (kept-alive) connection. */
  remotePort: number | undefined;
}

export interface LocalServer {
  url: string;
  requests: Recorded[];
  /** Sockets closed by the client before the server answered (cancellation, timeouts). */
  aborted: number;
  script(...handlers: Handler[]): void;
  close(): Promise<void>;
}

export async function startLocalServer(...handlers: Handler[]): Promise<LocalServer> {
  let queue = [...handlers];
  const state: LocalServer = {
    url: '',
    requests: [],
    aborted: 0,
    script: (...hs) => {
      queue = [...hs];
    },
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      state.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, remotePort: req.socket.remotePort });
      res.on('close', () => {
        if (!res.writableFinished) state.aborted++;
      });
      const handler = queue.length > 1 ? queue.shift() : queue[0];
      if (!handler) {
        res.writeHead(500).end();
        return;
      }
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

export const json = (status: number, value: unknown, headers: Record<string, string> = {}): Handler => (_req, res) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(value));
};

export const text = (status: number, body: string, headers: Record<string, string> = {}): Handler => (_req, res) => {
  res.writeHead(status, headers).end(body);
};

/** Destroys the socket without an answer (a connection reset as the client sees it). */
export const reset: Handler = (req) => {
  req.socket.destroy();
};

/** Never answers; the client has to give up or cancel. */
export const hang: Handler = () => undefined;

/**
 * Registers mocha hooks giving each test a fresh local server and an HttpClient that never sleeps between
 * retries; `use` receives them before every test, and both are closed after it.
 */
export function useLocalServer(use: (server: LocalServer, client: HttpClient) => void): void {
  let server: LocalServer | undefined;
  let client: HttpClient | undefined;
  beforeEach(async () => {
    server = await startLocalServer();
    client = new HttpClient({ transport: undiciTransport(), sleep: async () => undefined });
    use(server, client);
  });
  afterEach(async () => {
    await client?.close();
    await server?.close();
  });
}
