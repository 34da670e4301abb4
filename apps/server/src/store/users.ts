import type { Role, User } from '@flow/shared';
import type { Database } from './database';

/** Roles and users are the API's, written once in @flow/shared. */
export { roles, type Role, type User } from '@flow/shared';

interface UserRow {
  id: string | number;
  username: string;
  role: Role;
  disabled: boolean;
  created_at: string | Date;
  password_hash: string;
}

const toUser = (r: UserRow): User => ({
  id: Number(r.id),
  username: r.username,
  role: r.role,
  disabled: r.disabled,
  createdAt: new Date(r.created_at).toISOString(),
});

export class UserStore {
  constructor(private readonly db: Database) {}

  async count(): Promise<number> {
    const [row] = await this.db.query<{ n: string | number }>('SELECT count(*) AS n FROM users');
    return Number(row?.n ?? 0);
  }

  async create(username: string, passwordHash: string, role: Role): Promise<User> {
    const [row] = await this.db.query<UserRow>(
      'INSERT INTO users (username, password_hash, role) VALUES ($1, $2, $3) RETURNING *',
      [username, passwordHash, role],
    );
    return toUser(row as UserRow);
  }

  /** The user and its password hash, for login only. */
  async findForLogin(username: string): Promise<{ user: User; passwordHash: string } | undefined> {
    const [row] = await this.db.query<UserRow>('SELECT * FROM users WHERE username = $1', [
      username,
    ]);
    return row ? { user: toUser(row), passwordHash: row.password_hash } : undefined;
  }

  async get(id: number): Promise<User | undefined> {
    const [row] = await this.db.query<UserRow>('SELECT * FROM users WHERE id = $1', [id]);
    return row ? toUser(row) : undefined;
  }

  async list(): Promise<User[]> {
    return (await this.db.query<UserRow>('SELECT * FROM users ORDER BY username')).map(toUser);
  }

  /**
   * Changes a user's role; refused (`'last_admin'`) when it would leave no enabled admin. One
   * statement that locks the enabled admins' rows, so two admins demoting each other at once
   * cannot both succeed.
   */
  async setRole(id: number, role: Role): Promise<User | undefined | 'last_admin'> {
    const [row] = await this.db.query<UserRow>(
      `${LOCK_ADMINS}
       UPDATE users SET role = $2 WHERE id = $1
          AND ($2 = 'admin' OR ${KEEPS_AN_ADMIN})
       RETURNING *`,
      [id, role],
    );
    return row ? toUser(row) : this.refusal(id);
  }

  async setPassword(id: number, passwordHash: string): Promise<User | undefined> {
    const [row] = await this.db.query<UserRow>(
      'UPDATE users SET password_hash = $2 WHERE id = $1 RETURNING *',
      [id, passwordHash],
    );
    return row ? toUser(row) : undefined;
  }

  /** Disables or enables a user; refused (`'last_admin'`) when it would leave no enabled admin. */
  async setDisabled(id: number, disabled: boolean): Promise<User | undefined | 'last_admin'> {
    const [row] = await this.db.query<UserRow>(
      `${LOCK_ADMINS}
       UPDATE users SET disabled = $2 WHERE id = $1
          AND (NOT $2 OR ${KEEPS_AN_ADMIN})
       RETURNING *`,
      [id, disabled],
    );
    return row ? toUser(row) : this.refusal(id);
  }

  /** Why an update of an existing user's row changed nothing: the last admin; else no such user. */
  private async refusal(id: number): Promise<undefined | 'last_admin'> {
    return (await this.get(id)) ? 'last_admin' : undefined;
  }
}

/** The enabled admins, locked until the statement's transaction ends. */
const LOCK_ADMINS = `WITH admins AS (
  SELECT id FROM users WHERE role = 'admin' AND NOT disabled FOR UPDATE
)`;
/** The user $1 is not an enabled admin, or another enabled admin remains. */
const KEEPS_AN_ADMIN = `(NOT EXISTS (SELECT 1 FROM admins WHERE id = $1)
  OR EXISTS (SELECT 1 FROM admins WHERE id <> $1))`;
