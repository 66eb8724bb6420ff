import t from 'tap'
import { databaseUnavailable } from '../../src/http/database-errors.ts'

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code })

t.test('connection failures of every kind are "unavailable"', async (t) => {
  const unavailable = [
    withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
    withCode('read ECONNRESET', 'ECONNRESET'),
    withCode('terminating connection due to administrator command', '57P01'),
    withCode('the database system is starting up', '57P03'),
    withCode('connection failure', '08006'),
    withCode('sorry, too many clients already', '53300'),
    new Error('Connection terminated unexpectedly'),
    new Error('Connection terminated due to connection timeout'),
    new Error('Client has encountered a connection error and is not queryable'),
    new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], 'all addresses failed'),
    new Error('import failed', { cause: withCode('read ECONNRESET', 'ECONNRESET') }),
  ]
  for (const err of unavailable) t.equal(databaseUnavailable(err), 'The database is not answering. Retry shortly.', err.message)
  t.match(databaseUnavailable(new Error('timeout exceeded when trying to connect')), /no database connection came free/)
})

t.test('anything else is not: a refused statement, a bug, a non-error', async (t) => {
  for (const err of [
    withCode('duplicate key value violates unique constraint', '23505'),
    withCode('canceling statement due to statement timeout', '57014'),
    new TypeError("Cannot read properties of undefined (reading 'x')"),
    new Error('the import was cancelled', { cause: 'ECONNRESET' }),
    'ECONNREFUSED',
    null,
  ]) {
    t.equal(databaseUnavailable(err), null, String(err instanceof Error ? err.message : err))
  }
})
