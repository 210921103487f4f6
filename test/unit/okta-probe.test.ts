import { once } from 'node:events';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { probeOkta } from '../../src/okta/okta.js';

// doctor's "Okta org reachable" check says why Okta did not answer; the reason must mean something to a user.
describe('probeOkta', () => {
  it('a refused connection says so', async () => {
    // A loopback port that was just free: nothing listens there.
    const srv = createServer().listen(0, '127.0.0.1');
    await once(srv, 'listening');
    const { port } = srv.address() as { port: number };
    srv.close();
    await once(srv, 'close');
    expect(await probeOkta(`http://127.0.0.1:${port}`, 2000)).toEqual({
      reachable: false,
      reason: 'connection refused',
    });
  });

  it('a failure without an error code gives fetch’s cause, not "TypeError"', async () => {
    // fetch refuses port 9 (a port browsers block) before connecting: its error has a message, no code.
    const r = await probeOkta('http://127.0.0.1:9', 2000);
    expect(r).toMatchObject({ reachable: false });
    expect(r.reachable === false && r.reason).toBe('bad port');
  });
});
