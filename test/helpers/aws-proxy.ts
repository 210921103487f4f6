import http from 'node:http';

export interface AwsRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The JSON-protocol operation, e.g. `secretsmanager.PutSecretValue` (X-Amz-Target). */
  target: string;
  /** `aws-sdk-js/…` for the CLI, `…aws-sdk-go…` for Terraform's provider. */
  userAgent: string;
}

export interface AwsAnswer {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

export interface AwsProxy {
  url: string;
  /** Every request that reached the proxy, answered by a fault or forwarded, in order. */
  log: AwsRequest[];
  close(): Promise<void>;
}

/**
 * Sits between the AWS clients and moto (AWS_ENDPOINT_URL → here → moto): moto keeps no request
 * log a test can read, so this records every request body, and it can answer a request itself
 * instead of forwarding it (a fault, in the service's own wire format).
 */
export async function startAwsProxy(
  upstream: string,
  fault?: (req: AwsRequest) => AwsAnswer | undefined,
): Promise<AwsProxy> {
  const log: AwsRequest[] = [];
  const up = new URL(upstream);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const entry: AwsRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body: raw.toString('utf8'),
        target: String(req.headers['x-amz-target'] ?? ''),
        userAgent: String(req.headers['user-agent'] ?? ''),
      };
      log.push(entry);
      const answer = fault?.(entry);
      if (answer) {
        res.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.1', ...answer.headers });
        res.end(answer.body);
        return;
      }
      // Headers go through unchanged (Host included), so a SigV4 signature still matches what was signed.
      const fwd = http.request(
        { host: up.hostname, port: up.port, method: req.method, path: req.url, headers: req.headers },
        (upRes) => {
          res.writeHead(upRes.statusCode ?? 502, upRes.headers);
          upRes.pipe(res);
        },
      );
      fwd.on('error', (e) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`proxy: ${e.message}`);
      });
      fwd.end(raw);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Secrets Manager's throttling answer (awsJson1_1): HTTP 400 with the error type in header and body. */
export const throttlingAnswer = (): AwsAnswer => ({
  status: 400,
  headers: { 'x-amzn-errortype': 'ThrottlingException' },
  body: JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }),
});
