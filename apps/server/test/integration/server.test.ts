import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  codeOf,
  connect,
  linearDag,
  loginAs,
  startTestServer,
  type Backend,
  type TestServer,
} from './harness';

for (const backend of ['pglite', 'postgres'] as Backend[]) {
  describe(`server on ${backend}`, () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await startTestServer(backend);
    }, 60_000);
    afterAll(async () => {
      await t?.close();
    });

    it('saves, starts, publishes a test message, streams it on the state subscription, and stops', async () => {
      const admin = await loginAs(t.url, 'admin', ADMIN_PASSWORD);
      expect(await admin.client.auth.me.query()).toEqual({ username: 'admin', role: 'admin' });
      const saved = await admin.client.dags.save.mutate({ config: linearDag('flow_live') });
      expect(saved).toEqual({ name: 'flow_live', version: 1 });
      await admin.client.dags.start.mutate({ name: 'flow_live' });

      const events: {
        type: string;
        nodes: { name: string; output?: unknown; computeCount: number }[];
      }[] = [];
      const subscription = admin.client.state.watch.subscribe(
        { dag: 'flow_live', inspect: 'calc' },
        { onData: (e) => events.push(e.data as (typeof events)[number]) },
      );
      const waitFor = async (test: () => boolean, what: string) => {
        const until = Date.now() + 10_000;
        while (!test()) {
          if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
          await new Promise((r) => setTimeout(r, 20));
        }
      };
      await waitFor(() => events.length > 0, 'the snapshot');
      expect(events[0]?.type).toBe('snapshot');
      expect(events[0]?.nodes.map((n) => n.name)).toEqual(['src', 'calc', 'sink']);

      await admin.client.publish.send.mutate({
        dag: 'flow_live',
        node: 'src',
        message: { a: 1, b: 2 },
      });
      await waitFor(
        () =>
          events.some(
            (e) =>
              e.type === 'delta' &&
              e.nodes.some((n) => n.name === 'calc' && JSON.stringify(n.output) === '{"sum":3}'),
          ),
        'the computed sum in a delta',
      );
      subscription.unsubscribe();
      // Only the inspected node comes with its input and output; the others with their figures.
      const delta = events.findLast((e) => e.nodes.some((n) => n.name === 'src'));
      const src = delta?.nodes.find((n) => n.name === 'src');
      expect(src?.computeCount).toBe(1);
      expect(src).not.toHaveProperty('output');

      const details = await admin.client.dags.details.query({ name: 'flow_live' });
      expect(details.nodes.find((n) => n.name === 'calc')?.output).toEqual({ sum: 3 });
      expect(await admin.client.dags.stop.mutate({ name: 'flow_live' })).toBe('stopped');
      const audit = await admin.client.audit.list.query({ limit: 10 });
      expect(audit.map((a) => a.action)).toEqual(
        expect.arrayContaining(['dag.save', 'dag.start', 'dag.publish', 'dag.stop']),
      );
      admin.close();
    });

    it('refuses a bad config with every problem, and an unknown DAG as not found', async () => {
      const admin = await loginAs(t.url, 'admin', ADMIN_PASSWORD);
      const bad = { ...linearDag('bad dag'), edges: [{ from: 'src', to: 'nowhere' }] };
      const error = await admin.client.dags.save.mutate({ config: bad }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TRPCClientError);
      const data = (error as TRPCClientError<never>).data as unknown as {
        code: string;
        problems: { path: string; code: string }[];
      };
      expect(data.code).toBe('BAD_REQUEST');
      expect(data.problems.map((p) => [p.path, p.code])).toEqual(
        expect.arrayContaining([
          ['$.name', 'invalid_name'],
          ['$.edges[0].to', 'unknown_reference'],
        ]),
      );
      const validation = await admin.client.dags.validate.mutate({ config: bad });
      expect(validation.ok).toBe(false);
      expect(await codeOf(admin.client.dags.details.query({ name: 'no_such_dag' }))).toBe(
        'NOT_FOUND',
      );
      expect(await codeOf(admin.client.dags.start.mutate({ name: 'no_such_dag' }))).toBe(
        'NOT_FOUND',
      );
      admin.close();
    });

    it('keeps every save as a version with its author, and restores an old one as a new version', async () => {
      const admin = await loginAs(t.url, 'admin', ADMIN_PASSWORD);
      await admin.client.dags.save.mutate({ config: linearDag('versioned') });
      const v2 = { ...linearDag('versioned'), description: 'second' };
      await admin.client.dags.save.mutate({ config: v2, comment: 'describe it' });
      const history = await admin.client.dags.history.query({ name: 'versioned' });
      expect(history.map((h) => [h.version, h.author])).toEqual([
        [2, 'admin'],
        [1, 'admin'],
      ]);
      expect(await admin.client.dags.restore.mutate({ name: 'versioned', version: 1 })).toEqual({
        name: 'versioned',
        version: 3,
      });
      expect(
        (await admin.client.dags.get.query({ name: 'versioned' })).config.description,
      ).toBeUndefined();
      admin.close();
    });

    it('never returns credentials of component configs, and keeps them when a redacted config is saved back', async () => {
      const admin = await loginAs(t.url, 'admin', ADMIN_PASSWORD);
      const config = {
        ...linearDag('secretive'),
        subscribers: [
          {
            name: 'in',
            config: { source: 'redis://list/jobs', url: 'redis://user:s3cret@127.0.0.1:1' },
          },
        ],
      };
      await admin.client.dags.save.mutate({ config });
      const fetched = await admin.client.dags.get.query({ name: 'secretive' });
      expect(JSON.stringify(fetched)).not.toContain('s3cret');
      await admin.client.dags.save.mutate({ config: { ...fetched.config, description: 'edited' } });
      const stored = await t.app.dags.get('secretive');
      expect(JSON.stringify(stored?.config)).toContain('s3cret');
      admin.close();
    });

    it('lists the catalog with JSON Schemas and defaults for the palette', async () => {
      const admin = await loginAs(t.url, 'admin', ADMIN_PASSWORD);
      const catalog = await admin.client.catalog.list.query();
      const addition = catalog.find((c) => c.type === 'AdditionCalculator');
      expect(addition).toMatchObject({ kind: 'calculator', plugin: false });
      expect(addition?.schema).toMatchObject({
        type: 'object',
        properties: { arguments: { type: 'array' } },
      });
      // The help's example and descriptions come with it (issue 18).
      expect(addition?.example?.output).toEqual({ sum: 5.5 });
      expect(
        catalog.find((c) => c.kind === 'subscriber' && c.type === 'file')?.description,
      ).toMatch(/JSON lines/);
      expect(
        catalog.some((c) => c.kind === 'subscriber' && c.type === 'kafka') ||
          catalog.some((c) => c.type === 'redis'),
      ).toBe(true);
      admin.close();
    });

    it('refuses anonymous callers, cross-site mutations and wrong passwords', async () => {
      const anonymous = connect(t.url);
      expect(await codeOf(anonymous.client.dags.list.query())).toBe('UNAUTHORIZED');
      expect(
        await codeOf(anonymous.client.auth.login.mutate({ username: 'admin', password: 'wrong' })),
      ).toBe('UNAUTHORIZED');
      const crossSite = connect(t.url, { csrf: false });
      expect(
        await codeOf(
          crossSite.client.auth.login.mutate({ username: 'admin', password: ADMIN_PASSWORD }),
        ),
      ).toBe('FORBIDDEN');
      anonymous.close();
      crossSite.close();
    });

    it('refuses bodies over the size limit', async () => {
      const admin = await loginAs(t.url, 'admin', ADMIN_PASSWORD);
      const huge = { config: { ...linearDag('huge'), description: 'x'.repeat(2 * 1024 * 1024) } };
      const response = await fetch(`${t.url}/trpc/dags.save`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-flow-request': '1',
          cookie: admin.cookie() ?? '',
        },
        body: JSON.stringify(huge),
      });
      expect(response.status).toBe(413);
      admin.close();
    });

    it('serves health, readiness and Prometheus metrics', async () => {
      expect(await (await fetch(`${t.url}/healthz`)).json()).toEqual({ ok: true });
      expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
      const metrics = await (await fetch(`${t.url}/metrics`)).text();
      expect(metrics).toMatch(/# TYPE flow_node_messages_in_total counter/);
      expect(metrics).toMatch(
        /flow_node_messages_out_total\{dag="flow_live",node="calc",type="CalculationNode"\} 1/,
      );
    });
  });
}
