// Who may do what: the permission every API route and web page declares, and the one rule that decides it
// for a principal and the record acted on. Deny by default: an action not granted below is refused.
import { isAdmin, type Principal } from './principal.js';

/**
 * - `read`: anyone, the public included (what they see is filtered by visibility in the store).
 * - `account`: any signed-in account (its own sessions, signing out).
 * - `upload`: administrators and coordinators of any partnership (documents whose partnership is not yet known).
 * - `coordinate`: administrators and coordinators of the partnership of the target, on either side.
 * - `report`: `coordinate`, or a contributor on that partnership whose organization is an actor of the
 *   target commitment (for a round's assignment: the organization asked); for a progress update, only its
 *   author or a coordinator.
 * - `administer`: administrators only (accounts, grants, loading the demo).
 */
export type Action = 'read' | 'account' | 'upload' | 'coordinate' | 'report' | 'administer';

export const ACTIONS: readonly Action[] = ['read', 'account', 'upload', 'coordinate', 'report', 'administer'];

/** The kinds of record a permission is checked against, named by a path parameter of the route. */
export type TargetKind = 'plan' | 'commitment' | 'mechanism' | 'meeting' | 'proposal' | 'update' | 'amendment' | 'draft' | 'round' | 'assignment';

export interface Permission {
  action: Action;
  /** The record acted on: its kind and the path parameter holding its id (`{kind: 'plan', param: 'id'}`). */
  target?: { kind: TargetKind; param: string };
}

/** What the policy needs to know of a target: its partnership, and for a commitment its actors. */
export interface TargetScope {
  partnershipId: string | null;
  /** Organization ids among the actors of the commitment, or the one an assignment asks (for `report`). */
  organizations: string[];
  /** For a progress update: its author (an account's e-mail). */
  author?: string;
}

const coordinates = (p: Principal, scope: TargetScope) =>
  scope.partnershipId !== null && p.grants.some((g) => g.role === 'coordinator' && g.partnershipId === scope.partnershipId);

const contributes = (p: Principal, scope: TargetScope) =>
  scope.partnershipId !== null &&
  p.grants.some((g) => g.role === 'contributor' && g.partnershipId === scope.partnershipId && g.organizationId !== null && scope.organizations.includes(g.organizationId));

/**
 * Whether `principal` may take `action` on a target of `scope` (null when the permission names no target).
 * A permission that needs a target and has none is refused, except for administrators.
 */
export function allows(principal: Principal, action: Action, scope: TargetScope | null): boolean {
  if (action === 'read') return true;
  if (!principal.account) return false;
  if (action === 'account') return true;
  if (isAdmin(principal)) return true;
  switch (action) {
    case 'administer':
      return false;
    case 'upload':
      return principal.grants.some((g) => g.role === 'coordinator');
    case 'coordinate':
      return scope !== null && coordinates(principal, scope);
    case 'report':
      if (scope === null) return false;
      if (coordinates(principal, scope)) return true;
      return contributes(principal, scope) && (scope.author === undefined || scope.author === principal.account.email);
  }
}

/** Permissions as routes declare them: `permission: READ`, `permission: on('coordinate', 'plan')`. */
export const READ: Permission = { action: 'read' };
export const only = (action: Action): Permission => ({ action });
export const on = (action: Action, kind: TargetKind, param = 'id'): Permission => ({ action, target: { kind, param } });
