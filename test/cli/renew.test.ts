// `kizuna renew` end to end through the extractor: the demo Japan–Poland plan and its renewal five years on (the
// same document with its years, one activity and one agreement changed), stored with `kizuna ingest --renew`. The
// renewal links the carried-over and reworded commitments; `kizuna show` prints a successor's predecessor with its status history; a pair is unlinked
// by hand; `kizuna export` carries the renewal and its pairs.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { cliWorkspace, migratedDataDir } from './cli-helpers.js';
import { main } from '../../src/cli/main.js';
import { seedFiles } from '../helpers/paths.js';

const { work, run } = cliWorkspace('renew');

describe('kizuna renew', () => {
  const data = `${work}/data`;
  let oldId = '';
  let newId = '';
  let reworded: { old: string; new: string } | undefined;

  before(async () => {
    await migratedDataDir(data);
    const source = seedFiles().find((f) => f.includes('jp-pl-action-plan'))!;
    const next = readFileSync(source, 'utf8')
      .replaceAll('2025-2029', '2030-2034')
      .replace(/commence on 1 March 2025, and end on 31 December 2029/, 'commence on 1 March 2030, and end on 31 December 2034')
      .replace(/on 28 February 2025/, 'on 28 February 2030')
      .replace('Kuchnia Polska', 'Polish Film Week')
      .replace('social security', 'social security and taxation');
    assert.notEqual(next, readFileSync(source, 'utf8'));
    writeFileSync(`${work}/jp-pl-action-plan-2030-2034.md`, next);
    // The renewal first: the plan it renews is stored after it, and --renew links them once both are in.
    const ingest = await run('ingest', '--renew', '--data', data, `${work}/jp-pl-action-plan-2030-2034.md`, source);
    assert.equal(ingest.code, 0, ingest.err);
    const lines = ingest.out.trim().split('\n');
    [newId, oldId] = lines.slice(0, 2).map((line) => line.split(' ')[1]!) as [string, string];
    assert.match(lines[2]!, new RegExp(`^renewed ${newId} from ${oldId}: \\d+ commitments carried over$`));
  });

  it('matches the detected renewal again and lists the carried-over commitments, reworded ones with their score', async () => {
    const renewed = await run('renew', newId, '--data', data);
    assert.equal(renewed.code, 0, renewed.err);
    assert.match(renewed.err, new RegExp(`${newId} renews ${oldId}: \\d+ commitments linked`));
    const pairs = renewed.out.split('\n').filter((l) => l.startsWith('  = '));
    assert.ok(pairs.length > 50, `${pairs.length} pairs`);
    const partial = pairs.map((l) => /= (\S+) → (\S+)\s+([\d.]+)/.exec(l)!).filter((m) => Number(m[3]) < 1);
    assert.ok(partial.length >= 1 && partial.length <= 3, `the reworded commitments: ${partial.map((m) => m[0]).join('; ')}`);
    reworded = { old: partial[0]![1]!, new: partial[0]![2]! };
    const json = JSON.parse((await run('renew', newId, '--show', '--json', '--data', data)).out) as { renewal: { renews: string } };
    assert.equal(json.renewal.renews, oldId);
  });

  it('shows a successor with its predecessor’s status history; a pair unlinked by hand; the export carries both', async () => {
    const first = `${oldId}:s1/c1`;
    const set = await run('status', first, '--set', 'ongoing', '--note', 'Consultations held in Warsaw', '--author', 'desk', '--data', data);
    assert.equal(set.code, 0, set.err);
    const shown = await run('show', `${newId}:s1/c1`, '--data', data);
    assert.equal(shown.code, 0, shown.err);
    assert.match(shown.out, new RegExp(`carried over from ${first.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} .*: ongoing`));
    assert.match(shown.out, /Consultations held in Warsaw/);
    assert.match((await run('show', first, '--data', data)).out, new RegExp(`carried over into ${newId}:s1/c1`));
    const unlinked = await run('renew', newId, '--unlink', `${reworded!.old}=${reworded!.new}`, '--author', 'desk', '--data', data);
    assert.equal(unlinked.code, 0, unlinked.err);
    assert.ok(unlinked.out.includes(`  x ${reworded!.old} → ${reworded!.new}`) && unlinked.out.includes('(unlinked by desk)'));
    assert.equal((await run('renew', newId, '--of', oldId, '--unlink', 'a=b', '--data', data)).code, 2);
    const exported = await run('export', '--data', data);
    const backup = JSON.parse(exported.out) as { tables: Record<string, Record<string, unknown>[]> };
    assert.deepEqual(backup.tables.plan_renewals!.map((r) => [r.plan_id, r.renews]), [[newId, oldId]]);
    assert.ok(backup.tables.commitment_lineage!.some((r) => r.predecessor_id === reworded!.old && r.linked === false && r.decided_by === 'desk'));
  });

  it('speaks the locale’s language: Japanese under LANG=ja_JP.UTF-8, its refusals too; English otherwise', async () => {
    const inJapanese = async (...argv: string[]) => {
      let out = '';
      let err = '';
      const code = await main(argv, { out: (t) => void (out += t), err: (t) => void (err += t), isTty: false, env: { HOME: work, LANG: 'ja_JP.UTF-8' }, cwd: work });
      return { code, out, err };
    };
    const renewed = await inJapanese('renew', newId, '--data', data);
    assert.equal(renewed.code, 0, renewed.err);
    assert.match(renewed.err, new RegExp(`^${newId} は ${oldId} の更新: 取組 \\d+ 件を対応付け、手動で判断した 1 組は保持\n$`));
    assert.match(renewed.out, new RegExp(`^${newId} は ${oldId}（.*）の更新: 継続する取組 \\d+ 件、一致度のしきい値 0\\.5\n`));
    assert.ok(renewed.out.includes(`  x ${reworded!.old} → ${reworded!.new}`) && renewed.out.includes('（desk が対応付けを解除）'), 'the pair unlinked by hand, in Japanese');
    assert.match(renewed.out, /\[継続中\]/, 'the predecessor’s status by its Japanese label');
    assert.doesNotMatch(renewed.out + renewed.err, /renews|carried over|commitments linked|unlinked by/);
    const english = await run('renew', newId, '--show', '--data', data);
    assert.match(english.out, new RegExp(`^${newId} renews ${oldId} \\(.*\\): \\d+ commitments carried over, match threshold 0\\.5\n`));
    assert.match(english.out, /\[Ongoing\]/);
    // A refusal from the operations layer, in the locale's language: the old plan declares no renewal.
    const refused = await inJapanese('renew', oldId, '--unlink', 'a=b', '--data', data);
    assert.equal(refused.code, 1);
    assert.equal(refused.err, `kizuna renew: renews: 計画 ${oldId} は前の計画の更新として登録されていません\n`);
    assert.equal((await run('renew', oldId, '--unlink', 'a=b', '--data', data)).err, `kizuna renew: renews: plan ${oldId} is not declared as the renewal of an earlier plan\n`);
  });
});
