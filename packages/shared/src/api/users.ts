import { z } from 'zod';
import { passwordSchema, roleSchema, usernameSchema } from './auth';

/** The API of user management (admins only). */

const userId = z.int();

export const createUserInputSchema = z.object({
  username: usernameSchema,
  password: passwordSchema,
  role: roleSchema,
});
export type CreateUserInput = z.infer<typeof createUserInputSchema>;

export const setRoleInputSchema = z.object({ id: userId, role: roleSchema });
export const resetPasswordInputSchema = z.object({ id: userId, password: passwordSchema });
export const setDisabledInputSchema = z.object({ id: userId, disabled: z.boolean() });

/** A user as `users.list` and the `users.*` mutations answer: never its password hash. */
export const userSchema = z
  .object({
    id: z.int(),
    username: z.string(),
    role: roleSchema,
    disabled: z.boolean(),
    createdAt: z.string(),
  })
  .readonly();
export type User = z.infer<typeof userSchema>;
