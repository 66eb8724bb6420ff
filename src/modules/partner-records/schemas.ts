import { Type, type Static, type TSchema, type TUnsafe } from '@sinclair/typebox'
import { FieldErrorSchema } from '../../http/problem.ts'
import { CHILD_ID_PATTERN, ChildId, DateParam, IsoDate, LaCode, Nullable, Text } from '../../http/schemas.ts'

/** The schemas every kind of partner record shares: the batch around the records, ids, the child's address, results. */

export const MAX_BATCH = 1000

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

/** The path of one child's records (a per-child read). */
export const ChildParams = Type.Object({ la: LaCode, childId: ChildId }, { additionalProperties: false })

/** A per-child read's or a list's one parameter: the day it is worked out at. */
export const AsAtQuery = (description: string) => Type.Object({ asAt: Type.Optional(QueryDate(description)) }, { additionalProperties: false })

/** The path of one record by its id (a DELETE). */
export const RecordParams = Type.Object({ la: LaCode, recordId: RecordId }, { additionalProperties: false })

/** A date in a query string: years 1900-2099, the range the date arithmetic and bank holidays serve. */
export const QueryDate = (description: string) => DateParam(description)

/** A request field that may be null (see Nullable: a type list, so coercion keeps null null). */
export function NullOr<T extends TSchema>(schema: T): TUnsafe<Static<T> | null> {
  const nullable = Nullable(schema)
  if (!('type' in nullable)) throw new TypeError('NullOr takes a schema with a single type')
  return nullable
}

const OptionalNullable = <T extends TSchema>(schema: T) => Type.Optional(NullOr(schema))

export const ChildAddress = {
  childId: OptionalNullable(Type.String({ pattern: CHILD_ID_PATTERN, maxLength: 40, description: "The council's child id.", examples: ['C100234'] })),
  nhsNumber: OptionalNullable(
    Text(14, { description: 'The NHS number, 10 digits (spaces allowed): how the health trust finds the child.', examples: ['943 476 5919'] }),
  ),
  upn: OptionalNullable(Text(13, { description: 'The unique pupil number: how the virtual school finds the child.', examples: ['A123456789012'] })),
}

export const PurgeFlag = Type.Optional(Type.Boolean({ description: 'true removes the record (the other fields may then be left out).' }))

/** One of a code list's values, described once. */
export const literals = <T extends string>(values: readonly T[], description: string) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    { description },
  )

/** A date field of a record, with what it means. */
export const DateField = (description: string) => Type.Optional(Type.String({ ...IsoDate, description }))

/** A date field that may be null (not yet happened). */
export const LaterDateField = (description: string) => Type.Optional(NullOr(Type.String({ ...IsoDate, description })))

/** JSON Schema if/else: the listed fields are required unless the record is a purge. */
export function requiredUnlessPurged(fields: string[]) {
  return {
    if: { properties: { purge: { const: true } }, required: ['purge'] },
    else: { required: fields },
  }
}

export const BatchResult = Type.Object(
  {
    index: Type.Integer({ description: 'Position of the record in the request (0 for a single record; the data rows of a CSV file from 0).' }),
    line: Type.Optional(Type.Integer({ description: "For a CSV file: the row's line in the file (the header is line 1 when it comes first)." })),
    recordId: Type.Union([Type.String(), Type.Null()], { description: "The record's id as sent (null when it had none)." }),
    status: Type.Union([Type.Literal('created'), Type.Literal('updated'), Type.Literal('unchanged'), Type.Literal('deleted'), Type.Literal('rejected')], {
      description: 'What happened: unchanged when the stored record already said the same (or a purged record was not held).',
    }),
    statusCode: Type.Optional(
      Type.Integer({ description: 'For a rejected record: 422 invalid, 409 the identifier matches two children, 403 not allowed for this key.' }),
    ),
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
