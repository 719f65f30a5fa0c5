/**
 * The one rule for a user name, at every login and in chat's `/users/:u` and frames:
 * 1 to 64 letters, digits, '_', '.' or '-'. Safe in a URL, a Redis key, a log line and
 * a cookie, and short enough that a token naming it stays far below any header limit.
 */
export const USER_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/** What a 400 says about a bad user name (only its first 80 characters are echoed). */
export function userNameError(user: string): string {
  const shown = user.length > 80 ? `${user.slice(0, 80)}… (${user.length} characters)` : user;
  return `expected the user to be 1 to 64 letters, digits, '_', '.' or '-', got \`${shown}\``;
}
