import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import { holdsAuthority } from '../domain/auth/authorities.ts'
import { hashApiKey, looksLikeApiKey, sameHash } from '../domain/auth/api-keys.ts'
import { isScope, type Scope } from '../domain/auth/scopes.ts'
import { HttpProblem } from '../http/problem.ts'

export interface AuthenticatedClient {
  id: string
  name: string
  scopes: Set<Scope>
  /** '*' means every authority. */
  authorities: Set<string>
  suppressSmallNumbers: boolean
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The API client behind the request; set by the auth hook on every protected route. */
    client: AuthenticatedClient | null
  }
  interface FastifyInstance {
    /** Forget cached keys (after a revocation) so the next request is checked against the database. */
    forgetApiClients(): void
  }
}

/** The OpenAPI security scheme name every protected route uses. */
export const SECURITY_SCHEME = 'bearerAuth'

/** The security requirement for a route that needs any one of these scopes. */
export function requireScope(...scopes: Scope[]): Array<Record<string, Scope[]>> {
  return scopes.map((s) => ({ [SECURITY_SCHEME]: [s] }))
}

// Each route's scopes, worked out on its first request rather than on every one.
const scopesBySchema = new WeakMap<object, Scope[] | null>()

/** Scopes a route accepts, read from its schema's security (any one of them suffices). */
function routeScopes(request: FastifyRequest): Scope[] | null {
  const schema = request.routeOptions.schema as { security?: Array<Record<string, string[]>> } | undefined
  if (!schema) return null
  const known = scopesBySchema.get(schema)
  if (known !== undefined) return known
  const security = schema.security
  const scopes = !security || security.length === 0 ? null : security.flatMap((req) => req[SECURITY_SCHEME] ?? []).filter(isScope)
  scopesBySchema.set(schema, scopes)
  return scopes
}

const unauthorized = () => new HttpProblem(401, 'unauthorized', 'A valid API key is required: send it as "Authorization: Bearer <key>".')
const forbidden = (detail: string) => new HttpProblem(403, 'forbidden', detail)

/** How long a verified key is trusted without asking the database again. Revocation clears it at once. */
const CACHE_MS = 5_000
/** In its last second a key's entry is still used, while one lookup renews it in the background. */
const RENEW_AHEAD_MS = 1_000

/**
 * Authentication and authorisation for every route registered in the scope this plugin is added to
 * (encapsulated: health checks and the docs sit outside it). A route without a declared scope is a
 * start-up error, so no route can be open by accident.
 */
export function authPlugin(db: Kysely<Database>) {
  return fp(
    async function auth(app: FastifyInstance) {
      const cache = new Map<string, { client: AuthenticatedClient | null; until: number }>()
      // One lookup per key at a time. A dashboard key answering 1,000 requests a second used to send a
      // query per request each time its entry expired; with the database busy (a nightly import) those
      // queries took the whole pool, and every other request waited 5 s for a connection and got 503.
      const lookups = new Map<string, Promise<AuthenticatedClient | null>>()
      // Moved on by a revocation, so a lookup sent before it cannot put the key back in the cache.
      let generation = 0
      app.decorate('forgetApiClients', () => {
        generation++
        cache.clear()
        lookups.clear()
      })
      app.decorateRequest('client', null)

      app.addHook('onRoute', (route) => {
        const security = (route.schema as { security?: unknown[] } | undefined)?.security
        if (!Array.isArray(security) || security.length === 0) {
          throw new Error(`route ${[route.method].flat().join(',')} ${route.url} declares no scope (schema.security)`)
        }
      })

      async function lookUp(hash: string): Promise<AuthenticatedClient | null> {
        const started = generation
        const row = await db
          .selectFrom('api_clients')
          .select(['id', 'name', 'keyHash', 'scopes', 'authorities', 'suppressSmallNumbers', 'revokedAt'])
          .where('keyHash', '=', hash)
          .executeTakeFirst()
        const client =
          row && row.revokedAt === null && sameHash(row.keyHash, hash)
            ? {
                id: row.id,
                name: row.name,
                scopes: new Set(row.scopes.filter(isScope)),
                authorities: new Set(row.authorities),
                suppressSmallNumbers: row.suppressSmallNumbers,
              }
            : null
        if (generation === started) {
          if (cache.size > 10_000) cache.clear()
          cache.set(hash, { client, until: Date.now() + CACHE_MS })
        }
        return client
      }

      function renew(hash: string): Promise<AuthenticatedClient | null> {
        const running = lookups.get(hash)
        if (running) return running
        const lookup = lookUp(hash).finally(() => {
          if (lookups.get(hash) === lookup) lookups.delete(hash)
        })
        lookups.set(hash, lookup)
        return lookup
      }

      async function findClient(key: string): Promise<AuthenticatedClient | null> {
        const hash = hashApiKey(key)
        const hit = cache.get(hash)
        const now = Date.now()
        if (hit && hit.until > now) {
          // Renewed before it expires, so the requests of a busy key seldom wait for the database; a
          // failed renewal changes nothing (the entry still expires on time, and the next request asks).
          if (hit.until - now < RENEW_AHEAD_MS) renew(hash).catch(() => undefined)
          return hit.client
        }
        return renew(hash)
      }

      app.addHook('onRequest', async (request) => {
        const header = request.headers.authorization
        const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null
        const key = match?.[1]
        if (!key || !looksLikeApiKey(key)) throw unauthorized()
        const client = await findClient(key)
        if (!client) throw unauthorized()
        request.client = client

        const scopes = routeScopes(request)
        if (!scopes || !scopes.some((s) => client.scopes.has(s))) {
          throw forbidden(`This key does not have the scope this endpoint needs (${scopes?.join(' or ') ?? 'none'}).`)
        }
        const la = (request.params as { la?: unknown } | undefined)?.la
        if (typeof la === 'string' && !holdsAuthority(client.authorities, la)) {
          throw forbidden(`This key may not use authority ${/^\d{3}$/.test(la) ? la : '(invalid)'}.`)
        }
      })
    },
    { name: 'auth', fastify: '5.x' },
  )
}
