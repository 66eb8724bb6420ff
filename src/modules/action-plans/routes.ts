import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../db/database.ts'
import { todayInEngland } from '../../domain/dates/today.ts'
import { notFound, problemResponses } from '../../http/problem.ts'
import { LaParams } from '../../http/schemas.ts'
import { requireScope } from '../../plugins/auth.ts'
import { prepareActionPlanImport, storeActionPlanImport } from './service.ts'
import {
  addProgressUpdate,
  changeDueDate,
  createItem,
  createPlan,
  deleteItem,
  deletePlan,
  deletePriority,
  getItem,
  getPlan,
  listItems,
  listPlans,
  listProgressUpdates,
  planProgress,
  putPriority,
  setRagOverride,
  updateItem,
  updatePlan,
} from './queries.ts'
import {
  ActionItem,
  ActionPlan,
  ActionPriority,
  AsAtQuery,
  DueDateBody,
  ImportBody,
  ImportResult,
  ItemListQuery,
  ItemParams,
  ItemPatch,
  NewItem,
  NewPlan,
  NewProgressUpdate,
  PlanParams,
  PlanPatch,
  PlanProgress,
  PriorityBody,
  PriorityParams,
  ProgressUpdate,
  RagOverrideBody,
  sharedSchemas,
} from './schemas.ts'

const tags = ['action-plans']
const NoContent = Type.Null({ description: 'Done; no body.' })

type Work<T> = (trx: Transaction<Database>) => Promise<T>
/** A write answered 201 with what it made, committed with its audit event. */
function created<T>(reply: FastifyReply, work: Work<T>): Promise<T> {
  return reply.auditedWrite(async (trx) => {
    const made = await work(trx)
    reply.code(201)
    return made
  })
}
/** A write answered 204, committed with its audit event. */
function noContent(reply: FastifyReply, work: Work<void>): Promise<null> {
  return reply.auditedWrite(async (trx) => {
    await work(trx)
    reply.code(204)
    return null
  })
}

/**
 * The corporate parenting board's action plan. `kpi:read` (dashboards, the board's scorecard) and
 * `actions:write` (board officers, who need to see what they change) read; only `actions:write` writes.
 */
