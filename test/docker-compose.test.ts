import { readFileSync } from 'node:fs'
import t from 'tap'
import { parse } from 'yaml'

// This machine has no Docker engine: the compose file and Dockerfile are checked by reading them.
const root = new URL('../', import.meta.url)
const compose = parse(readFileSync(new URL('docker-compose.yml', root), 'utf8'))
const dockerfile = readFileSync(new URL('Dockerfile', root), 'utf8')

t.test('compose runs Postgres 16 and the service built from the Dockerfile, wired by DATABASE_URL', async (t) => {
  t.match(compose.services.db.image, /^postgres:16/)
  t.equal(compose.services.api.build, '.')
  const { POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB } = compose.services.db.environment
  t.equal(compose.services.api.environment.DATABASE_URL, `postgres://${POSTGRES_USER}:${POSTGRES_PASSWORD}@db:5432/${POSTGRES_DB}`)
  t.equal(compose.services.api.depends_on.db.condition, 'service_healthy')
  t.match(compose.services.api.healthcheck.test.join(' '), /\/health\/ready/)
})

t.test('the Dockerfile installs from the lock file and starts the server', async (t) => {
  t.match(dockerfile, /^FROM node:20/m)
  t.match(dockerfile, /npm ci --omit=dev/)
  t.match(dockerfile, /src\/server\.ts/)
  for (const dir of ['src', 'migrations']) t.match(dockerfile, new RegExp(`COPY ${dir} `))
})
