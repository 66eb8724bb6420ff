import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import helmet from 'helmet'

/**
 * helmet's security headers (Content-Security-Policy, Strict-Transport-Security, X-Content-Type-Options,
 * ...) on every answer, with helmet's defaults. The middleware is built once: @fastify/helmet builds
 * it again for every request (its CSP directives parsed each time), which was a few percent of a
 * child-level read's CPU (docs/benchmarks.md).
 */
export const securityHeadersPlugin = fp(
  async function securityHeaders(app: FastifyInstance) {
    const setHeaders = helmet()
    app.addHook('onRequest', (request, reply, done) => {
      setHeaders(request.raw, reply.raw, (err?: unknown) => done(err instanceof Error ? err : undefined))
    })
  },
  { name: 'security-headers', fastify: '5.x' },
)
