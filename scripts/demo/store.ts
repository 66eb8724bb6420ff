import { sql, type Kysely } from 'kysely'
import type { DemoAuthority } from './generator/index.ts'
import { insertRows } from '../../src/db/bulk.ts'
import { replaceCareHistories } from '../../src/db/care-history-store.ts'
import { careHistoryRows } from '../../src/domain/care-history/stored.ts'
import { upsertChildren } from '../../src/db/children-store.ts'
import type { Database } from '../../src/db/database.ts'
import { careLeaverContacts, careLeavers, pathwayPlans, personalAdvisers } from '../../src/modules/partner-records/kinds/care-leavers.ts'
import { attainment, attendance, exclusions, peps } from '../../src/modules/partner-records/kinds/education.ts'
import { healthChecks } from '../../src/modules/partner-records/kinds/health-checks.ts'
import { sdqReturns } from '../../src/modules/partner-records/kinds/sdq.ts'
import { storeServices } from './store-services.ts'
import { insertKindRows } from './store-rows.ts'

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
    await insertKindRows(
      trx,
      la,
      healthChecks,
      demo.healthChecks.map((h) => ({
        record_id: h.recordId,
        child_id: h.childId,
        kind: h.kind,
        date: h.date,
        outcome: h.outcome,
        clinician_role: null,
        immunisations_up_to_date: h.immunisationsUpToDate ?? null,
      })),
    )
    await insertKindRows(
      trx,
      la,
      sdqReturns({ teacherOnly: false }),
      demo.sdqReturns.map((s) => ({
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
    await insertKindRows(
      trx,
      la,
      careLeavers,
      demo.careLeavers.map((c) => ({ child_id: c.childId, eligibility: c.eligibility })),
    )
    await insertKindRows(
      trx,
      la,
      personalAdvisers,
      demo.careLeavers.flatMap((c) =>
        c.personalAdviser
          ? [
              {
                record_id: `PA-${c.childId}`,
                child_id: c.childId,
                name: c.personalAdviser.name ?? null,
                allocated_on: c.personalAdviser.allocatedOn,
                ended_on: null,
              },
            ]
          : [],
      ),
    )
    const plans = demo.careLeavers.flatMap((c) => c.pathwayPlans.map((p) => ({ ...p, childId: c.childId })))
    await insertKindRows(
      trx,
      la,
      pathwayPlans,
      plans.map((p) => ({ record_id: p.recordId, child_id: p.childId, plan_date: p.date })),
    )
    await insertRows(
      trx,
      'pathway_plan_reviews',
      { la: 'text', plan_record_id: 'text', review_date: 'date' },
      plans.flatMap((p) => [...new Set(p.reviews)].map((d) => ({ la, plan_record_id: p.recordId, review_date: d }))),
    )
    await insertKindRows(
      trx,
      la,
      careLeaverContacts,
      demo.careLeavers.flatMap((c) =>
        c.contacts.map((k) => ({
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
  await insertKindRows(
    trx,
    la,
    peps,
    demo.peps.map((p) => ({ record_id: p.recordId, child_id: p.childId, date: p.date, status: p.status, kind: p.kind, quality: null })),
  )
  await insertKindRows(
    trx,
    la,
    attendance,
    demo.attendance.map((a) => ({
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
  await insertKindRows(
    trx,
    la,
    exclusions,
    demo.exclusions.map((x) => ({ record_id: x.recordId, child_id: x.childId, kind: x.kind, start_date: x.startDate, days: x.days })),
  )
  await insertKindRows(
    trx,
    la,
    attainment,
    demo.attainment.map((r) => ({
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
