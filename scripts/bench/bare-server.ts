/**
 * The floor for scripts/bench/request.ts: a bare Fastify with pg, answering
 * GET /v1/authorities/{la}/children/{childId}/episodes with the very statements the service runs for
 * it (captured from the service, BARE_STATEMENTS), the first alone and the rest side by side as the
 * service does, and the episodes' rows as they come. No key check, audit, logging, security headers,
 * rate limit, validation or response schema: what is left is HTTP, the driver and the database.
 */
import Fastify from 'fastify'
import pg from 'pg'

interface Statement {
  sql: string
  /** Each parameter: a path parameter by name, or a fixed value. */
  params: Array<{ from: 'la' | 'childId' } | { value: unknown }>
}

pg.types.setTypeParser(pg.types.builtins.DATE, (v: string) => v)
const statements = JSON.parse(process.env.BARE_STATEMENTS ?? '[]') as Statement[]
if (statements.length === 0) throw new Error('BARE_STATEMENTS is empty')
const episodesAt = Math.max(
  0,
  statements.findIndex((s) => /from "episodes"/.test(s.sql)),
)
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) })

const app = Fastify({ logger: false })
app.get('/health/ready', async () => ({ status: 'ok' }))
app.get<{ Params: { la: string; childId: string } }>('/v1/authorities/:la/children/:childId/episodes', async (request, reply) => {
  const run = (s: Statement) =>
    pool.query(
      s.sql,
      s.params.map((p) => ('from' in p ? request.params[p.from] : p.value)),
    )
  const [first, ...rest] = statements as [Statement, ...Statement[]]
  const results = [await run(first)]
  if (results[0]?.rowCount === 0) return reply.code(404).send({ status: 404 })
  results.push(...(await Promise.all(rest.map(run))))
  return { items: results[episodesAt]?.rows ?? [] }
})
await app.listen({ port: Number(process.env.PORT ?? 3001), host: process.env.HOST ?? '127.0.0.1' })
process.on('SIGTERM', () => {
  void app.close().then(() => pool.end())
})
