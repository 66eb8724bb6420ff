import type { FastifyRequest } from 'fastify'
import type { RecordIssue } from '../../domain/health/issues.ts'
import { fieldErrors, type AjvError } from '../../http/field-errors.ts'
import { badRequest, HttpProblem, type FieldError } from '../../http/problem.ts'
import type { ChildMiss, Entry, Issue, RecordOutcomes, RejectStatus, WriteOutcome } from './engine.ts'
import { MAX_BATCH, type BatchResponse, type BatchResult } from './schemas.ts'

/**
 * Partner batches: a POST carries `{ "records": [...] }` or one record alone (a batch of one), and is
 * answered per record. Records are checked one by one: a record that fails its schema or a rule is
 * refused with its own errors and the others are applied, in one transaction. When no record could be
 * applied the answer is a problem (422; 409 or 403 when every record failed for that reason), listing
 * each record's errors.
 */

const singles = new WeakSet<FastifyRequest>()

/**
 * preValidation hook: one record alone becomes a batch of one. The envelope itself is checked here
 * (400 when it is not an object, or `records` is not a list of 1 to MAX_BATCH), so that every schema
 * error left for the handler belongs to one record.
 */
export async function wrapSingleRecord(request: FastifyRequest): Promise<void> {
  const body = request.body
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('The body must be a JSON object: one record, or { "records": [...] }.')
  }
  if (!Object.hasOwn(body, 'records')) {
    request.body = { records: [body] }
    singles.add(request)
    return
  }
  const records = (body as { records: unknown }).records
  const extra = Object.keys(body).filter((k) => k !== 'records')
  if (extra.length) {
    throw badRequest(
      'A batch holds only "records".',
      extra.map((k) => ({ in: 'body', pointer: `/${k}`, message: 'is not a known field' })),
    )
  }
  if (!Array.isArray(records) || records.length < 1 || records.length > MAX_BATCH) {
    throw badRequest(`"records" must be a list of 1 to ${MAX_BATCH} records.`, [
      { in: 'body', pointer: '/records', message: `must be a list of 1 to ${MAX_BATCH} records` },
    ])
  }
}

interface Slot {
  recordId: string | null
  outcome: WriteOutcome | null
  statusCode: RejectStatus | null
  errors: FieldError[]
  warnings: FieldError[]
}

/** A request's records, and the answer the engine's outcomes make of them. */
export interface Batch<T> extends RecordOutcomes {
  /** Records that passed their schema, by their position in the request. */
  entries(): Entry<T>[]
  /** The 200 answer; throws the problem when no record could be applied. */
  answer(): BatchResponse
}

/** Per-record schema errors (attachValidation), by record index. */
function schemaErrors(request: FastifyRequest, single: boolean): Map<number, FieldError[]> {
  const out = new Map<number, FieldError[]>()
  const validation = (request.validationError as { validation?: AjvError[] } | undefined)?.validation
  if (!validation) return out
  // The union's single-record branch fails on every wrapped body at its root: only errors inside a
  // record count (the envelope was checked by hand), less the if/else wrapper's own.
  const inRecords = validation.filter((v) => /^\/records\/\d+(\/|$)/.test(v.instancePath ?? '') && v.keyword !== 'if')
  for (const e of fieldErrors(inRecords, 'body')) {
    const m = /^\/records\/(\d+)(.*)$/.exec(e.pointer)
    if (!m) continue
    const index = Number(m[1])
    const list = out.get(index) ?? []
    list.push(single ? { ...e, pointer: m[2] || '/' } : e)
    out.set(index, list)
  }
  return out
}

/** The answer when every record was refused: one status when they share it, else 422. */
function refusedProblem(slots: readonly Slot[], results: BatchResult[], single: boolean): HttpProblem {
  const codes = new Set(slots.map((s) => s.statusCode))
  const status = codes.size === 1 ? (slots[0]?.statusCode ?? 422) : 422
  const slug = status === 409 ? 'conflict' : status === 403 ? 'forbidden' : 'unprocessable'
  const detail = single ? 'The record was not stored.' : `None of the ${results.length} records was stored: each one's errors are listed.`
  return new HttpProblem(
    status,
    slug,
    detail,
    slots.flatMap((s) => s.errors),
    { results },
  )
}

