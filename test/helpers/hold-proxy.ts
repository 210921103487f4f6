import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback HTTP proxy in front of moto that can hold one AWS operation (by its X-Amz-Target,
 * e.g. `secretsmanager.PutSecretValue`) so a kill test can stop a client in the middle of it.
 *
 * - `hold: 'request'`: the request is kept from moto; if the client goes away first, it is dropped,
 *   as a request lost with a killed process would be.
 * - `hold: 'response'`: the request reaches moto at once (the change is made), and the answer is
 *   held: the client dies not knowing it succeeded.
 */
export interface HoldProxy {
  url: string;
  /** Starts holding the next matching call. */
  arm(target: string, hold: 'request' | 'response'): void;
  /** Resolves once a matching call is being held. */
  held(): Promise<void>;
  /** Lets a held call go on (if its client is still there) and stops holding. */
  release(): void;
  /** Every operation seen, in order: `Target` header values. */
  log: string[];
  close(): Promise<void>;
}

export async function startHoldProxy(upstream: string): Promise<HoldProxy> {
  const up = new URL(upstream);
  let armed: { target: string; hold: 'request' | 'response' } | undefined;
  let onHeld: (() => void) | undefined;
  let heldPromise = new Promise<void>((r) => (onHeld = r));
  let releasers: Array<() => void> = [];
  const log: string[] = [];

  const forward = (
    req: IncomingMessage,
    body: Buffer,
    deliver: (status: number, headers: IncomingMessage['headers'], data: Buffer) => void,
  ) => {
    const out = request(
      { host: up.hostname, port: up.port, method: req.method, path: req.url, headers: req.headers },
      (r) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => deliver(r.statusCode ?? 502, r.headers, Buffer.concat(chunks)));
      },
    );
    out.on('error', () => deliver(502, {}, Buffer.alloc(0)));
    out.end(body);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const target = String(req.headers['x-amz-target'] ?? `${req.method} ${req.url}`);
      log.push(target);
      let gone = false;
      res.on('close', () => (gone = true));
      const send = (status: number, headers: IncomingMessage['headers'], data: Buffer) => {
        if (gone) return;
        const h = { ...headers };
        delete h['transfer-encoding'];
        h['content-length'] = String(data.length);
        res.writeHead(status, h);
        res.end(data);
      };
      const match = armed && target === armed.target ? armed : undefined;
      if (!match) return forward(req, body, send);
      armed = undefined;
      const wait = () => new Promise<void>((r) => releasers.push(r));
      onHeld?.();
      if (match.hold === 'request') {
        void wait().then(() => {
          // A request whose client died never reaches the service.
          if (!gone) forward(req, body, send);
        });
      } else {
        forward(req, body, (status, headers, data) => void wait().then(() => send(status, headers, data)));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const proxy: HoldProxy = {
    url: `http://127.0.0.1:${port}`,
    log,
    arm(target, hold) {
      armed = { target, hold };
      heldPromise = new Promise<void>((r) => (onHeld = r));
    },
    held: () => heldPromise,
    release() {
      armed = undefined;
      const rs = releasers;
      releasers = [];
      for (const release of rs) release();
    },
    close() {
      proxy.release();
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
  return proxy;
}
