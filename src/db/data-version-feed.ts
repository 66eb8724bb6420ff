/**
 * Hearing of every change to the authorities' data versions as it commits (issue #14), so a service
 * can keep each authority's versions in memory instead of reading them on every request.
 *
 * Migration 0015's triggers notify channel `data_versions` with `[schema, la]` (la null: every
 * authority) whenever an authority's row or its population estimates change; every write bumps that
 * row, so every write is heard. PostgreSQL delivers a notification only after its transaction has
 * committed and is visible, to each listener in commit order.
 *
 * A feed is `live` only while it is sure to hear every change committed from then on. When it stops
 * being live (the listen connection failed, was terminated, or stopped answering its heartbeat) and
 * when it becomes live again, it tells its subscribers ALL_AUTHORITIES: whatever they kept may have
 * missed a change. While it is not live nothing may be kept: readers read versions from the database.
 */
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { ALL_AUTHORITIES } from './data-version.ts'

export const DATA_VERSIONS_CHANNEL = 'data_versions'

export interface DataVersionFeed {
  /** True while every change that commits from now on will be heard. */
  readonly live: boolean
  /** fn(la) for each change heard, ALL_AUTHORITIES when any may have been missed; returns the unsubscribe. */
  subscribe(fn: (la: string) => void): () => void
  /**
   * Resolves once every change committed before the call has been heard, or at once when the feed
   * is not live (nothing is kept then). Rejects when the feed does not hear itself in time.
   */
  caughtUp(timeoutMs?: number): Promise<void>
  /** The listening session's process id (PostgreSQL), for tests that cut it; null when not connected. */
  readonly backendPid: number | null
  close(): Promise<void>
}

export interface FeedLog {
  warn(fields: object, msg: string): void
  info(fields: object, msg: string): void
}

/** A payload from the triggers, or a fence: [schema, la | null] or [null, null, fenceId]. */
function parsePayload(payload: string | undefined): { schema: string | null; la: string | null; fence: string | null } | null {
  try {
    const value: unknown = JSON.parse(payload ?? '')
    if (!Array.isArray(value)) return null
    const [schema, la, fence] = value as unknown[]
    return {
      schema: typeof schema === 'string' ? schema : null,
      la: typeof la === 'string' ? la : null,
      fence: typeof fence === 'string' ? fence : null,
    }
  } catch {
    return null
  }
}

/** Subscribers, told in turn; one that throws does not keep the change from the others. */
function subscribers() {
  const set = new Set<(la: string) => void>()
  return {
    add(fn: (la: string) => void) {
      set.add(fn)
      return () => void set.delete(fn)
    },
    tell(la: string) {
      for (const fn of set) {
        try {
          fn(la)
        } catch {
          // a subscriber's own failure is its own
        }
      }
    },
  }
}

export interface PostgresFeedOptions {
  url: string
  /** The schema the service works in: changes in other schemas of the database are not ours. */
  schema?: string | undefined
  /** How often the listen connection proves it still hears (a fence through itself); 0: never. */
  heartbeatMs?: number
  /** How long a connect or a heartbeat may take before the connection counts as lost. */
  timeoutMs?: number
  /** The first wait before connecting again after a loss (doubling to 5 s). */
  reconnectMs?: number
  log?: FeedLog
}

/**
 * One dedicated connection that LISTENs, reconnecting by itself (100 ms, doubling to 5 s). A
 * heartbeat every 2 s sends a notification through the connection and waits (at most 5 s) for it to
 * come back: a connection that died without a word (a network cut) stops being live within 7 s. One
 * that is closed or terminated (pg_terminate_backend) says so, and stops being live at once.
 */
