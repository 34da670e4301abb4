import type { Database } from './database';

/** The schema, one migration per step, applied in order at start to PostgreSQL and PGlite alike. */
export const migrations: readonly {
  readonly id: number;
  readonly name: string;
  readonly sql: string;
}[] = [
  {
    id: 1,
    name: 'users, sessions, dags, versions, audit',
    sql: `
      CREATE TABLE users (
        id bigserial PRIMARY KEY,
        username text NOT NULL UNIQUE,
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
        disabled boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE sessions (
        id text PRIMARY KEY,
        user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      );
      CREATE INDEX sessions_user ON sessions (user_id);
      CREATE TABLE dags (
        name text PRIMARY KEY,
        current_version integer NOT NULL,
        desired_state text NOT NULL DEFAULT 'stopped' CHECK (desired_state IN ('stopped', 'running', 'suspended')),
        deleted boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE dag_versions (
        dag_name text NOT NULL REFERENCES dags (name) ON DELETE CASCADE,
        version integer NOT NULL,
        config jsonb NOT NULL,
        author text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        comment text,
        PRIMARY KEY (dag_name, version)
      );
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        action text NOT NULL,
        dag text,
        detail jsonb
      );
      CREATE INDEX audit_log_at ON audit_log (at DESC);
    `,
  },
  {
    id: 2,
    name: 'file read positions',
    sql: `
      CREATE TABLE file_positions (
        dag_name text NOT NULL,
        subscriber text NOT NULL,
        file text NOT NULL,
        byte_offset bigint NOT NULL CHECK (byte_offset >= 0),
        line bigint NOT NULL CHECK (line >= 0),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (dag_name, subscriber, file)
      );
    `,
  },
  {
    id: 3,
    name: 'named connections managed by admins',
    sql: `
      CREATE TABLE connections (
        kind text NOT NULL CHECK (kind IN ('kafka', 'redis', 'stomp', 'sql')),
        name text NOT NULL,
        settings jsonb NOT NULL,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (kind, name)
      );
    `,
  },
  {
    // Save is not deploy: a running DAG runs the version an admin deployed, not the latest saved.
    // A DAG running before this migration was running its latest version.
    id: 4,
    name: 'deployed version per DAG',
    sql: `
      ALTER TABLE dags ADD COLUMN deployed_version integer;
      UPDATE dags SET deployed_version = current_version WHERE desired_state <> 'stopped';
    `,
  },
  {
    // A cluster: the newest run lock's epoch per DAG (older holders' writes are refused), and the
    // secret the instances call each other with.
    id: 5,
    name: 'cluster fencing epochs and secret',
    sql: `
      CREATE TABLE dag_fences (
        dag_name text PRIMARY KEY,
        epoch bigint NOT NULL
      );
      CREATE TABLE cluster_secret (
        id integer PRIMARY KEY CHECK (id = 1),
        secret text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
  {
    // Drafts (issue 18): one per DAG name, with its problems; never loaded by the engine, which
    // loads dag_versions only. A valid save of the DAG removes its draft.
    id: 6,
    name: 'dag drafts',
    sql: `
      CREATE TABLE dag_drafts (
        name text PRIMARY KEY,
        config jsonb NOT NULL,
        problems jsonb NOT NULL,
        saved_by text NOT NULL,
        saved_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
];

export async function migrate(db: Database): Promise<number[]> {
  await db.exec(
    `CREATE TABLE IF NOT EXISTS schema_migrations (id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
  );
  const applied = new Set(
    (await db.query<{ id: number }>('SELECT id FROM schema_migrations')).map((r) => r.id),
  );
  const done: number[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.id)) continue;
    await db.transaction(async (tx) => {
      for (const statement of migration.sql
        .split(';')
        .map((s) => s.trim())
        .filter(Boolean))
        await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [
        migration.id,
        migration.name,
      ]);
    });
    done.push(migration.id);
  }
  return done;
}
