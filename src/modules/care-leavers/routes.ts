import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'
import { accommodationCode, activityCode } from '../../domain/care-leavers/oc3.ts'
import { latestPlanActivity, pathwayPlanStatus } from '../../domain/care-leavers/pathway-plan.ts'
import { ageOn } from '../../domain/dates/calendar.ts'
import { todayInEngland } from '../../domain/dates/today.ts'
import type { StoredContact as StoredContactFacts } from '../../domain/imports/return-facts.ts'
import { pageOf } from '../../http/pagination.ts'
import { notFound, problemResponses } from '../../http/problem.ts'
import { LaParams } from '../../http/schemas.ts'
import { requireScope } from '../../plugins/auth.ts'
import {
  CareLeaverRecord,
  careLeaverContacts,
  careLeavers,
  ContactRecord,
  PathwayPlanRecord,
  PathwayPlanReviewRecord,
  pathwayPlanReviews,
  pathwayPlans,
  PersonalAdviserRecord,
  personalAdvisers,
} from '../partner-records/kinds/care-leavers.ts'
import { partnerRecordRoutes } from '../partner-records/routes.ts'
import { RecordParams } from '../partner-records/schemas.ts'
import { childCareLeaver, listCareLeavers } from './queries.ts'
import {
  CareLeaverList,
  CareLeaversBody,
  CareLeaversQuery,
  ChildCareLeaver,
  ChildCareLeaverQuery,
  ChildParams,
  ContactsBody,
  PathwayPlanReviewsBody,
  PathwayPlansBody,
  PathwayPlanState,
  PersonalAdvisersBody,
  StoredAdviser,
  StoredContact,
} from './schemas.ts'

const TAGS = ['care-leavers']
const write = requireScope('leaving-care:write')
const read = requireScope('records:read', 'child:read')

/** A stored contact as the API gives it: the parts, and the 903 codes made from them. */
function toContact(c: StoredContactFacts) {
  const parts = { type: c.accommodationType, suitable: c.accommodationSuitable }
  return {
    recordId: c.recordId,
    date: c.date,
    inTouch: c.inTouch,
    activity: activityCode(c.inTouch, c.activity),
    accommodation: accommodationCode(c.inTouch, parts),
    accommodationType: c.accommodationType,
    accommodationSuitable: c.accommodationSuitable,
  }
}

