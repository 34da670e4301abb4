import { randomBytes } from 'node:crypto';
import type { Database } from './database';
import type { Role, User } from './users';

export interface Session {
  readonly id: string;
  readonly user: User;
  readonly expiresAt: number;
}

export class SessionStore {
  constructor(
    private readonly db: Database,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async create(userId: number): Promise<string> {
    const id = randomBytes(32).toString('base64url');
    await this.db.query('INSERT INTO sessions (id, user_id, expires_at) VALUES ($1, $2, $3)', [
      id,
      userId,
      new Date(this.now() + this.ttlMs).toISOString(),
    ]);
    return id;
  }

  /** The live session of an enabled user, or nothing. */
  async find(id: string): Promise<Session | undefined> {
    const [row] = await this.db.query<{
      id: string;
      expires_at: string | Date;
      user_id: string | number;
      username: string;
      role: Role;
      disabled: boolean;
      created_at: string | Date;
    }>(
      `SELECT s.id, s.expires_at, u.id AS user_id, u.username, u.role, u.disabled, u.created_at
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = $1 AND s.expires_at > $2 AND NOT u.disabled`,
      [id, new Date(this.now()).toISOString()],
    );
    if (!row) return undefined;
    return {
      id: row.id,
      expiresAt: new Date(row.expires_at).getTime(),
      user: {
        id: Number(row.user_id),
        username: row.username,
        role: row.role,
        disabled: row.disabled,
        createdAt: new Date(row.created_at).toISOString(),
      },
    };
  }

  async delete(id: string): Promise<void> {
    await this.db.query('DELETE FROM sessions WHERE id = $1', [id]);
  }

  async deleteForUser(userId: number): Promise<void> {
    await this.db.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
  }

  async purgeExpired(): Promise<void> {
    await this.db.query('DELETE FROM sessions WHERE expires_at <= $1', [
      new Date(this.now()).toISOString(),
    ]);
  }
}
