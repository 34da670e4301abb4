// Save is not deploy (issue 12, finding 1's first cause): an analyst who saves a changed config
// into a running DAG must not change what runs; only an admin's deploy does, and a server restart
// runs the deployed version.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  codeOf,
  createUserSession,
  freshPostgresDatabase,
  linearDag,
  loginAs,
  startTestServer,
  type Backend,
  type Session,
  type TestServer,
} from './harness';

const ANALYST = { username: 'the_analyst', password: 'analyst-password-1' };
/** The DAG under attack: `dep_in` -> a + b -> `out` (a different queue in each version). */
const dag = (out: string) => linearDag('deployed', 'dep_in', out);

for (const backend of ['pglite', 'postgres'] as Backend[]) {
  describe(`save is not deploy on ${backend}`, () => {
    let t: TestServer;
    let admin: Session;
    let analyst: Session;
    let env: Record<string, string>;
    let drop: (() => Promise<void>) | undefined;

    /** Starts the server on the same data (DATA_DIR, or the same PostgreSQL database) and logs in. */
    const open = async () => {
      // The backend comes from `env` (DATABASE_URL or not): 'pglite' here only means "no fresh database".
      t = await startTestServer('pglite', env);
      admin = await loginAs(t.url, 'admin', ADMIN_PASSWORD);
      analyst = await loginAs(t.url, ANALYST.username, ANALYST.password);
    };
    const close = async () => {
      admin?.close();
      analyst?.close();
      await t?.close();
    };

    beforeAll(async () => {
      const dir = mkdtempSync(join(tmpdir(), 'flow-deploy-'));
      const folder = join(dir, 'dags');
      mkdirSync(folder);
      writeFileSync(join(folder, 'imported.json'), JSON.stringify(linearDag('imported')));
      const database = backend === 'postgres' ? await freshPostgresDatabase() : undefined;
      drop = database?.drop;
      env = {
        DATA_DIR: join(dir, 'data'),
        DAG_CONFIG_FOLDER: folder,
        ...(database ? { DATABASE_URL: database.url } : {}),
      };
      t = await startTestServer('pglite', env);
      admin = await loginAs(t.url, 'admin', ADMIN_PASSWORD);
      analyst = await createUserSession(admin, t.url, { ...ANALYST, role: 'analyst' });
    }, 60_000);
    afterAll(async () => {
      await close();
      await drop?.();
    });

    const versions = async (name = 'deployed') => {
      const summary = (await admin.client.dags.list.query()).find((d) => d.name === name);
      return {
        state: summary?.state,
        deployedVersion: summary?.deployedVersion,
        latestVersion: summary?.latestVersion,
      };
    };
    /** Where the running DAG's publisher writes, as the engine holds it. */
    const runningDestination = async () => {
      const details = await analyst.client.dags.details.query({ name: 'deployed' });
      const publishers = (details.config as { publishers: { config: { destination: string } }[] })
        .publishers;
      return { version: details.version, destination: publishers[0]?.config.destination };
    };
    /** Publishes a test message and answers the queue it reached (of those named). */
    const whereDoesAMessageGo = async (...queues: string[]) => {
      const depths = () => queues.map((q) => t.app.engine.broker.queue(q).depth);
      const before = depths();
      await admin.client.publish.send.mutate({
        dag: 'deployed',
        node: 'src',
        message: { a: 1, b: 2 },
      });
      const until = Date.now() + 10_000;
      while (Date.now() < until) {
        const reached = queues.filter((_q, i) => (depths()[i] ?? 0) > (before[i] ?? 0));
        if (reached.length > 0) {
          await new Promise((r) => setTimeout(r, 100)); // a second copy elsewhere would show now
          return queues.filter((_q, i) => (depths()[i] ?? 0) > (before[i] ?? 0));
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      return [];
    };

    it('records an imported DAG as deployed', async () => {
      expect(await versions('imported')).toEqual({
        state: 'running',
        deployedVersion: 1,
        latestVersion: 1,
      });
      const audit = await admin.client.audit.list.query({ limit: 50 });
      expect(audit).toContainEqual(
        expect.objectContaining({
          actor: 'system',
          action: 'dag.deploy',
          dag: 'imported',
          detail: { from: null, to: 1 },
        }),
      );
    });

    it('keeps running the deployed version when an analyst saves a changed config into a running DAG', async () => {
      await admin.client.dags.save.mutate({ config: dag('dep_out_v1') });
      await admin.client.dags.start.mutate({ name: 'deployed' });
      expect(await versions()).toEqual({ state: 'running', deployedVersion: 1, latestVersion: 1 });

      // The attack: the analyst points the running DAG's output somewhere else and saves.
      expect(await analyst.client.dags.save.mutate({ config: dag('dep_out_v2') })).toEqual({
        name: 'deployed',
        version: 2,
      });
      expect(await versions()).toEqual({ state: 'running', deployedVersion: 1, latestVersion: 2 });
      expect(await runningDestination()).toEqual({
        version: 1,
        destination: 'mem://queue/dep_out_v1',
      });
      expect(await whereDoesAMessageGo('dep_out_v1', 'dep_out_v2')).toEqual(['dep_out_v1']);
      // The designer opens the latest version, and is told which one runs.
      const stored = await analyst.client.dags.get.query({ name: 'deployed' });
      expect([stored.version, stored.deployedVersion, stored.latestVersion]).toEqual([2, 1, 2]);
    });

    it('refuses dags.deploy and a versioned start to an analyst', async () => {
      expect(await codeOf(analyst.client.dags.deploy.mutate({ name: 'deployed' }))).toBe(
        'FORBIDDEN',
      );
      expect(await codeOf(analyst.client.dags.start.mutate({ name: 'deployed', version: 2 }))).toBe(
        'FORBIDDEN',
      );
      expect(await versions()).toEqual({ state: 'running', deployedVersion: 1, latestVersion: 2 });
    });

    it('runs the new version once an admin deploys it, and audits the deploy', async () => {
      expect(await admin.client.dags.deploy.mutate({ name: 'deployed' })).toEqual({
        name: 'deployed',
        deployedVersion: 2,
        latestVersion: 2,
        state: 'running',
      });
      expect(await runningDestination()).toEqual({
        version: 2,
        destination: 'mem://queue/dep_out_v2',
      });
      expect(await whereDoesAMessageGo('dep_out_v1', 'dep_out_v2')).toEqual(['dep_out_v2']);
      const audit = await admin.client.audit.list.query({ limit: 20 });
      expect(audit).toContainEqual(
        expect.objectContaining({
          actor: 'admin',
          action: 'dag.deploy',
          dag: 'deployed',
          detail: { from: 1, to: 2 },
        }),
      );
    });

    it("makes a new version of an analyst's restore, and deploys nothing", async () => {
      expect(await analyst.client.dags.restore.mutate({ name: 'deployed', version: 1 })).toEqual({
        name: 'deployed',
        version: 3,
      });
      expect(await versions()).toEqual({ state: 'running', deployedVersion: 2, latestVersion: 3 });
      expect(await whereDoesAMessageGo('dep_out_v1', 'dep_out_v2')).toEqual(['dep_out_v2']);
    });

    it('keeps a suspended DAG suspended when an admin applies another version', async () => {
      await admin.client.dags.suspend.mutate({ name: 'deployed' });
      expect(await admin.client.dags.deploy.mutate({ name: 'deployed', version: 3 })).toEqual({
        name: 'deployed',
        deployedVersion: 3,
        latestVersion: 3,
        state: 'suspended',
      });
      expect(await runningDestination()).toEqual({
        version: 3,
        destination: 'mem://queue/dep_out_v1',
      });
      expect(await admin.client.dags.resume.mutate({ name: 'deployed' })).toBe('running');
      expect(await codeOf(admin.client.dags.deploy.mutate({ name: 'deployed', version: 99 }))).toBe(
        'NOT_FOUND',
      );
      // Refused by the input schema (its error code is finding 9's: a 400 once zod errors map).
      expect(
        await codeOf(admin.client.dags.deploy.mutate({ name: 'deployed', version: 0 })),
      ).toBeDefined();
      expect(await versions()).toEqual({ state: 'running', deployedVersion: 3, latestVersion: 3 });
    });

    it('runs the deployed version after a server restart, not the latest saved', async () => {
      await analyst.client.dags.save.mutate({ config: dag('dep_out_v4') });
      expect(await versions()).toEqual({ state: 'running', deployedVersion: 3, latestVersion: 4 });
      await close();
      await open();
      expect(await versions()).toEqual({ state: 'running', deployedVersion: 3, latestVersion: 4 });
      expect(await runningDestination()).toEqual({
        version: 3,
        destination: 'mem://queue/dep_out_v1',
      });
      expect(await whereDoesAMessageGo('dep_out_v1', 'dep_out_v4')).toEqual(['dep_out_v1']);
    }, 60_000);

    it('deploys the latest version on a start, or the version the admin names', async () => {
      await admin.client.dags.stop.mutate({ name: 'deployed' });
      expect(await versions()).toEqual({ state: 'stopped', deployedVersion: 3, latestVersion: 4 });
      await admin.client.dags.start.mutate({ name: 'deployed', version: 2 });
      expect(await versions()).toEqual({ state: 'running', deployedVersion: 2, latestVersion: 4 });
      expect(await whereDoesAMessageGo('dep_out_v2', 'dep_out_v4')).toEqual(['dep_out_v2']);
      await admin.client.dags.stop.mutate({ name: 'deployed' });
      await admin.client.dags.start.mutate({ name: 'deployed' });
      expect(await versions()).toEqual({ state: 'running', deployedVersion: 4, latestVersion: 4 });
      expect(await whereDoesAMessageGo('dep_out_v2', 'dep_out_v4')).toEqual(['dep_out_v4']);
      const deploys = (await admin.client.audit.list.query({ limit: 20 }))
        .filter((a) => a.action === 'dag.deploy' && a.dag === 'deployed')
        .map((a) => a.detail);
      expect(deploys.slice(0, 2)).toEqual([
        { from: 2, to: 4 },
        { from: 3, to: 2 },
      ]);
    });

    it('runs exactly the deployed version when saves race deploys', async () => {
      // Five rounds of an analyst's save sent together with an admin's deploy of the version before.
      for (let round = 0; round < 5; round++) {
        const { latestVersion } = await versions();
        await Promise.all([
          analyst.client.dags.save.mutate({ config: dag(`dep_out_race${round}`) }),
          admin.client.dags.deploy.mutate({ name: 'deployed', version: latestVersion }),
        ]);
        const after = await versions();
        expect(after.deployedVersion).toBe(latestVersion);
        expect(after.latestVersion).toBe((latestVersion ?? 0) + 1);
        expect((await runningDestination()).version).toBe(latestVersion);
      }
    });

    it('forgets the deployed version of a deleted DAG saved again under its name', async () => {
      await admin.client.dags.delete.mutate({ name: 'deployed' });
      await analyst.client.dags.save.mutate({ config: dag('dep_out_new') });
      expect(await versions()).toEqual({
        state: 'stopped',
        deployedVersion: null,
        latestVersion: 10,
      });
    });
  });
}
