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

let dummy: Promise<string> | undefined;
/**
 * The hash of a random password, made once: login verifies against it for an unknown or disabled
 * user so that the answer takes as long as for a real one.
 */
export const dummyHash = (): Promise<string> => (dummy ??= hash(randomPassword()));

/** A password for the first admin: 18 random bytes, URL-safe. */
export const randomPassword = (): string => randomBytes(18).toString('base64url');
