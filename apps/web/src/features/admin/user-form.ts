import {
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  passwordSchema,
  usernameSchema,
  type Role,
} from '@flow/shared';

/** The roles, least to most powerful, with what each may do. */
export const roleOptions = [
  { value: 'viewer', label: 'viewer', description: 'reads DAGs and live state' },
  { value: 'analyst', label: 'analyst', description: 'designs and saves DAGs' },
  { value: 'admin', label: 'admin', description: 'runs DAGs, publishes, manages users' },
] as const satisfies readonly { value: Role; label: string; description: string }[];

export const isRole = (value: string | null): value is Role =>
  roleOptions.some((r) => r.value === value);

/** What is wrong with a new user's name by the server's rule, if anything. */
export function usernameError(username: string): string | undefined {
  if (!username) return 'Enter a user name';
  if (!usernameSchema.safeParse(username).success)
    return 'Letters, digits, _ . - (2 to 64 characters), starting with a letter';
  return undefined;
}

/** What is wrong with a new password by the server's rule, if anything. */
export function passwordError(password: string): string | undefined {
  const result = passwordSchema.safeParse(password);
  if (result.success) return undefined;
  return result.error.issues[0]?.code === 'too_big'
    ? `At most ${MAX_PASSWORD_LENGTH} characters`
    : `At least ${MIN_PASSWORD_LENGTH} characters`;
}
