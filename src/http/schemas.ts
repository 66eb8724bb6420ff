import { CHILD_ID_MAX, CHILD_ID_PATTERN } from '../domain/identifiers.ts'
import { Type, type Static, type TNull, type TSchema, type TUnion, type TUnsafe } from '@sinclair/typebox'

/** Shared schema pieces every module builds its request and response schemas from. */

/**
 * Refuses U+0000 in text: PostgreSQL cannot store it, so it must be a 400 naming the field, never a
 * 500. Every request string without a stricter pattern, a format or an enum carries it (a test walks
 * the OpenAPI document for strays).
 */
export const NO_NUL = '^[^\\x00]*$'
const NON_BLANK = '^[^\\x00]*[^\\x00\\s][^\\x00]*$'

type StringOptions = Omit<StringOptionsOf, 'pattern' | 'maxLength'>
type StringOptionsOf = NonNullable<Parameters<typeof Type.String>[0]>

/** Free text up to maxLength characters, U+0000 refused. */
export const Text = (maxLength: number, options: StringOptions = {}) => Type.String({ ...options, maxLength, pattern: NO_NUL })

/** Text that must say something: not empty, not only spaces, U+0000 refused. */
export const NonBlank = (maxLength: number, options: Omit<StringOptions, 'minLength'> = {}) =>
  Type.String({ ...options, minLength: 1, maxLength, pattern: NON_BLANK })

/** The largest value a PostgreSQL integer (int4) column holds. */
const INT4_MAX = 2_147_483_647

type IntegerOptions = NonNullable<Parameters<typeof Type.Integer>[0]>

/**
 * A whole number a PostgreSQL integer column can hold: 0 to INT4_MAX unless narrower. The bounds also
 * refuse what ajv's coercion makes of "Infinity" or "1e400" (Infinity, which is otherwise an integer
 * to it).
 */
export const Int = (options: IntegerOptions = {}) => Type.Integer({ minimum: 0, maximum: INT4_MAX, ...options })

export const LaCode = Type.String({
  pattern: '^[0-9]{3}$',
  description: "The authority's three-digit DfE local authority code (Rotherham is 372).",
  examples: ['372'],
})

export const LaParams = Type.Object({ la: LaCode }, { additionalProperties: false })
export type LaParams = Static<typeof LaParams>

/**
 * A date a record holds: years 1900-2999. PostgreSQL has no year 0000, which the date format alone
 * lets through; a date in the future is the rules' to refuse (a 422 naming the rule), not the schema's.
 */
const RECORD_DATE_PATTERN = '^(19[0-9]{2}|2[0-9]{3})-[0-9]{2}-[0-9]{2}$'

/** A date a request asks about (as-at, from, to, due): years 1900-2099, what the date arithmetic and bank holidays serve. */
const DATE_PATTERN = '^(19|20)[0-9]{2}-[0-9]{2}-[0-9]{2}$'

export const IsoDate = Type.String({
  format: 'date',
  pattern: RECORD_DATE_PATTERN,
  description: 'A calendar date, YYYY-MM-DD.',
  examples: ['2025-03-31'],
})

/** A date a request names (as-at, from, to; an action's due day): DATE_PATTERN, years 1900-2099. */
export const DateParam = (description: string, examples: string[] = ['2025-03-31']) =>
  Type.String({ format: 'date', pattern: DATE_PATTERN, description, examples })

export const IsoDateTime = Type.String({ format: 'date-time', description: 'A timestamp, ISO 8601 with zone.' })

export { CHILD_ID_PATTERN }

export const ChildId = Type.String({
  pattern: CHILD_ID_PATTERN,
  maxLength: CHILD_ID_MAX,
  description: "The council's own child id (the case-management person id).",
  examples: ['C100234'],
})

/**
 * A value that may be null. For a single-type schema this is a type list, not Type.Union([T, Null]):
 * under coerceTypes (fastify-options.ts) ajv tries the first branch of a union and would turn a null
 * into 0, false or '' there, storing "no value" as a value. A type list keeps null null. An enum (or a
 * union of literals, or a const) gets null in its list of values too, so the contract says a strict
 * client may meet null there.
 */
export function Nullable<T extends TSchema>(schema: T): TUnsafe<Static<T> | null> | TUnion<[T, TNull]> {
  const { type, enum: values, const: constant, ...rest } = schema as { type?: unknown; enum?: unknown[]; const?: unknown }
  if (typeof type === 'string') {
    const choices = values ?? (constant !== undefined ? [constant] : undefined)
    return Type.Unsafe<Static<T> | null>({ ...rest, type: [type, 'null'], ...(choices ? { enum: [...choices, null] } : {}) })
  }
  const literals = literalsOf(schema)
  if (literals) {
    const { anyOf: _branches, ...options } = schema as { anyOf?: unknown }
    return Type.Unsafe<Static<T> | null>({ ...options, type: [literals.type, 'null'], enum: [...literals.values, null] })
  }
  return Type.Union([schema, Type.Null()])
}

/** The values of a union of literals of one type (Type.Union([Type.Literal('a'), ...])); null otherwise. */
function literalsOf(schema: TSchema): { type: string; values: unknown[] } | null {
  const branches = (schema as { anyOf?: Array<{ const?: unknown; type?: unknown }> }).anyOf
  if (!Array.isArray(branches) || branches.length === 0) return null
  const type = branches[0]?.type
  if (typeof type !== 'string' || !branches.every((b) => b.const !== undefined && b.type === type)) return null
  return { type, values: branches.map((b) => b.const) }
}

// Paging moved to pagination.ts; re-exported here until every module imports it from there.
export { PageInfo, PageQuery } from './pagination.ts'
