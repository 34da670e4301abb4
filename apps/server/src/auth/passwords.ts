import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

/** argon2id (the library's default algorithm) with its recommended parameters. */
export const hashPassword = (password: string): Promise<string> => hash(password);

export const verifyPassword = async (passwordHash: string, password: string): Promise<boolean> => {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
};

/** A password for the first admin: 18 random bytes, URL-safe. */
export const randomPassword = (): string => randomBytes(18).toString('base64url');
