// Who is asking, and what they may read: the one definition of roles, grants and visibility that sign-in,
// authorization, the store's read filters and the two-party cycle all build on.

/**
 * A role held within one partnership and one side of it (administrators hold theirs everywhere).
 * - `admin`: everything, including accounts and grants.
 * - `coordinator`: runs one side of one partnership (Japan's side of DK-JP): edits its plans, records meetings,
 *   decides links, opens update rounds, reads that side's internal items.
 * - `contributor`: reports progress and evidence on commitments whose actors include `organization`, nothing else;
 *   reads like a reader of its side.
 * - `reader`: an internal reader of one side: reads what that side may read, writes nothing.
 */
export type Role = 'admin' | 'coordinator' | 'contributor' | 'reader';

export const ROLES: readonly Role[] = ['admin', 'coordinator', 'contributor', 'reader'];

export interface Grant {
  role: Role;
  /** Partnership id (`DK-JP`); null only for `admin`. */
  partnershipId: string | null;
  /** The party whose side this grant is on (`JP`); null only for `admin`. */
  side: string | null;
  /** For `contributor`: the organization id (`JP:meti`) whose commitments they report on. */
  organizationId: string | null;
}

/**
 * Who a person writes for: internal to the author's side, shared with the partner, or public.
 * Ordered from narrowest to widest.
 */
export type Visibility = 'internal' | 'shared' | 'public';

export const VISIBILITIES: readonly Visibility[] = ['internal', 'shared', 'public'];

/** The signed-in account behind a request, or null for the public (anonymous, read-only). */
export interface Account {
  id: string;
  email: string;
  name: string;
  /** Language of pages and e-mail for this person. */
  language: 'en' | 'ja';
}

export interface Principal {
  account: Account | null;
  grants: Grant[];
}

export const PUBLIC: Principal = { account: null, grants: [] };

/** Something a person wrote, as visibility sees it. */
export interface VisibleItem {
  partnershipId: string | null;
  /** The side the item was written on (its author's side); null for items of no side (imported, extracted). */
  side: string | null;
  visibility: Visibility;
}

export const isAdmin = (p: Principal): boolean => p.grants.some((g) => g.role === 'admin');

/**
 * What a principal may read, in the shape the store turns into WHERE clauses:
 * `all` for administrators; otherwise every (partnership, side) they hold a grant on.
 * Public items are readable by everyone; shared items by anyone on either side of the partnership;
 * internal items only on the item's own side.
 */
export type ReadScope = { all: true } | { all: false; sides: { partnershipId: string; side: string }[] };

export function readScope(p: Principal): ReadScope {
  if (isAdmin(p)) return { all: true };
  const seen = new Map<string, { partnershipId: string; side: string }>();
  for (const g of p.grants) {
    if (g.partnershipId && g.side) seen.set(`${g.partnershipId}\u0000${g.side}`, { partnershipId: g.partnershipId, side: g.side });
  }
  return { all: false, sides: [...seen.values()] };
}

/**
 * One string per distinct read scope (`all`, or the sorted partnership/side pairs): what a cache of anything
 * the store's read filters shape is keyed on, so one reader never gets what was computed for another scope.
 */
export function scopeKey(p: Principal): string {
  const scope = readScope(p);
  if (scope.all) return 'all';
  return scope.sides.map((s) => `${s.partnershipId}/${s.side}`).sort().join(',');
}

/** The same rule as the store's filters, for one item already in memory. */
export function canRead(p: Principal, item: VisibleItem): boolean {
  if (item.visibility === 'public') return true;
  const scope = readScope(p);
  if (scope.all) return true;
  if (!item.partnershipId) return false;
  const mine = scope.sides.filter((s) => s.partnershipId === item.partnershipId);
  if (item.visibility === 'shared') return mine.length > 0;
  return item.side !== null && mine.some((s) => s.side === item.side);
}

/**
 * The person at a server nobody has configured sign-in for: it listens on loopback only (`kizuna serve` refuses
 * other addresses until sign-in is set up), so whoever reaches it is the machine's own user, who can already do
 * everything through the CLI. Once accounts exist, requests without a session are the public.
 */
export const LOCAL_ADMINISTRATOR: Principal = {
  account: { id: 'local', email: 'local@localhost', name: 'local', language: 'en' },
  grants: [{ role: 'admin', partnershipId: null, side: null, organizationId: null }],
};
