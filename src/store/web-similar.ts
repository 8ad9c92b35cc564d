// Page-specific read for the commitment page: similarly worded commitments in OTHER partnerships
// (precedent: how was this worded with other partners), scored by trigram similarity (pg_trgm).
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';
import { isUnspaced } from '../text.js';
import { planReadable, type ReadScope } from './scope.js';

/** Words too common in cooperation plans to find precedent with ("the two sides will cooperate"). */
const COMMON = new Set(['sides', 'cooperation', 'cooperate', 'countries', 'japan', 'japanese', 'between', 'their', 'which', 'other', 'through', 'further', 'including', 'promote', 'strengthen', 'continue', 'support', 'ministries', 'both']);
/** How many candidates are scored: bounds the work on a register of any size. */
const POOL = 400;

/** The `count` longest distinctive words: for "…joint research on quantum technology" → quantum, technology, research. */
function keyWords(text: string, count: number): string[] {
  const words = [...new Set(text.toLowerCase().match(/[\p{L}\p{N}]{5,}/gu) ?? [])].filter((w) => !COMMON.has(w));
  return words.sort((a, b) => b.length - a.length || a.localeCompare(b)).slice(0, count);
}

/**
 * Ids and scores (0–1) of up to `limit` commitments most similar to `id` in plans of other partnerships,
 * best first. Candidates come from the full-text index (all key words, then any of them), at most POOL of them,
 * so the cost does not grow with the register; unspaced scripts use the trigram index instead.
 */
export async function similarCommitmentIds(db: Kysely<Database>, id: string, limit: number, scope: ReadScope): Promise<{ id: string; score: number }[]> {
  const { rows: mine } = await sql<{ text: string; partnership_id: string | null }>`select c.text, p.partnership_id
    from commitments c join plans p on p.id = c.plan_id where c.id = ${id} and ${planReadable(scope)}`.execute(db);
  const me = mine[0];
  if (!me) return [];
  const score = async (match: ReturnType<typeof sql>) => {
    const { rows } = await sql<{ id: string; score: number }>`
      select id, similarity(text, ${me.text})::float8 as score from (
        select c.id, c.text from commitments c join plans p on p.id = c.plan_id
        where ${match} and c.id <> ${id} and p.partnership_id is distinct from ${me.partnership_id} and ${planReadable(scope)}
        limit ${POOL}) candidates
      order by score desc, id limit ${limit}`.execute(db);
    return rows.map((r) => ({ id: r.id, score: Number(r.score) }));
  };
  if (isUnspaced(me.text)) return score(sql`c.text % ${me.text}`);
  const words = keyWords(me.text, 6);
  if (!words.length) return [];
  const all = await score(sql`c.tsv @@ to_tsquery('english', ${words.slice(0, 3).map((w) => `'${w}'`).join(' & ')})`);
  if (all.length >= limit) return all;
  const any = await score(sql`c.tsv @@ to_tsquery('english', ${words.map((w) => `'${w}'`).join(' | ')})`);
  const seen = new Set(all.map((r) => r.id));
  return [...all, ...any.filter((r) => !seen.has(r.id))].sort((a, b) => b.score - a.score).slice(0, limit);
}