export function actionPlanRoutes(db: Kysely<Database>): FastifyPluginAsyncTypebox {
  return async (app) => {
    for (const schema of sharedSchemas) app.addSchema(schema)
    const read = requireScope('kpi:read', 'actions:write')
    const write = requireScope('actions:write')
    const asAtOf = (q: { asAt?: string | undefined }) => q.asAt ?? todayInEngland()

    // ---- plans

    app.get(
      '/v1/authorities/:la/action-plans',
      {
        schema: {
          tags,
          summary: "List the authority's action plans",
          security: read,
          params: LaParams,
          response: { 200: Type.Object({ items: Type.Array(Type.Ref(ActionPlan)) }), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => ({ items: await listPlans(db, request.params.la) }),
    )

    app.post(
      '/v1/authorities/:la/action-plans',
      {
        schema: {
          tags,
          summary: 'Create an action plan (optionally with its priorities)',
          security: write,
          params: LaParams,
          body: NewPlan,
          response: { 201: Type.Ref(ActionPlan), ...problemResponses(400, 401, 403, 404, 422) },
        },
      },
      async (request, reply) => created(reply, (trx) => createPlan(trx, request.params.la, request.body)),
    )

    app.post(
      '/v1/authorities/:la/action-plans/import',
      {
        schema: {
          tags,
          summary: "Import a plan from the board's table (CSV or JSON export)",
          description:
            'Reads the table (Ref, Action, Progress Update, Lead Officer, By When, RAG Status; optionally Priority) into a new plan ' +
            'with its priorities, actions, dated progress updates and the due-date re-sets written in the By When cells, in one ' +
            'transaction. Every cell is kept as written beside its reading. Warnings (a ref that does not fit its priority, wording ' +
            'that could not be read) come back as findings and the rows are imported as written; errors (a missing Ref or Action ' +
            'column, a ref used twice) refuse the import with 422 and the findings, storing nothing.',
          security: write,
          params: LaParams,
          body: ImportBody,
          response: { 201: ImportResult, ...problemResponses(400, 401, 403, 404, 422) },
        },
      },
      async (request, reply) => {
        const prepared = prepareActionPlanImport(request.params.la, request.body)
        return created(reply, (trx) => storeActionPlanImport(trx, request.params.la, prepared))
      },
    )

    app.get(
      '/v1/authorities/:la/action-plans/:planId',
      {
        schema: {
          tags,
          summary: 'An action plan with its priorities',
          security: read,
          params: PlanParams,
          response: { 200: Type.Ref(ActionPlan), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const plan = await getPlan(db, request.params.la, request.params.planId)
        if (!plan) throw notFound('No such action plan for this authority.')
        return plan
      },
    )

    app.patch(
      '/v1/authorities/:la/action-plans/:planId',
      {
        schema: {
          tags,
          summary: "Change a plan's title, board or period",
          security: write,
          params: PlanParams,
          body: PlanPatch,
          response: { 200: Type.Ref(ActionPlan), ...problemResponses(400, 401, 403, 404, 422) },
        },
      },
      async (request, reply) => reply.auditedWrite((trx) => updatePlan(trx, request.params.la, request.params.planId, request.body)),
    )

    app.delete(
      '/v1/authorities/:la/action-plans/:planId',
      {
        schema: {
          tags,
          summary: 'Delete a plan with its priorities, actions, updates and due-date history',
          security: write,
          params: PlanParams,
          response: { 204: NoContent, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => noContent(reply, (trx) => deletePlan(trx, request.params.la, request.params.planId)),
    )

    app.put(
      '/v1/authorities/:la/action-plans/:planId/priorities/:number',
      {
        schema: {
          tags,
          summary: 'Create or change a priority (title, champions, leads)',
          security: write,
          params: PriorityParams,
          body: PriorityBody,
          response: { 200: Type.Ref(ActionPriority), 201: Type.Ref(ActionPriority), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const { la, planId, number } = request.params
        return reply.auditedWrite(async (trx) => {
          const { priority, created } = await putPriority(trx, la, planId, number, request.body)
          reply.code(created ? 201 : 200)
          return priority
        })
      },
    )

    app.delete(
      '/v1/authorities/:la/action-plans/:planId/priorities/:number',
      {
        schema: {
          tags,
          summary: 'Delete a priority that has no actions',
          security: write,
          params: PriorityParams,
          response: { 204: NoContent, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        const { la, planId, number } = request.params
        return noContent(reply, (trx) => deletePriority(trx, la, planId, number))
      },
    )

    app.get(
      '/v1/authorities/:la/action-plans/:planId/progress',
      {
        schema: {
          tags,
          summary: 'Progress of actions at a day: counts by status and RAG, overdue actions, due dates that moved',
          description:
            'Counts by status (as the annual report\'s "progress of actions" chart) and by RAG colour derived for asAt, overall and per ' +
            'priority; the actions past their due date at asAt and not complete; the actions whose due date was re-set and how often. ' +
            "Statuses are those that stood on asAt, from each action's status history (before an action's first recorded " +
            'status, that first one); due dates are the current ones.',
          security: read,
          params: PlanParams,
          querystring: AsAtQuery,
          response: { 200: Type.Ref(PlanProgress), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => planProgress(db, request.params.la, request.params.planId, asAtOf(request.query)),
    )

    // ---- actions

    app.get(
      '/v1/authorities/:la/action-plans/:planId/actions',
      {
        schema: {
          tags,
          summary: "A plan's actions, with their RAG colour at asAt, due-date history and progress updates",
          security: read,
          params: PlanParams,
          querystring: ItemListQuery,
          response: {
            200: Type.Object({ asAt: Type.String({ format: 'date' }), items: Type.Array(Type.Ref(ActionItem)) }),
            ...problemResponses(400, 401, 403, 404),
          },
        },
      },
      async (request) => {
        const asAt = asAtOf(request.query)
        return { asAt, items: await listItems(db, request.params.la, request.params.planId, request.query, asAt) }
      },
    )

    app.post(
      '/v1/authorities/:la/action-plans/:planId/actions',
      {
        schema: {
          tags,
          summary: 'Add an action',
          security: write,
          params: PlanParams,
          body: NewItem,
          response: { 201: Type.Ref(ActionItem), ...problemResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) => created(reply, (trx) => createItem(trx, request.params.la, request.params.planId, request.body, todayInEngland())),
    )

    app.get(
      '/v1/authorities/:la/action-plans/:planId/actions/:actionId',
      {
        schema: {
          tags,
          summary: 'An action, with its RAG colour at asAt',
          security: read,
          params: ItemParams,
          querystring: AsAtQuery,
          response: { 200: Type.Ref(ActionItem), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const { la, planId, actionId } = request.params
        return getItem(db, la, planId, actionId, asAtOf(request.query))
      },
    )

    app.patch(
      '/v1/authorities/:la/action-plans/:planId/actions/:actionId',
      {
        schema: {
          tags,
          summary: 'Change an action (not its due date: POST .../due-date keeps the history)',
          security: write,
          params: ItemParams,
          body: ItemPatch,
          response: { 200: Type.Ref(ActionItem), ...problemResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) => {
        const { la, planId, actionId } = request.params
        return reply.auditedWrite((trx) => updateItem(trx, la, planId, actionId, request.body, todayInEngland()))
      },
    )

    app.delete(
      '/v1/authorities/:la/action-plans/:planId/actions/:actionId',
      {
        schema: {
          tags,
          summary: 'Delete an action with its updates and due-date history',
          security: write,
          params: ItemParams,
          response: { 204: NoContent, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const { la, planId, actionId } = request.params
        return noContent(reply, (trx) => deleteItem(trx, la, planId, actionId))
      },
    )

    app.post(
      '/v1/authorities/:la/action-plans/:planId/actions/:actionId/due-date',
      {
        schema: {
          tags,
          summary: 'Move the due date, with a reason; the change is kept',
          description:
            'Send the new By When wording (the due date is read from it) and/or the date itself, the reason, and optionally the day ' +
            'the board moved it (default today). Answers with the action, whose dueDateChanges lists every change, oldest first.',
          security: write,
          params: ItemParams,
          body: DueDateBody,
          response: { 200: Type.Ref(ActionItem), ...problemResponses(400, 401, 403, 404, 422) },
        },
      },
      async (request, reply) => {
        const { la, planId, actionId } = request.params
        const today = todayInEngland()
        return reply.auditedWrite((trx) => changeDueDate(trx, la, planId, actionId, request.body, request.body.changedOn ?? today, today))
      },
    )

    app.put(
      '/v1/authorities/:la/action-plans/:planId/actions/:actionId/rag-override',
      {
        schema: {
          tags,
          summary: 'Override the derived RAG colour, with a reason',
          security: write,
          params: ItemParams,
          body: RagOverrideBody,
          response: { 200: Type.Ref(ActionItem), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const { la, planId, actionId } = request.params
        return reply.auditedWrite((trx) => setRagOverride(trx, la, planId, actionId, request.body, todayInEngland()))
      },
    )

    app.delete(
      '/v1/authorities/:la/action-plans/:planId/actions/:actionId/rag-override',
      {
        schema: {
          tags,
          summary: 'Clear the RAG override: the colour is derived again',
          security: write,
          params: ItemParams,
          response: { 200: Type.Ref(ActionItem), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const { la, planId, actionId } = request.params
        return reply.auditedWrite((trx) => setRagOverride(trx, la, planId, actionId, null, todayInEngland()))
      },
    )

    app.get(
      '/v1/authorities/:la/action-plans/:planId/actions/:actionId/updates',
      {
        schema: {
          tags,
          summary: "An action's dated progress updates, in date order",
          security: read,
          params: ItemParams,
          response: { 200: Type.Object({ items: Type.Array(Type.Ref(ProgressUpdate)) }), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const { la, planId, actionId } = request.params
        return { items: await listProgressUpdates(db, la, planId, actionId) }
      },
    )

    app.post(
      '/v1/authorities/:la/action-plans/:planId/actions/:actionId/updates',
      {
        schema: {
          tags,
          summary: 'Add a dated progress update',
          security: write,
          params: ItemParams,
          body: NewProgressUpdate,
          response: { 201: Type.Ref(ProgressUpdate), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const { la, planId, actionId } = request.params
        return created(reply, (trx) => addProgressUpdate(trx, la, planId, actionId, request.body, request.body.date ?? todayInEngland()))
      },
    )
  }
}
