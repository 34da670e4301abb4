import { z } from 'zod';

/**
 * The API of signing in, and the rules for user names, passwords and roles that the server
 * enforces and the web's forms check before sending.
 */

/** The roles, least to most powerful. */
export const roles = ['viewer', 'analyst', 'admin'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

export const USERNAME_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]{1,63}$/;
/** The rule for a new user's name. */
export const usernameSchema = z.string().regex(USERNAME_PATTERN, {
  error: 'letters, digits, _ . - (2 to 64), starting with a letter',
});

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 1000;
/** The rule for a new password (creating a user, resetting a password). */
export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, { error: `at least ${MIN_PASSWORD_LENGTH} characters` })
  .max(MAX_PASSWORD_LENGTH);

/** `auth.login`: any name and password within bounds; a wrong one is refused as wrong, not as invalid. */
export const loginInputSchema = z.object({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});
export type LoginInput = z.infer<typeof loginInputSchema>;

/** Who is signed in: `auth.login`'s answer, and `auth.me`'s (null when nobody is). */
export const sessionUserSchema = z.object({ username: z.string(), role: roleSchema });
export type SessionUser = z.infer<typeof sessionUserSchema>;