/** Care leavers, personal advisers, pathway plans and contacts from the leaving care service. */
export function careLeaverRoutes(db: Kysely<Database>): FastifyPluginAsyncTypebox {
  return async (app) => {
    for (const s of [
      CareLeaverRecord,
      PersonalAdviserRecord,
      PathwayPlanRecord,
      PathwayPlanReviewRecord,
      ContactRecord,
      PathwayPlanState,
      StoredContact,
      StoredAdviser,
    ]) {
      app.addSchema(s)
    }
    partnerRecordRoutes(app, {
      tags: TAGS,
      security: write,
      kind: () => careLeavers,
      post: {
        path: '/v1/authorities/:la/care-leavers',
        summary: "Post care leavers' eligibility (eligible, relevant, former relevant, qualifying)",
        description: 'One record per young person, keyed by the child: posting again updates the category; `purge: true` removes it.',
        body: CareLeaversBody,
        record: CareLeaverRecord,
        noun: 'care-leaver record',
      },
      delete: {
        path: '/v1/authorities/:la/care-leavers/:childId',
        summary: "Remove a young person's care-leaver record (their advisers, plans and contacts stay)",
        params: ChildParams,
        param: 'childId',
        missing: 'No care-leaver record for this child.',
      },
    })
    partnerRecordRoutes(app, {
      tags: TAGS,
      security: write,
      kind: () => personalAdvisers,
      post: {
        path: '/v1/authorities/:la/personal-advisers',
        summary: 'Post personal adviser allocations',
        description: 'Refused per record (422, field named): allocatedOn in the future or before birth, endedOn in the future or before allocatedOn.',
        body: PersonalAdvisersBody,
        record: PersonalAdviserRecord,
        noun: 'personal adviser allocation',
      },
      delete: {
        path: '/v1/authorities/:la/personal-advisers/:recordId',
        summary: 'Remove a personal adviser allocation by its record id',
        params: RecordParams,
        param: 'recordId',
        missing: 'No personal adviser allocation with this record id.',
      },
    })
    partnerRecordRoutes(app, {
      tags: TAGS,
      security: write,
      kind: () => pathwayPlans,
      post: {
        path: '/v1/authorities/:la/pathway-plans',
        summary: 'Post pathway plans with their reviews',
        description:
          'A plan carries every review so far as its list; posting it again replaces the list. Reviews posted as records of their own ' +
          '(POST .../pathway-plan-reviews) live beside the list and stay when it is replaced. A plan is in date at a day when the plan or ' +
          'any of its reviews is dated after that day minus 6 months. Refused per record (422, field named): dates in the future or before ' +
          'birth, a review before the plan.',
        body: PathwayPlansBody,
        record: PathwayPlanRecord,
        noun: 'pathway plan',
      },
      delete: {
        path: '/v1/authorities/:la/pathway-plans/:recordId',
        summary: 'Remove a pathway plan (and all its reviews: its list and those posted as records) by its record id',
        params: RecordParams,
        param: 'recordId',
        missing: 'No pathway plan with this record id.',
      },
    })
    partnerRecordRoutes(app, {
      tags: TAGS,
      security: write,
      kind: () => pathwayPlanReviews,
      post: {
        path: '/v1/authorities/:la/pathway-plan-reviews',
        summary: 'Post pathway plan reviews, a record per review (as leaving care systems export them)',
        description:
          "Each review has its own record id (posting it again updates the review's date or plan; `purge: true` removes it) and names " +
          "its plan by the plan's record id. A plan's own `reviews` list (POST .../pathway-plans) and these review records live side by " +
          'side: posting a plan replaces only the reviews of its list, and deleting a plan deletes all its reviews. Both count alike for ' +
          'whether the plan is in date. Refused per record (422, field named): planRecordId naming no stored plan, or a plan of another ' +
          'child; a date in the future, before birth or before the plan.',
        body: PathwayPlanReviewsBody,
        record: PathwayPlanReviewRecord,
        noun: 'pathway plan review',
      },
      delete: {
        path: '/v1/authorities/:la/pathway-plan-reviews/:recordId',
        summary: 'Remove a pathway plan review posted as a record, by its record id',
        description: "A review of a plan's own list has no record id: post the plan with its list changed instead.",
        params: RecordParams,
        param: 'recordId',
        missing: 'No pathway plan review with this record id.',
      },
    })
    partnerRecordRoutes(app, {
      tags: TAGS,
      security: write,
      kind: () => careLeaverContacts,
      post: {
        path: '/v1/authorities/:la/care-leaver-contacts',
        summary: 'Post contacts with care leavers: in touch, activity and accommodation (903 OC3 codes)',
        description:
          'Stored as parts (accommodation letter and suitability) and given back as the 903 codes too. Refused per record (422): ' +
          'codes not in the OC3 lists (131-133), an activity or accommodation with DIED or RHOM (344), a date in the future or before birth.',
        body: ContactsBody,
        record: ContactRecord,
        noun: 'care leaver contact',
      },
      delete: {
        path: '/v1/authorities/:la/care-leaver-contacts/:recordId',
        summary: 'Remove a care leaver contact by its record id',
        params: RecordParams,
        param: 'recordId',
        missing: 'No contact with this record id.',
      },
    })

    app.get(
      '/v1/authorities/:la/care-leavers',
      {
        schema: {
          tags: TAGS,
          summary: 'Care leavers with pathway plan status, personal adviser and latest contact at a date',
          description:
            'Every young person with a care-leaver record, by child id, paged. At asAt (default today): the pathway plan is in_date ' +
            'when its date or a review is after asAt minus 6 months and on or before asAt, overdue when the latest is earlier, none ' +
            'without a plan; the personal adviser allocated on asAt; the latest contact on or before asAt, with its 903 codes.',
          security: read,
          params: LaParams,
          querystring: CareLeaversQuery,
          response: { 200: CareLeaverList, ...problemResponses(400, 401, 403) },
        },
        config: { auditRead: true },
      },
      async (request) => {
        const { eligibility, planStatus, cursor, limit = 100 } = request.query
        const asAt = request.query.asAt ?? todayInEngland()
        const rows = await listCareLeavers(db, request.params.la, {
          asAt,
          limit,
          after: cursor ?? null,
          ...(eligibility ? { eligibility } : {}),
          ...(planStatus ? { planStatus } : {}),
        })
        const page = pageOf(rows, limit, (last) => last.childId)
        return {
          asAt,
          nextCursor: page.nextCursor,
          items: page.items.map((r) => ({
            childId: r.childId,
            eligibility: r.eligibility,
            age: ageOn(r.dateOfBirth, asAt),
            personalAdviser:
              r.adviserRecordId === null || r.adviserAllocatedOn === null
                ? null
                : { recordId: r.adviserRecordId, name: r.adviserName, allocatedOn: r.adviserAllocatedOn },
            pathwayPlan: { ...pathwayPlanStatus(r.planLatest, asAt), lastReviewed: r.planLatest },
            latestContact:
              r.contactRecordId === null || r.contactDate === null || r.inTouch === null
                ? null
                : toContact({
                    recordId: r.contactRecordId,
                    date: r.contactDate,
                    inTouch: r.inTouch,
                    activity: r.activity,
                    accommodationType: r.accommodationType,
                    accommodationSuitable: r.accommodationSuitable,
                  }),
          })),
        }
      },
    )

    app.get(
      '/v1/authorities/:la/children/:childId/care-leaver',
      {
        schema: {
          tags: TAGS,
          summary: "A young person's leaving care: eligibility, advisers, pathway plans and reviews, contacts",
          security: read,
          params: ChildParams,
          querystring: ChildCareLeaverQuery,
          response: { 200: ChildCareLeaver, ...problemResponses(400, 401, 403, 404) },
        },
        config: { auditRead: true },
      },
      async (request) => {
        const { la, childId } = request.params
        const asAt = request.query.asAt ?? todayInEngland()
        const found = await childCareLeaver(db, la, childId)
        if (!found) throw notFound('No such child.')
        const latest = latestPlanActivity(
          found.plans.map((p) => ({ planDate: p.planDate, reviewDates: p.reviews.map((r) => r.date) })),
          asAt,
        )
        return {
          childId,
          eligibility: found.eligibility,
          pathwayPlan: { ...pathwayPlanStatus(latest, asAt), lastReviewed: latest },
          personalAdvisers: found.advisers,
          pathwayPlans: found.plans,
          contacts: found.contacts.map(toContact),
        }
      },
    )
  }
}
