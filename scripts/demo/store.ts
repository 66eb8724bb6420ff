import { sql, type Kysely } from 'kysely'
import type { DemoAuthority } from './generator/index.ts'
import { insertRows } from '../../src/db/bulk.ts'
import { replaceCareHistories } from '../../src/db/care-history-store.ts'
import { careHistoryRows } from '../../src/domain/care-history/stored.ts'
import { upsertChildren } from '../../src/db/children-store.ts'
import type { Database } from '../../src/db/database.ts'

/**
 * Writes a generated authority straight into the tables, in one transaction: children and care
 * histories through the service's own stores, partner records by set-based inserts (no per-record
 * checks: the generator's records are valid). For benchmarks and tests that need volume fast; the
 * authority row must exist. Bumps the data version like any write.
 */
export async function storeDemoAuthority(db: Kysely<Database>, demo: DemoAuthority, today: string): Promise<void> {
  const la = demo.la
  await db.transaction().execute(async (trx) => {
    await upsertChildren(
      trx,
      la,
      demo.children.map((c) => c.header),
    )
    await replaceCareHistories(
      trx,
      la,
      demo.children.map((c) => careHistoryRows(la, { childId: c.header.childId, episodes: c.episodes, warnings: [] }, today)),
    )
    await insertRows(
      trx,
      'health_checks',
      { la: 'text', record_id: 'text', child_id: 'text', kind: 'text', date: 'date', outcome: 'text', immunisations_up_to_date: 'boolean' },
      demo.healthChecks.map((h) => ({
        la,
        record_id: h.recordId,
        child_id: h.childId,
        kind: h.kind,
        date: h.date,
        outcome: h.outcome,
        immunisations_up_to_date: h.immunisationsUpToDate ?? null,
      })),
    )
    await insertRows(
      trx,
      'sdq_returns',
      {
        la: 'text',
        record_id: 'text',
        child_id: 'text',
        date: 'date',
        informant: 'text',
        total: 'int',
        emotional: 'int',
        conduct: 'int',
        hyperactivity: 'int',
        peer: 'int',
        prosocial: 'int',
        reason_code: 'text',
      },
      demo.sdqReturns.map((s) => ({
        la,
        record_id: s.recordId,
        child_id: s.childId,
        date: s.date,
        informant: s.informant,
        total: s.total,
        emotional: s.emotional,
        conduct: s.conduct,
        hyperactivity: s.hyperactivity,
        peer: s.peer,
        prosocial: s.prosocial,
        reason_code: s.reasonCode,
      })),
    )
    await insertRows(
      trx,
      'care_leavers',
      { la: 'text', child_id: 'text', eligibility: 'text' },
      demo.careLeavers.map((c) => ({ la, child_id: c.childId, eligibility: c.eligibility })),
    )
    await insertRows(
      trx,
      'personal_advisers',
      { la: 'text', record_id: 'text', child_id: 'text', name: 'text', allocated_on: 'date' },
      demo.careLeavers.flatMap((c) =>
        c.personalAdviser
          ? [{ la, record_id: `PA-${c.childId}`, child_id: c.childId, name: c.personalAdviser.name ?? null, allocated_on: c.personalAdviser.allocatedOn }]
          : [],
      ),
    )
    const plans = demo.careLeavers.flatMap((c) => c.pathwayPlans.map((p) => ({ ...p, childId: c.childId })))
    await insertRows(
      trx,
      'pathway_plans',
      { la: 'text', record_id: 'text', child_id: 'text', plan_date: 'date' },
      plans.map((p) => ({ la, record_id: p.recordId, child_id: p.childId, plan_date: p.date })),
    )
    await insertRows(
      trx,
      'pathway_plan_reviews',
      { la: 'text', plan_record_id: 'text', review_date: 'date' },
      plans.flatMap((p) => [...new Set(p.reviews)].map((d) => ({ la, plan_record_id: p.recordId, review_date: d }))),
    )
    await insertRows(
      trx,
      'care_leaver_contacts',
      {
        la: 'text',
        record_id: 'text',
        child_id: 'text',
        date: 'date',
        in_touch: 'text',
        activity: 'text',
        accommodation_type: 'text',
        accommodation_suitable: 'boolean',
      },
      demo.careLeavers.flatMap((c) =>
        c.contacts.map((k) => ({
          la,
          record_id: k.recordId,
          child_id: c.childId,
          date: k.date,
          in_touch: k.inTouch,
          activity: k.activity,
          accommodation_type: k.accommodation?.type ?? null,
          accommodation_suitable: k.accommodation ? k.accommodation.suitability === 1 : null,
        })),
      ),
    )
    await sql`update authorities set data_version = data_version + 1 where la = ${la}`.execute(trx)
  })
}