/** A batch's records as they arrived, and what was wrong with them before any rule ran. */
export interface BatchSource {
  records: readonly unknown[]
  /** Errors by record index: the schema's, and the cells a CSV row could not give. */
  errors: ReadonlyMap<number, FieldError[]>
  /** One record sent alone: its errors point into it, not into a list. */
  single: boolean
  /** Each record's line in a CSV file, given back in the answer. */
  lines?: readonly number[]
}

/** Opens the batch a request carries, after wrapSingleRecord and validation (attachValidation). */
export function openBatch<T>(request: FastifyRequest): Batch<T> {
  // attachValidation is for the records' own errors; a bad path parameter (Fastify checks the params
  // first and stops there) is the whole request's, a 400 like on any other route.
  const refused = request.validationError as (Error & { validationContext?: string }) | undefined
  if (refused && refused.validationContext !== 'body') throw refused
  const single = singles.has(request)
  return batchOf<T>({ records: (request.body as { records: unknown[] }).records, errors: schemaErrors(request, single), single })
}

/** The pointer of a record's field in a batch's errors. */
export const recordPointer = (single: boolean, index: number, field: string): string => (single ? '' : `/records/${index}`) + (field ? `/${field}` : '')

/** A batch over records that passed or failed their checks before the engine: the engine's outcomes go into it. */
export function batchOf<T>(source: BatchSource): Batch<T> {
  const { records, single } = source
  const toFieldError = (index: number, i: Issue): FieldError => ({
    in: 'body',
    pointer: recordPointer(single, index, i.field),
    message: i.message,
    ...(i.rule ? { rule: i.rule } : {}),
  })
  const slots: Slot[] = records.map((r) => {
    const id = r !== null && typeof r === 'object' ? (r as { recordId?: unknown }).recordId : undefined
    return { recordId: typeof id === 'string' ? id : null, outcome: null, statusCode: null, errors: [], warnings: [] }
  })
  for (const [index, errors] of source.errors) {
    const slot = slots[index]
    if (slot) Object.assign(slot, { statusCode: 422, errors })
  }
  const slotAt = (index: number): Slot => {
    const slot = slots[index]
    if (!slot) throw new RangeError(`no record ${index} in this batch`)
    return slot
  }
  const reject = (index: number, statusCode: RejectStatus, issues: readonly Issue[]) => {
    const slot = slotAt(index)
    slot.statusCode = statusCode
    slot.errors.push(...issues.map((i) => toFieldError(index, i)))
  }

  return {
    // The records are the schema's (attachValidation): what passed it has type T.
    entries: () => slots.flatMap((s, ref) => (s.statusCode === null ? [{ ref, value: records[ref] as T }] : [])),
    reject,
    review(index: number, issues: readonly RecordIssue[]) {
      const errors = issues.filter((i) => i.severity === 'error')
      slotAt(index).warnings.push(...issues.filter((i) => i.severity === 'warning').map((i) => toFieldError(index, i)))
      if (errors.length) reject(index, 422, errors)
      return errors.length === 0
    },
    unknownChild(index: number, miss: ChildMiss) {
      reject(index, miss.problem === 'ambiguous' ? 409 : 422, [{ field: miss.field, message: miss.message }])
    },
    settle(index: number, outcome: WriteOutcome) {
      slotAt(index).outcome = outcome
    },
    answer() {
      const results: BatchResult[] = slots.map((s, index) => ({
        index,
        ...(source.lines ? { line: source.lines[index] ?? 0 } : {}),
        recordId: s.recordId,
        status: s.statusCode !== null ? 'rejected' : (s.outcome ?? 'unchanged'),
        ...(s.statusCode !== null ? { statusCode: s.statusCode, errors: s.errors } : {}),
        ...(s.warnings.length ? { warnings: s.warnings } : {}),
      }))
      const count = (status: BatchResult['status']) => results.filter((r) => r.status === status).length
      const summary = {
        created: count('created'),
        updated: count('updated'),
        unchanged: count('unchanged'),
        deleted: count('deleted'),
        rejected: count('rejected'),
      }
      if (summary.rejected === results.length) throw refusedProblem(slots, results, single)
      return { results, summary }
    },
  }
}
