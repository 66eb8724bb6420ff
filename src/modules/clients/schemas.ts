import { Type, type Static } from '@sinclair/typebox'
import { SCOPE_NAMES } from '../../domain/auth/scopes.ts'
import { IsoDateTime, Nullable, Text } from '../../http/schemas.ts'

const ScopeName = Type.Union(
  SCOPE_NAMES.map((s) => Type.Literal(s)),
  { description: 'A scope.' },
)

const AuthorityGrant = Type.String({
  pattern: '^([0-9]{3}|\\*)$',
  description: "An authority code the client may use, or '*' for every authority.",
})

export const ApiClient = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    name: Type.String(),
    keyPrefix: Type.String({ description: 'The first characters of the key, to tell keys apart.' }),
    scopes: Type.Array(ScopeName),
    authorities: Type.Array(AuthorityGrant),
    suppressSmallNumbers: Type.Boolean({ description: 'Counts of 1 to 4 are hidden from this client.' }),
    createdAt: IsoDateTime,
    revokedAt: Nullable(IsoDateTime),
  },
  { $id: 'ApiClient', additionalProperties: false },
)
export type ApiClient = Static<typeof ApiClient>

export const NewApiClient = Type.Object(
  {
    name: Text(200, { minLength: 1, examples: ['Rotherham health trust LAC nurses'] }),
    scopes: Type.Array(ScopeName, { minItems: 1, uniqueItems: true, examples: [['health:write']] }),
    authorities: Type.Array(AuthorityGrant, { minItems: 1, uniqueItems: true, examples: [['372']] }),
    suppressSmallNumbers: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false },
)
export type NewApiClient = Static<typeof NewApiClient>

export const CreatedApiClient = Type.Object(
  { client: Type.Ref(ApiClient), key: Type.String({ description: 'The API key. Shown once: store it now.' }) },
  { additionalProperties: false },
)
