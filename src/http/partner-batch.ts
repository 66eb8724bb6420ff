import { Type, type Static, type TSchema, type TUnsafe } from '@sinclair/typebox'
import type { FastifyRequest } from 'fastify'
import type { RecordIssue } from '../domain/health/issues.ts'
import { fieldErrors } from './field-errors.ts'
import { badRequest, HttpProblem, type FieldError, FieldErrorSchema } from './problem.ts'
import { CHILD_ID_PATTERN, DateParam, Nullable, Text } from './schemas.ts'

/**
 * Partner batches: a POST carries `{ "records": [...] }` or one record alone (a batch of one), and is
 * answered per record. Records are checked one by one: a record that fails its schema or a rule is
 * refused with its own errors and the others are applied, in one transaction. When no record could be
 * applied the answer is a problem (422; 409 or 403 when every record failed for that reason), listing
 * each record's errors.
 */

export const MAX_BATCH = 1000

export type WriteOutcome = 'created' | 'updated' | 'unchanged' | 'deleted'
export type RejectStatus = 403 | 409 | 422

/** The body schema: a batch, or one record alone. */
export function batchBody<T extends TSchema>(record: T, options: { description: string; examples: unknown[] }) {
  return Type.Union(
    [
      Type.Object(
        { records: Type.Array(record, { minItems: 1, maxItems: MAX_BATCH, description: `1 to ${MAX_BATCH} records.` }) },
        { additionalProperties: false, title: 'Batch' },
      ),
      record,
    ],
    { description: options.description, examples: options.examples },
  )
}

/**
 * What a partner's record id may be (it is also read back out of cursors), up to 100 characters: not
 * dots alone, which a path could not name (see CHILD_ID_PATTERN).
 */
export const RECORD_ID_PATTERN = '^[A-Za-z0-9._:-]*[A-Za-z0-9_:-][A-Za-z0-9._:-]*$'

/** Fields every partner record may carry to say which child it is about, and to remove it. */
export const RecordId = Type.String({
  pattern: RECORD_ID_PATTERN,
  maxLength: 100,
  description:
    "The partner system's own id for this record (letters, digits, . _ : -). Posting the same id again updates the " +
    'record. Ids are per authority and per kind of record: prefix them with your system name if two systems post.',
  examples: ['RHH-IHA-000123'],
})

/** A date in a query string: years 1900-2099, the range the date arithmetic and bank holidays serve. */
export const QueryDate = (description: string) => DateParam(description)

/** A request field that may be null (see Nullable: a type list, so coercion keeps null null). */
export function NullOr<T extends TSchema>(schema: T): TUnsafe<Static<T> | null> {
  const nullable = Nullable(schema)
  if (!('type' in nullable)) throw new TypeError('NullOr takes a schema with a single type')
  return nullable as TUnsafe<Static<T> | null>
}

const OptionalNullable = <T extends TSchema>(schema: T) => Type.Optional(NullOr(schema))

export const ChildAddress = {
  childId: OptionalNullable(Type.String({ pattern: CHILD_ID_PATTERN, maxLength: 40, description: "The council's child id.", examples: ['C100234'] })),
  nhsNumber: OptionalNullable(
    Text(14, { description: 'The NHS number, 10 digits (spaces allowed): how the health trust finds the child.', examples: ['943 476 5919'] }),
  ),
  upn: OptionalNullable(
    Text(13, { description: 'The unique pupil number: how the virtual school finds the child.', examples: ['A123456789012'] }),
  ),
}

export const PurgeFlag = Type.Optional(
  Type.Boolean({ description: 'true removes the record (the other fields may then be left out).' }),
)

/** JSON Schema if/else: the listed fields are required unless the record is a purge. */
export function requiredUnlessPurged(fields: string[]) {
  return {
    if: { properties: { purge: { const: true } }, required: ['purge'] },
    else: { required: fields },
  }
}

export const BatchResult = Type.Object(
  {
    index: Type.Integer({ description: 'Position of the record in the request (0 for a single record).' }),
    recordId: Type.Union([Type.String(), Type.Null()], { description: "The record's id as sent (null when it had none)." }),
    status: Type.Union(
      [Type.Literal('created'), Type.Literal('updated'), Type.Literal('unchanged'), Type.Literal('deleted'), Type.Literal('rejected')],
      { description: 'What happened: unchanged when the stored record already said the same (or a purged record was not held).' },
    ),
    statusCode: Type.Optional(Type.Integer({ description: 'For a rejected record: 422 invalid, 409 the identifier matches two children, 403 not allowed for this key.' })),
    errors: Type.Optional(Type.Array(FieldErrorSchema, { description: 'Why the record was refused.' })),
    warnings: Type.Optional(Type.Array(FieldErrorSchema, { description: 'Stored, but worth a second look (DfE queries).' })),
  },
  { $id: 'BatchResult', additionalProperties: false },
)
export type BatchResult = Static<typeof BatchResult>

