import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A minimal CONNECT proxy on 127.0.0.1 for proxy tests: tunnels to any target
 * and records each tunnel it opened. With `credentials` it answers 407 (asking
 * for Basic) to a CONNECT without the matching Proxy-Authorization.
 */
export interface ConnectProxy {
  /** http://127.0.0.1:PORT (no credentials in it). */
  url: string;
  /** host:port of every tunnel opened, oldest first. */
  targets: string[];
  /** CONNECTs refused with 407. */
  refused: number;
  close(): Promise<void>;
}

export interface ConnectProxyOptions {
  credentials?: { user: string; password: string };
}

export async function startConnectProxy(options: ConnectProxyOptions = {}): Promise<ConnectProxy> {
  const sockets = new Set<net.Socket>();
  const expected = options.credentials
    ? `Basic ${Buffer.from(`${options.credentials.user}:${options.credentials.password}`).toString('base64')}`
    : undefined;
  const server = http.createServer((_req, res) => res.writeHead(405).end());
  const state = {
    url: '',
    targets: [] as string[],
    refused: 0,
    close: (): Promise<void> =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  server.on('connect', (req: http.IncomingMessage, client: net.Socket) => {
    client.on('error', () => undefined);
    if (expected && req.headers['proxy-authorization'] !== expected) {
      state.refused++;
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test proxy"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    state.targets.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => sockets.delete(s));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
