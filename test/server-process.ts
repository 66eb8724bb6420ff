import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import type { Test } from 'tap'
import { childEnv } from './child-env.ts'
import { dropSchema } from './helper.ts'

/**
 * The real server as a process of its own (src/server.ts), for what only a process shows: signals,
 * a kill -9. On Postgres it works in a schema of its own, named through the connection string.
 */

/** A fresh schema on TEST_DATABASE_URL, dropped at the end of the test: its name and a URL that uses it. */
export async function serverSchema(t: Pick<Test, 'teardown'>): Promise<{ schema: string; url: string }> {
  const base = process.env.TEST_DATABASE_URL
  if (!base) throw new Error('serverSchema needs TEST_DATABASE_URL')
  const schema = `t_srv_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: base })
  await admin.connect()
  await admin.query(`create schema ${schema}`)
  await admin.end()
  t.teardown(() => dropSchema(base, schema))
  const url = new URL(base)
  url.searchParams.set('options', `-c search_path=${schema},public`)
  return { schema, url: url.toString() }
}

export interface ServerProcess {
  child: ChildProcessWithoutNullStreams
  /** Everything it printed so far. */
  output(): string
  /** Its base URL once it listens. */
  baseUrl: string
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string | null>
}

/** Starts the server (DATABASE_URL empty: the embedded database) and waits until it listens. */
export async function startServer(databaseUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: childEnv({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: 'memory://', DATABASE_URL: databaseUrl, LOG_LEVEL: 'info', ...env }),
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr.on('data', (d: Buffer) => (out += d.toString()))
  const exited = new Promise<number | string | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)))
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 90_000)
    const check = () => {
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
      if (m?.[1]) {
        clearTimeout(timer)
        resolve(m[1])
      } else if (child.exitCode !== null) {
        clearTimeout(timer)
        reject(new Error(`server exited:\n${out}`))
      } else setTimeout(check, 100)
    }
    check()
  })
  return { child, output: () => out, baseUrl, exited }
}
