export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

export const roleAtLeast = (role: Role, required: Role): boolean => RANK[role] >= RANK[required];

/** What an API token may be allowed to do; each scope maps to the role it stands in for. */
export const TOKEN_SCOPES = ['read', 'score', 'operate'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/**
 * The token scopes a role may hold (tokens never stand in for admin). A token is created within
 * its owner's scopes and, when used, acts only within its owner's current ones: demoting a user
 * narrows their tokens at once.
 */
export const ROLE_SCOPES: Record<Role, readonly TokenScope[]> = {
  viewer: ['read'],
  operator: ['read', 'score', 'operate'],
  admin: ['read', 'score', 'operate'],
};
