import { sql } from 'kysely'
import { insertRows } from '../../db/bulk.ts'
import type { PartnerTable, RecordKind } from '../../db/partner-records.ts'
import { checkContact, splitAccommodation } from '../../domain/care-leavers/oc3.ts'
import { checkPathwayPlan } from '../../domain/care-leavers/pathway-plan.ts'
import { checkAllocation } from '../../domain/care-leavers/personal-advisers.ts'
import { normaliseCode } from '../../domain/code-lists/index.ts'
import type { CareLeaverRecord, ContactRecord, PathwayPlanRecord, PersonalAdviserRecord } from './schemas.ts'

export const CARE_LEAVERS: PartnerTable = { table: 'care_leavers', key: 'child_id', columns: { child_id: 'text', eligibility: 'text' } }

export const PERSONAL_ADVISERS: PartnerTable = {
  table: 'personal_advisers',
  key: 'record_id',
  columns: { record_id: 'text', child_id: 'text', name: 'text', allocated_on: 'date', ended_on: 'date' },
}

export const PATHWAY_PLANS: PartnerTable = {
  table: 'pathway_plans',
  key: 'record_id',
  columns: { record_id: 'text', child_id: 'text', plan_date: 'date' },
}

export const CONTACTS: PartnerTable = {
  table: 'care_leaver_contacts',
  key: 'record_id',
  columns: {
    record_id: 'text',
    child_id: 'text',
    date: 'date',
    in_touch: 'text',
    activity: 'text',
    accommodation_type: 'char(1)',
    accommodation_suitable: 'boolean',
  },
}

/** Blank means absent: extracts send '' as often as null. */
const text = (v: string | null | undefined) => {
  const t = v?.trim()
  return t ? t : null
}
const code = (v: string | null | undefined) => {
  const t = text(v)
  return t === null ? null : normaliseCode(t)
}

export const careLeaverKind: RecordKind<CareLeaverRecord> = {
  spec: CARE_LEAVERS,
  recordKey: () => null,
  isPurge: (r) => r.purge === true,
  identifiers: (r) => r,
  build: (r, child) => ({ issues: [], row: { child_id: child.childId, eligibility: r.eligibility } }),
}

export const personalAdviserKind: RecordKind<PersonalAdviserRecord> = {
  spec: PERSONAL_ADVISERS,
  recordKey: (r) => r.recordId,
  isPurge: (r) => r.purge === true,
  identifiers: (r) => r,
  build(r, child, today) {
    const allocation = { allocatedOn: r.allocatedOn as string, endedOn: r.endedOn ?? null }
    return {
      issues: checkAllocation(allocation, child.dateOfBirth, today),
      row: { record_id: r.recordId, child_id: child.childId, name: text(r.name), allocated_on: allocation.allocatedOn, ended_on: allocation.endedOn },
    }
  },
}

/** A plan's reviews as one comparable value: distinct dates, in order. */
const reviewsOf = (r: PathwayPlanRecord) => [...new Set(r.reviews ?? [])].sort()

export const pathwayPlanKind: RecordKind<PathwayPlanRecord> = {
  spec: PATHWAY_PLANS,
  recordKey: (r) => r.recordId,
  isPurge: (r) => r.purge === true,
  identifiers: (r) => r,
  build(r, child, today) {
    const plan = { planDate: r.planDate as string, reviewDates: r.reviews ?? [] }
    return {
      issues: checkPathwayPlan(plan, child.dateOfBirth, today),
      row: { record_id: r.recordId, child_id: child.childId, plan_date: plan.planDate },
    }
  },
  // The reviews live in their own table: compared as a list, replaced whole when they changed.
  extra: {
    async load(db, la, keys) {
      const out = new Map<string, string>()
      if (keys.length === 0) return out
      const { rows } = await sql<{ planRecordId: string; reviews: string }>`
        select plan_record_id, string_agg(review_date::text, ',' order by review_date) as reviews
        from pathway_plan_reviews where la = ${la} and plan_record_id = any(${[...keys]}::text[])
        group by plan_record_id`.execute(db)
      for (const r of rows) out.set(r.planRecordId, r.reviews)
      return out
    },
    of: (r) => reviewsOf(r).join(','),
    async write(db, la, changed) {
      await sql`delete from pathway_plan_reviews where la = ${la} and plan_record_id = any(${changed.map((c) => c.key)}::text[])`.execute(db)
      const rows = changed.flatMap((c) => reviewsOf(c.record).map((d) => ({ la, plan_record_id: c.key, review_date: d })))
      await insertRows(db, 'pathway_plan_reviews', { la: 'text', plan_record_id: 'text', review_date: 'date' }, rows)
    },
  },
}

export const contactKind: RecordKind<ContactRecord> = {
  spec: CONTACTS,
  recordKey: (r) => r.recordId,
  isPurge: (r) => r.purge === true,
  identifiers: (r) => r,
  build(r, child, today) {
    const input = { date: r.date as string, inTouch: code(r.inTouch) ?? '', activity: code(r.activity), accommodation: code(r.accommodation) }
    const issues = checkContact(input, child.dateOfBirth, today)
    const valid = !issues.some((i) => i.severity === 'error')
    const parts = valid && input.accommodation !== null ? splitAccommodation(input.accommodation) : { type: null, suitable: null }
    return {
      issues,
      row: {
        record_id: r.recordId,
        child_id: child.childId,
        date: input.date,
        in_touch: input.inTouch,
        activity: input.activity,
        accommodation_type: parts.type,
        accommodation_suitable: parts.suitable,
      },
    }
  },
}
