import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loginAs } from './harness';
import { startServerProcess } from './server-process';

describe('the server process under SIGTERM', () => {
  it('exits within SHUTDOWN_GRACE_MS when a DAG does not stop (its Redis is unreachable)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flow-grace-'));
    const grace = 3000;
    // The logger writes JSON lines to stdout: output() has them.
    const { child, url, exited, exitedAt, output } = await startServerProcess({
      DATA_DIR: join(dir, 'data'),
      ADMIN_PASSWORD: 'shutdown-password',
      LOG_LEVEL: 'warn',
      SHUTDOWN_GRACE_MS: String(grace),
    });
    try {
      const admin = await loginAs(url, 'admin', 'shutdown-password');
      // Port 1 on loopback: nothing listens, the client retries for ever.
      await admin.client.dags.save.mutate({
        config: {
          name: 'unreachable',
          subscribers: [
            { name: 'in', config: { source: 'redis://list/grace', url: 'redis://127.0.0.1:1' } },
          ],
          publishers: [{ name: 'out', config: { destination: 'mem://queue/grace_out' } }],
          nodes: [
            { name: 'src', type: 'SubscriptionNode', config: { subscriber: 'in' } },
            { name: 'sink', type: 'PublicationNode', config: { publishers: ['out'] } },
          ],
          edges: [{ from: 'src', to: 'sink' }],
        },
      });
      await admin.client.dags.start.mutate({ name: 'unreachable' });
      admin.close();
      await new Promise((r) => setTimeout(r, 500));
      const killedAt = Date.now();
      child.kill('SIGTERM');
      const code = await Promise.race([
        exited,
        new Promise<'hung'>((r) => setTimeout(() => r('hung'), grace + 5000)),
      ]);
      expect(code).not.toBe('hung');
      expect(exitedAt() - killedAt).toBeLessThan(grace + 2000);
      // Either the DAG stopped in time (0), or the grace time ended it, naming what was stuck (1).
      if (code === 0) expect(output()).not.toContain('exiting anyway');
      else {
        expect(code).toBe(1);
        expect(output()).toContain('exiting anyway');
        expect(output()).toContain('DAG unreachable');
      }
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60_000);
});
