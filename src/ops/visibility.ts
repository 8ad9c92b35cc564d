// Visibility as user actions: which side an author writes on, what an item is visible to when written, and
// the audited changes: an item's visibility, a partnership's default, a plan's publication.
import type { Kysely } from 'kysely';
import { isAdmin, LOCAL_ADMINISTRATOR, VISIBILITIES, type Principal, type Visibility } from '../auth/principal.js';
import type { Database, Store } from '../store/index.js';
import { appendEvent } from '../store/events.js';
import { homeOf, itemVisibility, partnershipSettings, setDefaultVisibility, setItemVisibility, setPlanPublished, type ItemHome, type PartnershipSetting, type VisibleItemKind } from '../store/visibility.js';
import type { ItemVisibility } from '../store/tracking.js';
import { KizunaError, NotFoundError } from '../errors.js';
import { homeParty } from './plan-store.js';

export type { VisibleItemKind, PartnershipSetting } from '../store/visibility.js';

/**
 * The side a person writes on in a partnership: the side of their grant on it; for an administrator with no
 * grant there (the local administrator, the CLI), the register's home party (`KIZUNA_HOME_PARTY`, JP) when
 * it is a party of the partnership, else none (an item of no side is internal to administrators only).
 */
export function sideOf(principal: Principal, home: Pick<ItemHome, 'partnershipId' | 'parties'>): string | null {
  const grant = principal.grants.find((g) => g.partnershipId !== null && g.partnershipId === home.partnershipId && g.side);
  if (grant) return grant.side;
  if (isAdmin(principal)) return home.parties.includes(homeParty()) ? homeParty() : null;
  return null;
}

/** Checks a visibility given by a form or the API: 'internal', 'shared' or 'public'; absent → undefined. */
export function readVisibility(value: unknown, field = 'visibility'): Visibility | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string' && (VISIBILITIES as readonly string[]).includes(value)) return value as Visibility;
  throw new KizunaError('invalid-request', { key: 'error.visibility.value', params: { field, value: String(value) } }, [{ name: field, reason: 'must be internal, shared or public' }]);
}

/** What an item written by `principal` about `about` is stored with: its partnership, the author's side, the visibility asked for or the partnership's default. */
export async function visibilityFor(
  db: Kysely<Database>,
  about: { plan: string } | { commitment: string } | { mechanism: string },
  principal: Principal = LOCAL_ADMINISTRATOR,
  visibility?: Visibility,
): Promise<ItemVisibility> {
  const home = await homeOf(db, about);
  if (!home) throw new NotFoundError(Object.keys(about)[0]!, Object.values(about)[0]!);
  return { partnershipId: home.partnershipId, side: sideOf(principal, home), visibility: visibility ?? home.defaultVisibility };
}

/** True when `principal` coordinates a side of `partnershipId` (or administers everything). */
export function coordinates(principal: Principal, partnershipId: string | null): boolean {
  return isAdmin(principal) || principal.grants.some((g) => g.role === 'coordinator' && g.partnershipId !== null && g.partnershipId === partnershipId);
}

const refuse = (what: string, whose: 'partnership' | 'side' = 'partnership') => new KizunaError('forbidden', { key: whose === 'side' ? 'error.visibility.refusedSide' : 'error.visibility.refused', params: { what } });

/**
 * Changes who may read an item (a progress update, meeting record, link decision or correction), audited
 * with the visibility before and after. Its author's side keeps it: only a coordinator of that side (or an
 * administrator) may widen or narrow it, so one side never publishes, or hides, what the other side wrote.
 */
export async function changeVisibility(store: Store, kind: VisibleItemKind, id: string, visibility: Visibility, author: string, principal: Principal = LOCAL_ADMINISTRATOR): Promise<{ before: Visibility; after: Visibility }> {
  return store.db.transaction().execute(async (trx) => {
    const item = await itemVisibility(trx, kind, id);
    if (!item) throw new NotFoundError(kind.replace('_', ' '), id);
    const ownSide = principal.grants.some((g) => g.role === 'coordinator' && g.partnershipId === item.partnershipId && g.side !== null && g.side === item.side);
    if (!isAdmin(principal) && !ownSide) throw refuse(`${kind} ${id}`, 'side');
    if (item.visibility !== visibility) {
      await setItemVisibility(trx, kind, id, visibility);
      await appendEvent(trx, { actor: author, entity: kind, entityId: id, action: 'visibility', before: { visibility: item.visibility }, after: { visibility } });
    }
    return { before: item.visibility, after: visibility };
  });
}

/** Every partnership with its default visibility. */
export function partnerships(store: Store): Promise<PartnershipSetting[]> {
  return partnershipSettings(store.db);
}

/** Sets the visibility a partnership's items get unless their author chooses; its coordinators and administrators may. Audited. */
export async function changeDefaultVisibility(store: Store, partnershipId: string, visibility: Visibility, author: string, principal: Principal = LOCAL_ADMINISTRATOR): Promise<{ before: Visibility; after: Visibility }> {
  if (!coordinates(principal, partnershipId)) throw refuse(`partnership ${partnershipId}`);
  return store.db.transaction().execute(async (trx) => {
    const before = await setDefaultVisibility(trx, partnershipId, visibility);
    if (before === null) throw new NotFoundError('partnership', partnershipId);
    if (before !== visibility) await appendEvent(trx, { actor: author, entity: 'partnership', entityId: partnershipId, action: 'default-visibility', before: { defaultVisibility: before }, after: { defaultVisibility: visibility } });
    return { before, after: visibility };
  });
}

/** Publishes a plan (everyone may read it and its commitments) or takes it back to a draft under negotiation. Audited. */
export async function publishPlan(store: Store, planId: string, published: boolean, author: string, principal: Principal = LOCAL_ADMINISTRATOR): Promise<{ before: boolean; after: boolean }> {
  return store.db.transaction().execute(async (trx) => {
    const home = await homeOf(trx, { plan: planId });
    if (!home) throw new NotFoundError('plan', planId);
    if (!coordinates(principal, home.partnershipId)) throw refuse(`plan ${planId}`);
    const changed = await setPlanPublished(trx, planId, published);
    if (!changed) throw new NotFoundError('plan', planId);
    if (changed.before !== published) await appendEvent(trx, { actor: author, entity: 'plan', entityId: planId, action: published ? 'publish' : 'unpublish', before: { published: changed.before }, after: { published } });
    return { before: changed.before, after: published };
  });
}
