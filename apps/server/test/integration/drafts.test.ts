// Drafts (issue 18): a config with problems is stored as its DAG's draft, comes back with its
// problems, is never run or deployed, and goes away at the DAG's next valid save.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '@flow/shared';
import {
  ADMIN_PASSWORD,
  codeOf,
  createUserSession,
  linearDag,
  loginAs,
  problemsOf,
  startTestServer,
  type Backend,
  type Session,
  type TestServer,
} from './harness';

/** The linear DAG without its calculator's arguments: one problem (`missing`). */
const broken = (name: string) => {
  const dag = linearDag(name);
  return { ...dag, calculators: [{ name: 'add', type: 'AdditionCalculator', config: {} }] };
};

for (const backend of ['pglite', 'postgres'] as Backend[]) {
  describe(`drafts on ${backend}`, () => {
    let t: TestServer;
    let admin: Session;
    let analyst: Session;
    let viewer: Session;
    beforeAll(async () => {
      t = await startTestServer(backend);
      admin = await loginAs(t.url, 'admin', ADMIN_PASSWORD);
      analyst = await createUserSession(admin, t.url, {
        username: 'the_analyst',
        password: 'analyst-password-1',
        role: 'analyst',
      });
      viewer = await createUserSession(admin, t.url, {
        username: 'the_viewer',
        password: 'viewer-password-1',
        role: 'viewer',
      });
    }, 60_000);
    afterAll(async () => {
      for (const s of [admin, analyst, viewer]) s?.close();
      await t?.close();
    });

    it('stores a new DAG with problems as a draft only: listed, not startable', async () => {
      const saved = await analyst.client.dags.saveDraft.mutate({ config: broken('fresh') });
      expect(saved).toMatchObject({ name: 'fresh', problems: 1 });

      const draft = await viewer.client.dags.getDraft.query({ name: 'fresh' });
      expect(draft).toMatchObject({
        name: 'fresh',
        savedBy: 'the_analyst',
        problemCount: 1,
        latestVersion: null,
        config: broken('fresh'),
      });
      expect(draft?.problems.map((p) => [p.path, p.code])).toEqual([
        ['$.calculators[0].config.arguments', 'missing'],
      ]);
      expect(await viewer.client.dags.drafts.query()).toEqual([
        expect.objectContaining({ name: 'fresh', problemCount: 1, latestVersion: null }),
      ]);

      // Not a DAG of the engine: neither listed as one nor startable, nor deployable.
      expect((await admin.client.dags.list.query()).map((d) => d.name)).not.toContain('fresh');
      expect(await codeOf(admin.client.dags.start.mutate({ name: 'fresh' }))).toBe('NOT_FOUND');
      expect(await codeOf(admin.client.dags.deploy.mutate({ name: 'fresh' }))).toBe('NOT_FOUND');

      const audit = await admin.client.audit.list.query({ limit: 20 });
      expect(audit).toContainEqual(
        expect.objectContaining({
          actor: 'the_analyst',
          action: 'dag.draft',
          dag: 'fresh',
          detail: { problems: 1 },
        }),
      );
    });

    it('keeps one draft per DAG beside its versions; a valid save removes it', async () => {
      await admin.client.dags.save.mutate({ config: linearDag('kept') });
      await analyst.client.dags.saveDraft.mutate({ config: broken('kept') });
      const second = { ...broken('kept'), description: 'second try' };
      await analyst.client.dags.saveDraft.mutate({ config: second });
      const draft = await analyst.client.dags.getDraft.query({ name: 'kept' });
      expect(draft).toMatchObject({ latestVersion: 1, config: second, problemCount: 1 });
      expect(Date.parse(draft!.savedAt)).toBeGreaterThanOrEqual(Date.parse(draft!.latestSavedAt!));
      // The stored version is untouched.
      expect((await admin.client.dags.get.query({ name: 'kept' })).config).toEqual(
        linearDag('kept'),
      );

      expect(await analyst.client.dags.save.mutate({ config: linearDag('kept') })).toMatchObject({
        version: 2,
      });
      expect(await analyst.client.dags.getDraft.query({ name: 'kept' })).toBeNull();
      expect((await viewer.client.dags.drafts.query()).map((d) => d.name)).not.toContain('kept');
    });

    it('refuses a draft past the limits or without a valid DAG name (400)', async () => {
      const noName = { ...broken('x'), name: 'not a name' };
      expect(
        (await problemsOf(analyst.client.dags.saveDraft.mutate({ config: noName })))[0],
      ).toMatchObject({ path: '$.name', code: 'invalid_name' });
      const { name: _name, ...nameless } = broken('x');
      expect(
        (await problemsOf(analyst.client.dags.saveDraft.mutate({ config: nameless })))[0],
      ).toMatchObject({ path: '$.name', code: 'missing' });
      expect(
        (await problemsOf(analyst.client.dags.saveDraft.mutate({ config: [1, 2] })))[0],
      ).toMatchObject({ code: 'invalid_type' });

      let deep: unknown = 1;
      for (let i = 0; i < MAX_JSON_DEPTH + 5; i++) deep = [deep];
      const tooDeep = { ...broken('deep'), description: deep };
      const problems = await problemsOf(analyst.client.dags.saveDraft.mutate({ config: tooDeep }));
      expect(problems.map((p) => p.code)).toContain('too_deep');
      const long = { ...broken('long'), description: 'x'.repeat(2_000_000) };
      // Past the body limit (1 MiB): refused before any procedure (413).
      await expect(analyst.client.dags.saveDraft.mutate({ config: long })).rejects.toThrow();
      expect(await analyst.client.dags.getDraft.query({ name: 'long' })).toBeNull();
      expect(await analyst.client.dags.getDraft.query({ name: 'deep' })).toBeNull();
    });

    it('lets a viewer read drafts but not save one', async () => {
      expect(
        await codeOf(viewer.client.dags.saveDraft.mutate({ config: broken('viewer_draft') })),
      ).toBe('FORBIDDEN');
      expect(await viewer.client.dags.getDraft.query({ name: 'viewer_draft' })).toBeNull();
    });

    it('never shows a stored secret of a draft', async () => {
      const secret = {
        ...broken('secretive'),
        subscribers: [
          {
            name: 'in',
            config: { source: 'redis://list/in', url: 'redis://user:hunter2@127.0.0.1:6379' },
          },
        ],
      };
      await admin.client.dags.saveDraft.mutate({ config: secret });
      const draft = await viewer.client.dags.getDraft.query({ name: 'secretive' });
      expect(JSON.stringify(draft)).not.toContain('hunter2');
    });

    it('deletes the draft with its DAG', async () => {
      await admin.client.dags.save.mutate({ config: linearDag('gone') });
      await analyst.client.dags.saveDraft.mutate({ config: broken('gone') });
      await admin.client.dags.delete.mutate({ name: 'gone' });
      expect(await viewer.client.dags.getDraft.query({ name: 'gone' })).toBeNull();
    });
  });
}
