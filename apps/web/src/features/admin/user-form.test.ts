import { describe, expect, it } from 'vitest';
import { isRole, passwordError, usernameError } from './user-form';

describe('user form checks', () => {
  it('follows the server rule for user names', () => {
    expect(usernameError('alice')).toBeUndefined();
    expect(usernameError('a.b-c_1')).toBeUndefined();
    expect(usernameError('')).toBe('Enter a user name');
    expect(usernameError('a')).toBeDefined();
    expect(usernameError('1abc')).toBeDefined();
    expect(usernameError('al ice')).toBeDefined();
  });

  it('wants passwords of at least 8 characters', () => {
    expect(passwordError('1234567')).toBe('At least 8 characters');
    expect(passwordError('12345678')).toBeUndefined();
  });

  it('knows the roles', () => {
    expect(isRole('analyst')).toBe(true);
    expect(isRole('root')).toBe(false);
    expect(isRole(null)).toBe(false);
  });
});
