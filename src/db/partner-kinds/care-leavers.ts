import { sql } from 'kysely'
import { checkEligibility, type Eligibility } from '../../domain/care-leavers/eligibility.ts'
import { checkContact, splitAccommodation } from '../../domain/care-leavers/oc3.ts'
import { checkPathwayPlan } from '../../domain/care-leavers/pathway-plan.ts'
import { checkAllocation } from '../../domain/care-leavers/personal-advisers.ts'
import { insertRows } from '../bulk.ts'
import type { PartnerTable, RecordKind } from '../partner-records.ts'
import { code, text, type RecordIdentifiers } from './fields.ts'

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

/** The records as the leaving care service posts them (or a snapshot carries them), after their schemas. */
export interface CareLeaverInput extends RecordIdentifiers {
  eligibility?: Eligibility
  purge?: boolean
}

export interface PersonalAdviserInput extends RecordIdentifiers {
  recordId: string
  name?: string | null
  allocatedOn?: string
  endedOn?: string | null
  purge?: boolean
}

export interface PathwayPlanInput extends RecordIdentifiers {
  recordId: string
  planDate?: string
  reviews?: string[]
  purge?: boolean
}

export interface ContactInput extends RecordIdentifiers {
  recordId: string
  date?: string
  inTouch?: string
  activity?: string | null
  accommodation?: string | null
  purge?: boolean
}

export const careLeaverKind: RecordKind<CareLeaverInput> = {
  spec: CARE_LEAVERS,
  recordKey: () => null,
  isPurge: (r) => r.purge === true,
  identifiers: (r) => r,
  build: (r, child, today) => ({
    issues: r.eligibility ? checkEligibility(r.eligibility, child.dateOfBirth, today) : [],
    row: { child_id: child.childId, eligibility: r.eligibility },
  }),
}

export const personalAdviserKind: RecordKind<PersonalAdviserInput> = {
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
const reviewsOf = (r: PathwayPlanInput) => [...new Set(r.reviews ?? [])].sort()

export const pathwayPlanKind: RecordKind<PathwayPlanInput> = {
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
    async write(db, la, changed, copy) {
      await sql`delete from pathway_plan_reviews where la = ${la} and plan_record_id = any(${changed.map((c) => c.key)}::text[])`.execute(db)
      const rows = changed.flatMap((c) => reviewsOf(c.record).map((d) => ({ la, plan_record_id: c.key, review_date: d })))
      const columns = { la: 'text', plan_record_id: 'text', review_date: 'date' }
      await (copy ? copy('pathway_plan_reviews', columns, rows) : insertRows(db, 'pathway_plan_reviews', columns, rows))
    },
  },
}

export const contactKind: RecordKind<ContactInput> = {
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
