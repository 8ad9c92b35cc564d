// Who may do what: the permission every API route and web page declares, and the one rule that decides it
// for a principal and the record acted on. Deny by default: an action not granted below is refused.
import { isAdmin, type Principal } from './principal.js';

/**
 * - `read`: anyone, the public included (what they see is filtered by visibility in the store).
 * - `account`: any signed-in account (its own sessions, signing out).
 * - `upload`: administrators and coordinators of any partnership (documents whose partnership is not yet known);
 *   on an upload draft, only the person who uploaded it.
 * - `coordinate`: administrators and coordinators of the partnership of the target, on either side for what
 *   both sides share (plans, commitments, mechanisms, answering an amendment); for an item written on one side
 *   (a progress update, meeting record, link proposal, the amendment a side proposed) only that side's
 *   coordinators; for an upload draft, its uploader when they coordinate the partnership.
 * - `report`: `coordinate`, or a contributor on that partnership whose organization is an actor of the
 *   target commitment (for a round's assignment: the organization asked); for a progress update, only its
 *   author or a coordinator of its side.
 * - `administer`: administrators only (accounts, grants, loading the demo).
 */
export type Action = 'read' | 'account' | 'upload' | 'coordinate' | 'report' | 'administer';

export const ACTIONS: readonly Action[] = ['read', 'account', 'upload', 'coordinate', 'report', 'administer'];

/** The kinds of record a permission is checked against, named by a path parameter of the route. */
export type TargetKind = 'plan' | 'commitment' | 'mechanism' | 'meeting' | 'proposal' | 'update' | 'amendment' | 'proposed-amendment' | 'draft' | 'round' | 'assignment';

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
  /**
   * For something one side wrote (a progress update, meeting record or link proposal: its side; an amendment
   * being withdrawn: the side that proposed it): only that side acts on it. Null, an item of no side (imported,
   * or written by an administrator for no party), leaves it to administrators. Absent: both sides share it.
   */
  side?: string | null;
  /** For an upload draft: the account that uploaded it, the only one besides administrators who may see or save it. */
  uploader?: string;
}

/** A coordinator of the target's partnership, and of the target's side when it belongs to one. */
const coordinates = (p: Principal, scope: TargetScope) =>
  scope.partnershipId !== null &&
  scope.side !== null &&
  p.grants.some((g) => g.role === 'coordinator' && g.partnershipId === scope.partnershipId && (scope.side === undefined || g.side === scope.side));

const uploaded = (p: Principal, scope: TargetScope | null) => scope?.uploader === undefined || scope.uploader === p.account?.email;

const contributes = (p: Principal, scope: TargetScope) =>
  scope.partnershipId !== null &&
  scope.side !== null &&
  p.grants.some(
    (g) => g.role === 'contributor' && g.partnershipId === scope.partnershipId && (scope.side === undefined || g.side === scope.side) && g.organizationId !== null && scope.organizations.includes(g.organizationId),
  );

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
      return principal.grants.some((g) => g.role === 'coordinator') && uploaded(principal, scope);
    case 'coordinate':
      return scope !== null && coordinates(principal, scope) && uploaded(principal, scope);
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
