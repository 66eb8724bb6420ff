import { sql, type Kysely } from 'kysely'
import type { DemoAuthority } from './generator/index.ts'
import { insertRows } from '../../src/db/bulk.ts'
import { replaceCareHistories } from '../../src/db/care-history-store.ts'
import { careHistoryRows } from '../../src/domain/care-history/stored.ts'
import { upsertChildren } from '../../src/db/children-store.ts'
import type { Database } from '../../src/db/database.ts'
import { storeServices } from './store-services.ts'

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
    await storeEducation(trx, demo)
    await insertRows(
      trx,
      'missing_episodes',
      { la: 'text', child_id: 'text', seq: 'int', missing_type: 'text', start_date: 'date', end_date: 'date' },
      demo.missingEpisodes.map((m, i) => ({ la, child_id: m.childId, seq: i + 1, missing_type: m.type, start_date: m.start, end_date: m.end })),
    )
    await storeServices(trx, demo)
    await sql`update authorities set data_version = data_version + 1 where la = ${la}`.execute(trx)
  })
}

/** The virtual school's returns (5c), by set-based inserts. */
async function storeEducation(trx: Kysely<Database>, demo: DemoAuthority): Promise<void> {
  const la = demo.la
  await insertRows(
    trx,
    'education_peps',
    { la: 'text', record_id: 'text', child_id: 'text', date: 'date', status: 'text', kind: 'text' },
    demo.peps.map((p) => ({ la, record_id: p.recordId, child_id: p.childId, date: p.date, status: p.status, kind: p.kind })),
  )
  await insertRows(
    trx,
    'education_attendance',
    {
      la: 'text',
      record_id: 'text',
      child_id: 'text',
      academic_year: 'int',
      term: 'text',
      possible_sessions: 'int',
      attended_sessions: 'int',
      authorised_absences: 'int',
      unauthorised_absences: 'int',
    },
    demo.attendance.map((a) => ({
      la,
      record_id: a.recordId,
      child_id: a.childId,
      academic_year: a.academicYear,
      term: a.term,
      possible_sessions: a.possibleSessions,
      attended_sessions: a.attendedSessions,
      authorised_absences: a.authorisedAbsences,
      unauthorised_absences: a.unauthorisedAbsences,
    })),
  )
  await insertRows(
    trx,
    'education_exclusions',
    { la: 'text', record_id: 'text', child_id: 'text', kind: 'text', start_date: 'date', days: 'float8' },
    demo.exclusions.map((x) => ({ la, record_id: x.recordId, child_id: x.childId, kind: x.kind, start_date: x.startDate, days: x.days })),
  )
  await insertRows(
    trx,
    'education_attainment',
    {
      la: 'text',
      record_id: 'text',
      child_id: 'text',
      academic_year: 'int',
      key_stage: 'text',
      good_level_of_development: 'boolean',
      reading_expected: 'boolean',
      writing_expected: 'boolean',
      maths_expected: 'boolean',
      attainment8: 'float8',
      english_maths_grade4: 'boolean',
    },
    demo.attainment.map((r) => ({
      la,
      record_id: r.recordId,
      child_id: r.childId,
      academic_year: r.academicYear,
      key_stage: r.keyStage,
      good_level_of_development: r.keyStage === 'eyfs' ? r.goodLevelOfDevelopment : null,
      reading_expected: r.keyStage === 'ks2' ? r.reading : null,
      writing_expected: r.keyStage === 'ks2' ? r.writing : null,
      maths_expected: r.keyStage === 'ks2' ? r.maths : null,
      attainment8: r.keyStage === 'ks4' ? r.attainment8 : null,
      english_maths_grade4: r.keyStage === 'ks4' ? r.englishMathsGrade4 : null,
    })),
  )
}
