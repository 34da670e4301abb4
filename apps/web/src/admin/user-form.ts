import type { Role } from '../trpc';

/** The roles, least to most powerful, with what each may do. */
export const roleOptions = [
  { value: 'viewer', label: 'viewer', description: 'reads DAGs and live state' },
  { value: 'analyst', label: 'analyst', description: 'designs and saves DAGs' },
  { value: 'admin', label: 'admin', description: 'runs DAGs, publishes, manages users' },
] as const satisfies readonly { value: Role; label: string; description: string }[];

export const isRole = (value: string | null): value is Role =>
  roleOptions.some((r) => r.value === value);

/** The server's rule for user names. */
const USERNAME = /^[A-Za-z][A-Za-z0-9_.-]{1,63}$/;

export function usernameError(username: string): string | undefined {
  if (!username) return 'Enter a user name';
  if (!USERNAME.test(username))
    return 'Letters, digits, _ . - (2 to 64 characters), starting with a letter';
  return undefined;
}

export function passwordError(password: string): string | undefined {
  if (password.length < 8) return 'At least 8 characters';
  if (password.length > 1000) return 'At most 1000 characters';
  return undefined;
}
