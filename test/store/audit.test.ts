// The audit log is append-only in the database itself (migration 008's trigger), on PGlite and PostgreSQL 15:
// UPDATE, DELETE and TRUNCATE of events are refused whoever asks; the audit trail reads it per plan and account.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { engines } from './engines.js';
import { appendEvent } from '../../src/store/events.js';
import { auditCsv, auditTrail } from '../../src/ops/audit.js';
import { LOCAL_ADMINISTRATOR, PUBLIC, type Principal } from '../../src/auth/principal.js';

for (const engine of engines) {
  describe(`event log on ${engine.name}`, () => {
    it('refuses UPDATE, DELETE and TRUNCATE of events; appends still work', async () => {
      const store = await engine.open();
      await appendEvent(store.db, { actor: 'coord-jp', entity: 'plan', entityId: 'p-000000000001', action: 'publish', before: { published: false }, after: { published: true } });
      await appendEvent(store.db, { actor: 'coord-pl', entity: 'commitment_status', entityId: 'p-000000000001:s1/c1', action: 'update', after: { status: 'completed' } });
      await assert.rejects(sql`update events set actor = 'Minister for Foreign Affairs'`.execute(store.db), /append-only/);
      await assert.rejects(sql`delete from events`.execute(store.db), /append-only/);
      await assert.rejects(sql`truncate events`.execute(store.db), /append-only/);
      const { rows } = await sql<{ actor: string }>`select actor from events order by id`.execute(store.db);
      assert.deepEqual(rows.map((r) => r.actor), ['coord-jp', 'coord-pl'], 'nothing was changed');

      // The trail of one plan (its own events and its commitments'), of one account; who may read which.
      const plan = await auditTrail(store, LOCAL_ADMINISTRATOR, { plan: 'p-000000000001' }, { limit: 10, offset: 0 });
      assert.deepEqual(plan.items.map((e) => e.actor), ['coord-pl', 'coord-jp']);
      assert.equal(plan.items.every((e) => e.imported === false), true);
      const coordinator: Principal = { account: { id: 'coord-pl', email: 'pl@example.org', name: 'coord-pl', language: 'en' }, grants: [{ role: 'coordinator', partnershipId: 'JP-PL', side: 'PL', organizationId: null }] };
      const own = await auditTrail(store, coordinator, { account: 'coord-pl' }, { limit: 10, offset: 0 });
      assert.deepEqual(own.items.map((e) => e.action), ['update']);
      await assert.rejects(auditTrail(store, coordinator, { plan: 'p-000000000001' }, { limit: 10, offset: 0 }), /administrator/);
      await assert.rejects(auditTrail(store, PUBLIC, {}, { limit: 10, offset: 0 }), /administrator/);
      let csv = '';
      assert.equal(await auditCsv(store, LOCAL_ADMINISTRATOR, {}, (chunk) => (csv += chunk)), 2);
      assert.match(csv, /^id,at,actor,imported,entity,entity_id,action,before,after\r\n/);
      assert.match(csv, /coord-jp,false,plan,p-000000000001,publish,"\{""published"":false\}"/);
    });
  });
}
