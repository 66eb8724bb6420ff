import { AjvCompiler } from '@fastify/ajv-compiler'
import type { TObject } from '@sinclair/typebox'
import { csvOfRows } from '../../domain/csv.ts'
import { AJV_OPTIONS } from '../../http/fastify-options.ts'
import { fieldErrors, type AjvError } from '../../http/field-errors.ts'
import type { FieldError } from '../../http/problem.ts'
import { recordPointer, type BatchSource } from './batch.ts'
import type { CsvRow } from './csv-input.ts'
import type { BatchResponse } from './schemas.ts'

/** A CSV file's rows as a batch, and a batch's answer as CSV: the file-shaped side of the partner endpoints. */

type Validate = ((value: unknown) => boolean) & { errors?: AjvError[] | null }

const compile = AjvCompiler()({}, { customOptions: { ...AJV_OPTIONS } })
const validators = new WeakMap<TObject, Validate>()

/** The record's schema compiled as Fastify compiles a route's, once per schema. */
function validatorOf(record: TObject): Validate {
  let validate = validators.get(record)
  if (!validate) {
    validate = compile({ schema: record, method: 'POST', url: '/partner-csv', httpPart: 'body' }) as Validate
    validators.set(record, validate)
  }
  return validate
}

const YIELD_EVERY = 1000

/**
 * The rows of a file as a batch's source: a row whose cells could not all be read keeps those errors;
 * the others are checked against the record's schema, as a JSON record is. Errors point at
 * `/records/{index}/{field}`, and each result carries its row's line.
 */
export async function csvSource(rows: readonly CsvRow[], record: TObject): Promise<BatchSource> {
  const validate = validatorOf(record)
  const errors = new Map<number, FieldError[]>()
  for (const [index, row] of rows.entries()) {
    const at = (field: string) => recordPointer(false, index, field)
    if (row.errors.length) {
      errors.set(
        index,
        row.errors.map((e) => ({ in: 'body', pointer: at(e.field), message: e.message })),
      )
    } else if (!validate(row.record)) {
      const found = fieldErrors(validate.errors ?? [], 'body')
      errors.set(
        index,
        found.map((e) => ({ ...e, pointer: at(e.pointer.replace(/^\//, '')) })),
      )
    }
    if (index % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resolve) => setImmediate(resolve))
  }
  return { records: rows.map((r) => r.record), errors, single: false, lines: rows.map((r) => r.line) }
}

/** A result's errors or warnings as one cell: `date: is in the future; nhsNumber: ...` (the field named without the record's place). */
const listed = (errors: readonly FieldError[] | undefined): string =>
  (errors ?? []).map((e) => `${e.pointer.replace(/^\/records\/\d+/, '').replace(/^\//, '') || 'row'}: ${e.message}${e.rule ? ` [${e.rule}]` : ''}`).join('; ')

export const RESULT_COLUMNS = ['line', 'index', 'recordId', 'status', 'statusCode', 'errors', 'warnings'] as const

/** The per-record results as CSV, a row per record in the order sent, for a data officer to open beside the file. */
export function resultsCsv(answer: BatchResponse): string {
  return csvOfRows(
    RESULT_COLUMNS,
    answer.results.map((r) => [r.line ?? null, r.index, r.recordId, r.status, r.statusCode ?? null, listed(r.errors), listed(r.warnings)]),
  )
}
