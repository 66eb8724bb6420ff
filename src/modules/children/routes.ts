import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'
import { todayInEngland } from '../../domain/dates/today.ts'
import { notFound, problemResponses } from '../../http/problem.ts'
import { LaParams } from '../../http/schemas.ts'
import { requireScope } from '../../plugins/auth.ts'
import { episodeFromBody, headerFromBody } from '../../domain/care-history/normalise.ts'
import { removeChild, saveChild, saveEpisodes } from './service.ts'
import { careHistoryOf, careHistoryPart, findChild, listChildren, ssda903TablesOf, toChild } from './queries.ts'
import {
  CareHistoryResponse,
  CarePeriod,
  Child,
  ChildHeaderBody,
  ChildList,
  ChildListQuery,
  ChildParams,
  ChildSsda903,
  EpisodesBody,
  FindingSchema,
  Placement,
  StoredEpisode,
} from './schemas.ts'

const TAGS = ['children']
const read = requireScope('records:read')
const write = requireScope('records:write')

/** Children and their SSDA903 care histories: /v1/authorities/{la}/children/... */
export function childrenRoutes(db: Kysely<Database>): FastifyPluginAsyncTypebox {
  return async (app) => {
    for (const s of [Child, FindingSchema, StoredEpisode, CarePeriod, Placement]) app.addSchema(s)

    app.get(
      '/v1/authorities/:la/children',
      {
        schema: {
          tags: TAGS,
          summary: 'Children, filtered and paged',
          description: 'Filters: in care on a date (5a: short breaks excluded), age band on that date, UASC, placement type and provider.',
          security: read,
          params: LaParams,
          querystring: ChildListQuery,
          response: { 200: ChildList, ...problemResponses(400, 401, 403) },
        },
        config: { auditRead: true },
      },
      async (request) => {
        const { items, nextCursor } = await listChildren(db, request.params.la, request.query, todayInEngland())
        return { items: items.map(toChild), nextCursor }
      },
    )

    app.get(
      '/v1/authorities/:la/children/:childId',
      {
        schema: {
          tags: TAGS,
          summary: "A child's header and current state",
          security: read,
          params: ChildParams,
          response: { 200: Type.Ref(Child), ...problemResponses(400, 401, 403, 404) },
        },
        config: { auditRead: true },
      },
      async (request) => {
        const row = await findChild(db, request.params.la, request.params.childId)
        if (!row) throw notFound('No such child.')
        return toChild(row)
      },
    )

    app.put(
      '/v1/authorities/:la/children/:childId',
      {
        schema: {
          tags: TAGS,
          summary: "Create or replace a child's header",
          security: write,
          params: ChildParams,
          body: ChildHeaderBody,
          response: { 200: Type.Ref(Child), 201: Type.Ref(Child), ...problemResponses(400, 401, 403, 404, 422) },
        },
      },
      async (request, reply) => {
        const { la, childId } = request.params
        const header = headerFromBody(childId, request.body)
        return reply.auditedWrite(async (trx) => {
          const created = await saveChild(trx, la, header, todayInEngland())
          const row = await findChild(trx, la, childId)
          reply.code(created ? 201 : 200)
          return toChild(row as NonNullable<typeof row>)
        })
      },
    )

    app.delete(
      '/v1/authorities/:la/children/:childId',
      {
        schema: {
          tags: TAGS,
          summary: 'Remove a child with their episodes and everything derived from them',
          security: write,
          params: ChildParams,
          response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const { la, childId } = request.params
        return reply.auditedWrite(async (trx) => {
          if (!(await removeChild(trx, la, childId))) throw notFound('No such child.')
          reply.code(204)
          return null
        })
      },
    )

    app.put(
      '/v1/authorities/:la/children/:childId/episodes',
      {
        schema: {
          tags: TAGS,
          summary: "Replace a child's whole episode list",
          description:
            'The list is checked as a sequence (DfE 903 rules: first episode RNE S, no overlaps, X1 continuations, RNE ' +
            'consistent with what changed, temporary placements returning, reason for placement change...). Findings the ' +
            'DfE treats as errors refuse the write with 422 listing each; warnings are stored and returned. Periods of ' +
            'care, placements and the current state are derived in the same transaction.',
          security: write,
          params: ChildParams,
          body: EpisodesBody,
          response: { 200: CareHistoryResponse, ...problemResponses(400, 401, 403, 404, 422) },
        },
      },
      async (request, reply) => {
        const { la, childId } = request.params
        const episodes = request.body.episodes.map(episodeFromBody)
        return reply.auditedWrite(async (trx) => {
          await saveEpisodes(trx, la, childId, episodes, todayInEngland())
          return careHistoryOf(trx, la, childId)
        })
      },
    )

    // Each part's full path is written out, so a grep of the URL finds it here.
    const historyPart = <K extends 'episodes' | 'carePeriods' | 'placements'>(
      url: string,
      part: K,
      summary: string,
      item: typeof StoredEpisode | typeof CarePeriod | typeof Placement,
    ) =>
      app.get(
        url,
        {
          schema: {
            tags: TAGS,
            summary,
            security: read,
            params: ChildParams,
            response: { 200: Type.Object({ items: Type.Array(Type.Ref(item)) }), ...problemResponses(400, 401, 403, 404) },
          },
          config: { auditRead: true },
        },
        async (request) => {
          const { la, childId } = request.params
          if (!(await findChild(db, la, childId))) throw notFound('No such child.')
          // Only the table asked for is read: one statement, not the whole history.
          return { items: await careHistoryPart(db, la, childId, part) }
        },
      )
    historyPart(
      '/v1/authorities/:la/children/:childId/episodes',
      'episodes',
      "A child's episodes, with what each means (move, temporary, short break)",
      StoredEpisode,
    )
    historyPart(
      '/v1/authorities/:la/children/:childId/placements',
      'placements',
      "A child's placements (same-carer spells; temporary placements inside them)",
      Placement,
    )
    historyPart('/v1/authorities/:la/children/:childId/care-periods', 'carePeriods', "A child's periods of care (admission to cessation)", CarePeriod)

    app.get(
      '/v1/authorities/:la/children/:childId/ssda903',
      {
        schema: {
          tags: TAGS,
          summary: "A child's other 903 tables: MOTHER and MC_DOB, reviews, missing, OC2, AD1, placed for adoption, previous permanence, social workers",
          description: 'As the integration last sent them (903 return or JSON snapshot); each list in a stable order. OC2 has one row per source that gave it.',
          security: requireScope('records:read', 'child:read'),
          params: ChildParams,
          response: { 200: ChildSsda903, ...problemResponses(400, 401, 403, 404) },
        },
        config: { auditRead: true },
      },
      async (request) => {
        const child = await findChild(db, request.params.la, request.params.childId)
        if (!child) throw notFound('No such child.')
        return ssda903TablesOf(db, child)
      },
    )
  }
}
