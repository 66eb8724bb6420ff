import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type, type TSchema } from '@sinclair/typebox'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'
import { applyPartnerBatch, deleteOne, type PartnerTable, type RecordKind } from '../../db/partner-records.ts'
import { accommodationCode, activityCode } from '../../domain/care-leavers/oc3.ts'
import { latestPlanActivity, pathwayPlanStatus } from '../../domain/care-leavers/pathway-plan.ts'
import { ageOn } from '../../domain/dates/calendar.ts'
import { todayInEngland } from '../../domain/dates/today.ts'
import type { StoredContact as StoredContactFacts } from '../../domain/imports/return-facts.ts'
import { BatchResponse, BatchResult, openBatch, wrapSingleRecord } from '../../http/partner-batch.ts'
import { notFound, problemResponses } from '../../http/problem.ts'
import { LaParams } from '../../http/schemas.ts'
import { requireScope } from '../../plugins/auth.ts'
import { childCareLeaver, listCareLeavers } from './queries.ts'
import {
  CareLeaverList,
  CareLeaverRecord,
  CareLeaversBody,
  CareLeaversQuery,
  ChildCareLeaver,
  ChildCareLeaverQuery,
  ChildParams,
  ContactRecord,
  ContactsBody,
  PathwayPlanRecord,
  PathwayPlansBody,
  PathwayPlanState,
  PersonalAdviserRecord,
  PersonalAdvisersBody,
  RecordParams,
  StoredAdviser,
  StoredContact,
} from './schemas.ts'
import {
  CARE_LEAVERS,
  careLeaverKind,
  CONTACTS,
  contactKind,
  PATHWAY_PLANS,
  pathwayPlanKind,
  PERSONAL_ADVISERS,
  personalAdviserKind,
} from '../../db/partner-kinds/care-leavers.ts'

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
    for (const s of [CareLeaverRecord, PersonalAdviserRecord, PathwayPlanRecord, ContactRecord, PathwayPlanState, StoredContact, StoredAdviser]) {
      app.addSchema(s)
    }
    if (!app.getSchema('BatchResult')) app.addSchema(BatchResult)

    /** POST a batch of one kind of record, and DELETE one by its key. */
    function recordRoutes<T>(o: {
      path: string
      what: string
      missing: string
      summary: string
      description: string
      body: TSchema
      kind: RecordKind<T>
      spec: PartnerTable
      deleteParams: typeof RecordParams | typeof ChildParams
      keyParam: 'recordId' | 'childId'
    }) {
      app.post(`/v1/authorities/:la/${o.path}`, {
        schema: {
          tags: TAGS,
          summary: o.summary,
          description: o.description,
          security: write,
          params: LaParams,
          body: o.body,
          response: { 200: BatchResponse, ...problemResponses(400, 401, 403, 409, 422) },
        },
        attachValidation: true,
        preValidation: wrapSingleRecord,
      }, async (request, reply) => {
        const batch = openBatch<T>(request)
        return reply.auditedWrite(async (trx) => {
          await applyPartnerBatch(trx, request.params.la, batch, o.kind, todayInEngland())
          return batch.answer()
        })
      })

      app.delete(`/v1/authorities/:la/${o.path}/:${o.keyParam}`, {
        schema: {
          tags: TAGS,
          summary: `Remove ${o.what}`,
          security: write,
          params: o.deleteParams,
          response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
        },
      }, async (request, reply) => {
        const params = request.params as Record<string, string>
        return reply.auditedWrite(async (trx) => {
          if (!(await deleteOne(trx, o.spec, params.la as string, params[o.keyParam] as string))) throw notFound(o.missing)
          reply.code(204)
          return null
        })
      })
    }

    recordRoutes({
      path: 'care-leavers',
      what: "a young person's care-leaver record (their advisers, plans and contacts stay)",
      missing: 'No care-leaver record for this child.',
      summary: "Post care leavers' eligibility (eligible, relevant, former relevant, qualifying)",
      description: 'One record per young person, keyed by the child: posting again updates the category; `purge: true` removes it.',
      body: CareLeaversBody,
      kind: careLeaverKind,
      spec: CARE_LEAVERS,
      deleteParams: ChildParams,
      keyParam: 'childId',
    })
    recordRoutes({
      path: 'personal-advisers',
      what: 'a personal adviser allocation by its record id',
      missing: 'No personal adviser allocation with this record id.',
      summary: 'Post personal adviser allocations',
      description: 'Refused per record (422, field named): allocatedOn in the future or before birth, endedOn in the future or before allocatedOn.',
      body: PersonalAdvisersBody,
      kind: personalAdviserKind,
      spec: PERSONAL_ADVISERS,
      deleteParams: RecordParams,
      keyParam: 'recordId',
    })
    recordRoutes({
      path: 'pathway-plans',
      what: 'a pathway plan (and its reviews) by its record id',
      missing: 'No pathway plan with this record id.',
      summary: 'Post pathway plans with their reviews',
      description:
        "A plan carries every review so far; posting it again replaces the list. A plan is in date at a day when the plan or a review is " +
        'dated after that day minus 6 months. Refused per record (422, field named): dates in the future or before birth, a review before the plan.',
      body: PathwayPlansBody,
      kind: pathwayPlanKind,
      spec: PATHWAY_PLANS,
      deleteParams: RecordParams,
      keyParam: 'recordId',
    })
    recordRoutes({
      path: 'care-leaver-contacts',
      what: 'a care leaver contact by its record id',
      missing: 'No contact with this record id.',
      summary: 'Post contacts with care leavers: in touch, activity and accommodation (903 OC3 codes)',
      description:
        'Stored as parts (accommodation letter and suitability) and given back as the 903 codes too. Refused per record (422): ' +
        'codes not in the OC3 lists (131-133), an activity or accommodation with DIED or RHOM (344), a date in the future or before birth.',
      body: ContactsBody,
      kind: contactKind,
      spec: CONTACTS,
      deleteParams: RecordParams,
      keyParam: 'recordId',
    })

    app.get('/v1/authorities/:la/care-leavers', {
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
    }, async (request) => {
      const { eligibility, planStatus, cursor } = request.query
      const asAt = request.query.asAt ?? todayInEngland()
      const limit = request.query.limit ?? 100
      const rows = await listCareLeavers(db, request.params.la, {
        asAt,
        limit,
        after: cursor ?? null,
        ...(eligibility ? { eligibility } : {}),
        ...(planStatus ? { planStatus } : {}),
      })
      const page = rows.slice(0, limit)
      return {
        asAt,
        items: page.map((r) => ({
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
        nextCursor: rows.length > limit ? (page[page.length - 1]?.childId ?? null) : null,
      }
    })

    app.get('/v1/authorities/:la/children/:childId/care-leaver', {
      schema: {
        tags: TAGS,
        summary: "A young person's leaving care: eligibility, advisers, pathway plans and reviews, contacts",
        security: read,
        params: ChildParams,
        querystring: ChildCareLeaverQuery,
        response: { 200: ChildCareLeaver, ...problemResponses(400, 401, 403, 404) },
      },
      config: { auditRead: true },
    }, async (request) => {
      const { la, childId } = request.params
      const asAt = request.query.asAt ?? todayInEngland()
      const found = await childCareLeaver(db, la, childId)
      if (!found) throw notFound('No such child.')
      const latest = latestPlanActivity(found.plans.map((p) => ({ planDate: p.planDate, reviewDates: p.reviews })), asAt)
      return {
        childId,
        eligibility: found.eligibility,
        pathwayPlan: { ...pathwayPlanStatus(latest, asAt), lastReviewed: latest },
        personalAdvisers: found.advisers,
        pathwayPlans: found.plans,
        contacts: found.contacts.map(toContact),
      }
    })
  }
}
