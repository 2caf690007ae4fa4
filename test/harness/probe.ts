import { randomBytes } from 'node:crypto';
import * as http from 'node:http';

/**
 * How the integration tests see what VS Code drew. The tests run in the
 * extension host, which cannot reach the workbench's page; this loopback
 * endpoint (its URL, with a random path, reaches the suite in the environment
 * variable below) evaluates an expression in the page the harness opened
 * (playwright's evaluate: a Promise is awaited), again every 100 ms until it
 * is truthy or the time is up, and answers its JSON value. (waitForFunction
 * would take a Promise itself as truthy.) Only the web harness has it.
 */
export const PROBE_ENV = 'SEQERA_TEST_WORKBENCH_PROBE';

export interface ProbePage {
  evaluate(expression: string): Promise<unknown>;
}

async function evaluateUntil(page: ProbePage, expression: string, timeoutMs: number): Promise<unknown> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await page.evaluate(expression);
    if (value) return value;
    if (Date.now() > end) throw new Error(`still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface WorkbenchProbe {
  readonly url: string;
  /** The page to evaluate in, once it is open. */
  attach(page: ProbePage): void;
  close(): Promise<void>;
}

export async function startProbe(): Promise<WorkbenchProbe> {
  let page: ProbePage | undefined;
  const secret = randomBytes(16).toString('hex');
  const server = http.createServer((req, res) => {
    const answer = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== `/${secret}`) return answer(404, { error: 'not the probe' });
      if (!page) return answer(503, { error: 'the workbench page is not open yet' });
      let input: { expression?: unknown; timeoutMs?: unknown };
      try {
        input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof input;
      } catch {
        return answer(400, { error: 'the body must be JSON { expression, timeoutMs }' });
      }
      if (typeof input.expression !== 'string') return answer(400, { error: 'expression must be a string' });
      const timeout = typeof input.timeoutMs === 'number' ? input.timeoutMs : 20_000;
      evaluateUntil(page, input.expression, timeout).then(
        (value) => answer(200, { value }),
        (e: unknown) => answer(500, { error: e instanceof Error ? e.message.split('\n')[0] : String(e) }),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = address && typeof address === 'object' ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/${secret}`,
    attach: (p) => (page = p),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
