import { Type, type Static } from '@sinclair/typebox'
import { pageQuery, PageInfo } from '../../http/pagination.ts'
import { IsoDateTime, LaCode, Nullable, Text } from '../../http/schemas.ts'

export const AuditEvent = Type.Object(
  {
    id: Type.Integer(),
    at: IsoDateTime,
    clientId: Nullable(Type.String()),
    la: Nullable(Type.String()),
    action: Type.String({ description: 'read, post, put, patch or delete.' }),
    resource: Type.String({ description: 'The route, e.g. /v1/authorities/:la/children/:childId.' }),
    resourceId: Nullable(Type.String({ description: 'The id named in the path (e.g. the child id).' })),
    requestId: Type.String(),
    status: Nullable(Type.Integer({ description: 'The HTTP status the request got.' })),
  },
  { additionalProperties: false },
)
export type AuditEvent = Static<typeof AuditEvent>

export const AuditQuery = Type.Object(
  {
    clientId: Type.Optional(Type.String({ format: 'uuid' })),
    la: Type.Optional(LaCode),
    resource: Type.Optional(Text(300, { description: 'Route pattern, exact.' })),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'From this time (inclusive).' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'Before this time (exclusive).' })),
    // 18 digits: every value a bigint id column holds can be written so, and none beyond it.
    ...pageQuery({ cursor: Type.String({ pattern: '^[0-9]{1,18}$', description: 'The nextCursor of the previous page.' }) }),
  },
  { additionalProperties: false },
)
export type AuditQuery = Static<typeof AuditQuery>

export const AuditPage = Type.Object({ items: Type.Array(AuditEvent), ...PageInfo })