export const BatchResponse = Type.Object(
  {
    results: Type.Array(Type.Ref(BatchResult)),
    summary: Type.Object(
      {
        created: Type.Integer(),
        updated: Type.Integer(),
        unchanged: Type.Integer(),
        deleted: Type.Integer(),
        rejected: Type.Integer(),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
)
export type BatchResponse = Static<typeof BatchResponse>

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
    throw badRequest('A batch holds only "records".', extra.map((k) => ({ in: 'body', pointer: `/${k}`, message: 'is not a known field' })))
  }
  if (!Array.isArray(records) || records.length < 1 || records.length > MAX_BATCH) {
    throw badRequest(`"records" must be a list of 1 to ${MAX_BATCH} records.`, [
      { in: 'body', pointer: '/records', message: `must be a list of 1 to ${MAX_BATCH} records` },
    ])
  }
}

export interface BatchRecord<T> {
  index: number
  value: T
}

interface Slot {
  recordId: string | null
  outcome: WriteOutcome | null
  statusCode: RejectStatus | null
  errors: FieldError[]
  warnings: FieldError[]
}

export interface Batch<T> {
  /** Records that passed their schema and have not been refused since. */
  live(): BatchRecord<T>[]
  reject(index: number, statusCode: RejectStatus, issues: ReadonlyArray<Pick<RecordIssue, 'field' | 'message' | 'rule'>>): void
  /** Takes a record's issues: errors refuse it (422), warnings stay with it. True when it is still live. */
  review(index: number, issues: readonly RecordIssue[]): boolean
  /** Refuses every record whose key appears more than once among the live ones. */
  rejectDuplicates(keyOf: (r: BatchRecord<T>) => string | null, field: string): void
  settle(index: number, outcome: WriteOutcome): void
  /** The 200 answer; throws the problem when no record could be applied. */
  answer(): BatchResponse
}

/** Per-record schema errors (attachValidation), by record index. */
function schemaErrors(request: FastifyRequest, single: boolean): Map<number, FieldError[]> {
  const out = new Map<number, FieldError[]>()
  const validation = (request.validationError as { validation?: Array<{ instancePath?: string; keyword?: string }> } | undefined)?.validation
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

/** Opens the batch a request carries, after wrapSingleRecord and validation (attachValidation). */
export function openBatch<T>(request: FastifyRequest): Batch<T> {
  // attachValidation is for the records' own errors; a bad path parameter (Fastify checks the params
  // first and stops there) is the whole request's, a 400 like on any other route.
  const refused = request.validationError as (Error & { validationContext?: string }) | undefined
  if (refused && refused.validationContext !== 'body') throw refused
  const single = singles.has(request)
  const records = (request.body as { records: unknown[] }).records
  const pointer = (index: number, field: string) => (single ? '' : `/records/${index}`) + (field ? `/${field}` : '')
  const toFieldError = (index: number, i: Pick<RecordIssue, 'field' | 'message' | 'rule'>): FieldError => ({
    in: 'body',
    pointer: pointer(index, i.field),
    message: i.message,
    ...(i.rule ? { rule: i.rule } : {}),
  })
  const slots: Slot[] = records.map((r) => {
    const id = r !== null && typeof r === 'object' ? (r as { recordId?: unknown }).recordId : undefined
    return { recordId: typeof id === 'string' ? id : null, outcome: null, statusCode: null, errors: [], warnings: [] }
  })
  for (const [index, errors] of schemaErrors(request, single)) {
    const slot = slots[index]
    if (slot) Object.assign(slot, { statusCode: 422, errors })
  }
  const slotAt = (index: number): Slot => {
    const slot = slots[index]
    if (!slot) throw new RangeError(`no record ${index} in this batch`)
    return slot
  }

  const batch: Batch<T> = {
    live: () =>
      slots.flatMap((s, index) => (s.statusCode === null && s.outcome === null ? [{ index, value: records[index] as T }] : [])),
    reject(index, statusCode, issues) {
      const slot = slotAt(index)
      slot.statusCode = statusCode
      slot.errors.push(...issues.map((i) => toFieldError(index, i)))
    },
    review(index, issues) {
      const slot = slotAt(index)
      const errors = issues.filter((i) => i.severity === 'error')
      slot.warnings.push(...issues.filter((i) => i.severity === 'warning').map((i) => toFieldError(index, i)))
      if (errors.length) batch.reject(index, 422, errors)
      return errors.length === 0
    },
    rejectDuplicates(keyOf, field) {
      const byKey = new Map<string, number[]>()
      for (const r of batch.live()) {
        const key = keyOf(r)
        if (key !== null) byKey.set(key, [...(byKey.get(key) ?? []), r.index])
      }
      for (const indexes of byKey.values()) {
        if (indexes.length < 2) continue
        for (const index of indexes) {
          batch.reject(index, 422, [{ field, message: `the batch holds ${indexes.length} records for this ${field}: send each once` }])
        }
      }
    },
    settle(index, outcome) {
      slotAt(index).outcome = outcome
    },
    answer() {
      const results: BatchResult[] = slots.map((s, index) => ({
        index,
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
      if (summary.rejected === results.length) {
        const codes = new Set(slots.map((s) => s.statusCode))
        const status = codes.size === 1 ? (slots[0]?.statusCode ?? 422) : 422
        const slug = status === 409 ? 'conflict' : status === 403 ? 'forbidden' : 'unprocessable'
        const detail = single
          ? 'The record was not stored.'
          : `None of the ${results.length} records was stored: each one's errors are listed.`
        throw new HttpProblem(status, slug, detail, slots.flatMap((s) => s.errors), { results })
      }
      return { results, summary }
    },
  }
  return batch
}