export function postgresDataVersionFeed(options: PostgresFeedOptions): DataVersionFeed {
  const heartbeatMs = options.heartbeatMs ?? 2_000
  const timeoutMs = options.timeoutMs ?? 5_000
  const subs = subscribers()
  const fences = new Map<string, () => void>()
  let client: pg.Client | null = null
  let live = false
  let schema: string | null = null
  let closed = false
  const firstRetryMs = options.reconnectMs ?? 100
  let retryMs = firstRetryMs
  let retry: NodeJS.Timeout | null = null
  let lostCount = 0

  const setLive = (value: boolean) => {
    if (live === value) return
    live = value
    // Either way, what was kept may predate a change not heard: drop it all.
    subs.tell(ALL_AUTHORITIES)
  }

  function lost(c: pg.Client, err?: unknown) {
    if (client !== c) return
    client = null
    const wasLive = live
    setLive(false)
    for (const settle of fences.values()) settle()
    fences.clear()
    c.removeAllListeners('notification')
    c.end().catch(() => undefined)
    if (wasLive) {
      lostCount++
      options.log?.warn(
        { code: err instanceof Error ? (err as { code?: unknown }).code : undefined },
        'the data versions listen connection was lost: versions are read from the database until it is back',
      )
    }
    schedule()
  }

  function schedule() {
    if (closed || retry) return
    retry = setTimeout(() => {
      retry = null
      void connect()
    }, retryMs)
    retry.unref()
    retryMs = Math.min(retryMs * 2, Math.max(5_000, firstRetryMs))
  }

  async function connect(): Promise<void> {
    if (closed) return
    const c = new pg.Client({
      connectionString: options.url,
      keepAlive: true,
      connectionTimeoutMillis: timeoutMs,
      // A statement on this connection that takes longer (the server stopped answering) fails it.
      query_timeout: timeoutMs,
      ...(options.schema ? { options: `-c search_path=${options.schema},public` } : {}),
    })
    client = c
    c.on('error', (err) => lost(c, err))
    c.on('end', () => lost(c))
    c.on('notification', (n) => {
      if (n.channel !== DATA_VERSIONS_CHANNEL) return
      const p = parsePayload(n.payload)
      if (!p) return
      if (p.fence !== null) {
        fences.get(p.fence)?.()
        return
      }
      if (p.schema === schema) subs.tell(p.la ?? ALL_AUTHORITIES)
    })
    try {
      await c.connect()
      const { rows } = await c.query<{ schema: string }>('select current_schema() as schema')
      schema = rows[0]?.schema ?? 'public'
      await c.query(`listen ${DATA_VERSIONS_CHANNEL}`)
      if (client !== c || closed) return
      retryMs = firstRetryMs
      setLive(true)
      if (lostCount > 0) options.log?.info({}, 'the data versions listen connection is back')
    } catch (err) {
      lost(c, err)
    }
  }

  function fence(c: pg.Client, ms: number): Promise<void> {
    const id = randomUUID()
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        fences.delete(id)
        reject(new Error('the data versions feed did not hear itself in time'))
      }, ms)
      timer.unref()
      fences.set(id, () => {
        clearTimeout(timer)
        fences.delete(id)
        resolve()
      })
      c.query('select pg_notify($1, $2)', [DATA_VERSIONS_CHANNEL, JSON.stringify([null, null, id])]).catch(() => undefined)
    })
  }

  let beating = false
  const heartbeat =
    heartbeatMs > 0
      ? setInterval(() => {
          const c = client
          if (!c || !live || beating) return
          beating = true
          fence(c, timeoutMs)
            .catch(() => lost(c, new Error('heartbeat')))
            .finally(() => (beating = false))
        }, heartbeatMs)
      : null
  heartbeat?.unref()

  void connect()

  return {
    get live() {
      return live
    },
    get backendPid() {
      // Set by pg once connected (BackendKeyData), though its types do not declare it.
      const pid: unknown = Reflect.get(client ?? {}, 'processID')
      return live && typeof pid === 'number' ? pid : null
    },
    subscribe: (fn) => subs.add(fn),
    async caughtUp(ms = timeoutMs) {
      const c = client
      if (!c || !live) return
      await fence(c, ms)
    },
    async close() {
      closed = true
      if (heartbeat) clearInterval(heartbeat)
      if (retry) clearTimeout(retry)
      const c = client
      client = null
      live = false
      for (const settle of fences.values()) settle()
      fences.clear()
      if (c) await c.end().catch(() => undefined)
    },
  }
}

/** What the embedded database offers: LISTEN in the one session every query runs in. */
export interface ListeningDatabase {
  listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>>
  query<T>(sql: string): Promise<{ rows: T[] }>
}

/**
 * The embedded database (PGlite): one process, one session. A notification is delivered before the
 * statement that committed it returns, so the feed is live from the start and always caught up.
 */
export async function pgliteDataVersionFeed(db: ListeningDatabase): Promise<DataVersionFeed> {
  const subs = subscribers()
  const { rows } = await db.query<{ schema: string }>('select current_schema() as schema')
  const schema = rows[0]?.schema ?? 'public'
  let live = true
  const unlisten = await db.listen(DATA_VERSIONS_CHANNEL, (payload) => {
    const p = parsePayload(payload)
    if (p && p.fence === null && p.schema === schema) subs.tell(p.la ?? ALL_AUTHORITIES)
  })
  return {
    get live() {
      return live
    },
    backendPid: null,
    subscribe: (fn) => subs.add(fn),
    caughtUp: async () => {},
    async close() {
      live = false
      subs.tell(ALL_AUTHORITIES)
      await unlisten().catch(() => undefined)
    },
  }
}
