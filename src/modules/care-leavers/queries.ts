import { sql, type Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'
import { addMonths } from '../../domain/dates/calendar.ts'
import { PATHWAY_PLAN_REVIEW_MONTHS, type PathwayPlanStatus } from '../../domain/care-leavers/pathway-plan.ts'
import type { Eligibility } from '../../domain/care-leavers/eligibility.ts'
import { rowsToFetch } from '../../http/pagination.ts'

export interface CareLeaverRow {
  childId: string
  eligibility: Eligibility
  dateOfBirth: string
  adviserRecordId: string | null
  adviserName: string | null
  adviserAllocatedOn: string | null
  planLatest: string | null
  contactRecordId: string | null
  contactDate: string | null
  inTouch: string | null
  activity: string | null
  accommodationType: string | null
  accommodationSuitable: boolean | null
}

/**
 * The care leavers with, at asAt: the adviser allocated (the latest allocation covering asAt), the
 * latest plan or review date on or before asAt, and the latest contact on or before asAt. One
 * statement, a page of children after the cursor; the plan-status filter uses the same 6-month line
 * as pathwayPlanStatus.
 */
export async function listCareLeavers(
  db: Kysely<Database>,
  la: string,
  q: { asAt: string; limit: number; after: string | null; eligibility?: Eligibility; planStatus?: PathwayPlanStatus },
): Promise<CareLeaverRow[]> {
  const line = addMonths(q.asAt, -PATHWAY_PLAN_REVIEW_MONTHS)
  const statusFilter = {
    none: sql`and plan.latest is null`,
    in_date: sql`and plan.latest > ${line}`,
    overdue: sql`and plan.latest <= ${line}`,
  }
  const { rows } = await sql<CareLeaverRow>`
    select cl.child_id, cl.eligibility, c.date_of_birth,
      pa.record_id as adviser_record_id, pa.name as adviser_name, pa.allocated_on as adviser_allocated_on,
      plan.latest as plan_latest,
      ct.record_id as contact_record_id, ct.date as contact_date, ct.in_touch, ct.activity,
      ct.accommodation_type, ct.accommodation_suitable
    from care_leavers cl
    join children c on c.la = cl.la and c.child_id = cl.child_id
    left join lateral (
      select a.record_id, a.name, a.allocated_on from personal_advisers a
      where a.la = cl.la and a.child_id = cl.child_id and a.allocated_on <= ${q.asAt}
        and (a.ended_on is null or a.ended_on >= ${q.asAt})
      order by a.allocated_on desc, a.record_id desc limit 1
    ) pa on true
    left join lateral (
      select max(d) as latest from (
        select p.plan_date as d from pathway_plans p
        where p.la = cl.la and p.child_id = cl.child_id and p.plan_date <= ${q.asAt}
        union all
        select r.review_date from pathway_plan_reviews r
        join pathway_plans p on p.la = r.la and p.record_id = r.plan_record_id
        where p.la = cl.la and p.child_id = cl.child_id and r.review_date <= ${q.asAt}
      ) dates
    ) plan on true
    left join lateral (
      select k.record_id, k.date, k.in_touch, k.activity, k.accommodation_type, k.accommodation_suitable
      from care_leaver_contacts k
      where k.la = cl.la and k.child_id = cl.child_id and k.date <= ${q.asAt}
      order by k.date desc, k.record_id desc limit 1
    ) ct on true
    where cl.la = ${la}
      ${q.eligibility ? sql`and cl.eligibility = ${q.eligibility}` : sql``}
      ${q.planStatus ? statusFilter[q.planStatus] : sql``}
      ${q.after ? sql`and cl.child_id > ${q.after}` : sql``}
    order by cl.child_id
    limit ${rowsToFetch(q.limit)}`.execute(db)
  return rows
}

/** Everything held about one young person's leaving care. */
export async function childCareLeaver(db: Kysely<Database>, la: string, childId: string) {
  const [child, leaver, advisers, plans, reviews, contacts] = await Promise.all([
    db.selectFrom('children').select('childId').where('la', '=', la).where('childId', '=', childId).executeTakeFirst(),
    db.selectFrom('care_leavers').select('eligibility').where('la', '=', la).where('childId', '=', childId).executeTakeFirst(),
    db
      .selectFrom('personal_advisers')
      .select(['recordId', 'name', 'allocatedOn', 'endedOn'])
      .where('la', '=', la)
      .where('childId', '=', childId)
      .orderBy('allocatedOn')
      .orderBy('recordId')
      .execute(),
    db
      .selectFrom('pathway_plans')
      .select(['recordId', 'planDate'])
      .where('la', '=', la)
      .where('childId', '=', childId)
      .orderBy('planDate')
      .orderBy('recordId')
      .execute(),
    db
      .selectFrom('pathway_plan_reviews as r')
      .innerJoin('pathway_plans as p', (j) => j.onRef('p.la', '=', 'r.la').onRef('p.recordId', '=', 'r.planRecordId'))
      .select(['r.planRecordId', 'r.reviewDate', 'r.recordId'])
      .where('p.la', '=', la)
      .where('p.childId', '=', childId)
      .orderBy('r.reviewDate')
      // On one day, the list's review first, then the records by id.
      .orderBy(sql`r.record_id nulls first`)
      .execute(),
    db
      .selectFrom('care_leaver_contacts')
      .select(['recordId', 'date', 'inTouch', 'activity', 'accommodationType', 'accommodationSuitable'])
      .where('la', '=', la)
      .where('childId', '=', childId)
      .orderBy('date')
      .orderBy('recordId')
      .execute(),
  ])
  if (!child) return null
  return {
    eligibility: leaver?.eligibility ?? null,
    advisers,
    plans: plans.map((p) => ({
      recordId: p.recordId,
      planDate: p.planDate,
      reviews: reviews.filter((r) => r.planRecordId === p.recordId).map((r) => ({ date: r.reviewDate, recordId: r.recordId })),
    })),
    contacts,
  }
}
