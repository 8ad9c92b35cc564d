// The audit trail as a user action: the events about one plan or by one account, as JSON pages or CSV.
// Events hold what was written before and after, internal notes included, so administrators read every
// trail and a person reads their own; nobody else reads any.
import type { Store } from '../store/index.js';
import { auditEvents, type AuditEvent, type AuditSelection } from '../store/events.js';
import { isAdmin, type Principal } from '../auth/principal.js';
import { KizunaError } from '../errors.js';
import { csvField } from './register-export.js';

export type { AuditEvent, AuditSelection } from '../store/events.js';

/** True when `principal` may read the trail of `selection`: an administrator any; a person their own account's. */
export function mayAudit(principal: Principal, selection: AuditSelection): boolean {
  if (isAdmin(principal)) return true;
  const me = principal.account;
  return Boolean(me && 'account' in selection && [me.id, me.email, me.name].includes(selection.account));
}

function check(principal: Principal, selection: AuditSelection): void {
  if (!mayAudit(principal, selection)) throw new KizunaError('forbidden', { key: 'error.audit.forbidden' });
}

/** One page of the trail, newest first. */
export async function auditTrail(store: Store, principal: Principal, selection: AuditSelection, page: { limit: number; offset: number }): Promise<{ items: AuditEvent[]; total: number }> {
  check(principal, selection);
  return auditEvents(store.db, selection, page);
}

const CSV_COLUMNS = ['id', 'at', 'actor', 'imported', 'entity', 'entity_id', 'action', 'before', 'after'] as const;

/** The whole trail as CSV (RFC 4180, formula-safe cells), newest first, written page by page through `write`. */
export async function auditCsv(store: Store, principal: Principal, selection: AuditSelection, write: (chunk: string) => unknown): Promise<number> {
  check(principal, selection);
  await write(CSV_COLUMNS.join(',') + '\r\n');
  let offset = 0;
  for (;;) {
    const { items } = await auditEvents(store.db, selection, { limit: 2000, offset });
    for (const e of items) {
      const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));
      await write([e.id, e.at, e.actor, e.imported, e.entity, e.entityId, e.action, json(e.before), json(e.after)].map(csvField).join(',') + '\r\n');
    }
    offset += items.length;
    if (items.length < 2000) return offset;
  }
}
