import { Type, type Static, type TNull, type TSchema, type TUnion, type TUnsafe } from '@sinclair/typebox'

/** Shared schema pieces every module builds its request and response schemas from. */

export const LaCode = Type.String({
  pattern: '^[0-9]{3}$',
  description: "The authority's three-digit DfE local authority code (Rotherham is 372).",
  examples: ['372'],
})

export const LaParams = Type.Object({ la: LaCode }, { additionalProperties: false })
export type LaParams = Static<typeof LaParams>

export const IsoDate = Type.String({
  format: 'date',
  description: 'A calendar date, YYYY-MM-DD.',
  examples: ['2025-03-31'],
})

export const IsoDateTime = Type.String({ format: 'date-time', description: 'A timestamp, ISO 8601 with zone.' })

export const ChildId = Type.String({
  pattern: '^[A-Za-z0-9._-]{1,40}$',
  description: "The council's own child id (the case-management person id).",
  examples: ['C100234'],
})

/**
 * A value that may be null. For a single-type schema this is a type list, not Type.Union([T, Null]):
 * under coerceTypes (fastify-options.ts) ajv tries the first branch of a union and would turn a null
 * into 0, false or '' there, storing "no value" as a value. A type list keeps null null.
 */
export function Nullable<T extends TSchema>(schema: T): TUnsafe<Static<T> | null> | TUnion<[T, TNull]> {
  const { type } = schema as { type?: unknown }
  if (typeof type !== 'string') return Type.Union([schema, Type.Null()])
  return Type.Unsafe<Static<T> | null>({ ...schema, type: [type, 'null'] })
}

/** Cursor pagination for long lists: pass `nextCursor` back as `cursor`. */
export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100, description: 'Items per page.' })),
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'The nextCursor of the previous page.' })),
}

export const PageInfo = {
  nextCursor: Nullable(Type.String({ description: 'Pass as cursor for the next page; null on the last page.' })),
}
