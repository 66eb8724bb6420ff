import { lookup as dnsLookup } from 'node:dns'
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { isIP, type LookupFunction } from 'node:net'
import type { FastifyBaseLogger } from 'fastify'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'
import { signedHeaders } from '../../domain/webhooks/signature.ts'
import { isPrivateAddress } from '../../domain/webhooks/urls.ts'
import { dailyDueJob, type DailyDueJob, type DueSources } from './due-job.ts'

export interface DispatcherOptions {
  /** How often to look for events and due deliveries, in ms (default 1000). */
  pollMs?: number
  /** How long a receiver gets to answer, in ms (default 10 s). */
  timeoutMs?: number
  /** Deliveries in flight per subscription from this process at once (default 4). */
  perSubscription?: number
  /** Deliveries in flight from this process at once (default 64). */
  maxInFlight?: number
  /** Retries wait a random time up to min(capMs, baseMs * 2^(attempts-1)) ("full jitter"; default 10 s and 1 h). */
  backoff?: { baseMs: number; capMs: number }
  /** A delivery failing for this long after its event is parked (default 24 h). */
  retryForMs?: number
  /** Hosts an operator listed (WEBHOOK_ALLOWED_HOSTS): their addresses are not checked. */
  allowedHosts?: readonly string[]
  /**
   * The daily due and overdue events (due-job.ts), started and stopped with the dispatcher: where
   * their facts are read, how often to look whether today is done (default 10 minutes), and what
   * today is (tests).
   */
  due?: { sources: DueSources; checkMs?: number; today?: () => string }
}

export interface Dispatcher {
  start(): void
  /** Looks for work now rather than at the next poll (after a commit that wrote events). */
  kick(): void
  /** Resolves when no work is waiting or in flight from this process (tests). */
  idle(): Promise<void>
  /** Stops: no new claims; deliveries in flight are cut short and left due again. */
  close(): Promise<void>
  /** The daily due-events job, when the dispatcher was given its sources. */
  dueJob: DailyDueJob | null
}

interface Claimed {
  id: string
  subscriptionId: string
  attempts: number
  createdAt: Date
  eventId: string
  type: string
  la: string
  childId: string | null
  payload: Record<string, unknown>
  eventCreatedAt: Date
  url: string
  secret: string
  previousSecret: string | null
}

/** The body a receiver gets: the event's ids and dates only; details are read through the API. */
export function eventBody(e: Pick<Claimed, 'eventId' | 'type' | 'la' | 'childId' | 'payload' | 'eventCreatedAt'>): string {
  return JSON.stringify({
    id: e.eventId,
    type: e.type,
    timestamp: e.eventCreatedAt.toISOString(),
    data: { la: e.la, ...(e.childId === null ? {} : { childId: e.childId }), ...e.payload },
  })
}

const MAX_ERROR = 1000

/** The SQLSTATE or socket code of an error: all a log line says (no values). */
function codeOf(err: unknown): string {
  if (!(err instanceof Error)) return 'unknown'
  const code = (err as { code?: unknown }).code
  return typeof code === 'string' ? code : err.name
}

const PRIVATE = 'EPRIVATEADDRESS'
const privateAddress = () => Object.assign(new Error('the host resolves to a private, loopback or link-local address'), { code: PRIVATE })

/**
 * DNS resolution that refuses a name resolving to a private, loopback or link-local address. It is
 * the connection's own lookup, so the address checked is the address used (a name cannot be made to
 * change between a check and the request).
 */
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '')
    const first = addresses[0]
    if (!first || addresses.some((a) => isPrivateAddress(a.address))) return callback(privateAddress(), '')
    if (options.all) callback(null, addresses)
    else callback(null, first.address, first.family)
  })
}

/**
 * POSTs a body and answers the status and the start of a non-2xx answer (at most 900 bytes; the rest
 * is not read). Redirects are not followed. Unless the host is one an operator listed, a private
 * address, literal or resolved, is refused before connecting.
 */
function post(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: { signal: AbortSignal; checkAddress: boolean },
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url)
    const literal = target.hostname.replace(/^\[|\]$/g, '')
    if (options.checkAddress && isIP(literal) && isPrivateAddress(literal)) {
      reject(privateAddress())
      return
    }
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest
    const req = send(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        signal: options.signal,
        ...(options.checkAddress ? { lookup: guardedLookup } : {}),
      },
      (res) => {
        const status = res.statusCode ?? 0
        if (status >= 200 && status <= 299) {
          res.resume()
          resolve({ status, text: '' })
          return
        }
        const chunks: Buffer[] = []
        let n = 0
        const done = () => {
          resolve({ status, text: Buffer.concat(chunks).subarray(0, 900).toString('utf8') })
          res.destroy()
        }
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk)
          n += chunk.length
          if (n >= 900) done()
        })
        res.on('end', done)
        res.on('error', done)
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

/**
 * Delivers the webhook outbox (issue #20), in the service process, safe with several processes:
 *
 * 1. fan-out: each new event becomes one delivery per matching subscription (its type, an authority
 *    of the subscription and of its key, not paused, key not revoked);
 * 2. claim: due deliveries, a few per subscription, with FOR UPDATE SKIP LOCKED, leased for longer
 *    than a request may take (a process that dies leaves them due again: at least once). A delivery
 *    is not claimed while an older one for the same subscription and child is pending, so each
 *    receiver gets a child's events in the order they were written;
 * 3. send: POST the event signed as Standard Webhooks says, with a timeout; 2xx is delivered,
 *    anything else is retried with exponential backoff and full jitter, and parked once the event
 *    is older than the retry window.
 *
 * A subscription with deliveries in flight from this process gets no new claims until they end, so a
 * slow or dead receiver holds at most `perSubscription` slots and never delays another.
 */
export function webhookDispatcher(db: Kysely<Database>, log: FastifyBaseLogger, options: DispatcherOptions = {}): Dispatcher {
  const pollMs = options.pollMs ?? 1000
  const timeoutMs = options.timeoutMs ?? 10_000
  const perSubscription = options.perSubscription ?? 4
  const maxInFlight = options.maxInFlight ?? 64
  const backoff = options.backoff ?? { baseMs: 10_000, capMs: 3_600_000 }
  const retryForMs = options.retryForMs ?? 24 * 3_600_000
  const allowedHosts = new Set(options.allowedHosts ?? [])
  // Longer than a request may take, so a lease never ends while its delivery is still being sent.
  const leaseSeconds = Math.ceil(timeoutMs / 1000) + 30

  const inFlight = new Map<string, number>()
  const deliveries = new Set<Promise<void>>()
  const shutdown = new AbortController()
  let timer: NodeJS.Timeout | null = null
  let running: Promise<void> | null = null
  let again = false
  let stopped = false
  let started = false
  const dueJob = options.due
    ? dailyDueJob(db, options.due.sources, log, {
        ...(options.due.checkMs ? { checkMs: options.due.checkMs } : {}),
        ...(options.due.today ? { today: options.due.today } : {}),
        written: () => kick(),
      })
    : null

  async function fanOut(): Promise<number> {
    const r = await sql`
      with ev as (
        select id, seq, la, type, child_id from webhook_events
        where fanned_out_at is null order by seq limit 1000
        for update skip locked
      ), made as (
        insert into webhook_deliveries (event_id, subscription_id, event_seq, child_id)
        select ev.id, s.id, ev.seq, ev.child_id
        from ev
        join webhook_subscriptions s on ev.type = any(s.events) and not s.paused
          and ('*' = any(s.authorities) or ev.la::text = any(s.authorities))
        join api_clients c on c.id = s.client_id and c.revoked_at is null
          and ('*' = any(c.authorities) or ev.la::text = any(c.authorities))
        on conflict (subscription_id, event_id) do nothing
      )
      update webhook_events e set fanned_out_at = now() from ev where e.id = ev.id`.execute(db)
    return Number(r.numAffectedRows ?? 0n)
  }

  async function claim(): Promise<Claimed[]> {
    const room = maxInFlight - [...inFlight.values()].reduce((a, b) => a + b, 0)
    if (room <= 0) return []
    const busy = [...inFlight.keys()]
    const { rows } = await sql<{ id: string }>`
      update webhook_deliveries d
      set next_attempt_at = now() + make_interval(secs => ${leaseSeconds}), attempts = d.attempts + 1
      from (
        select c.id from webhook_subscriptions s
        cross join lateral (
          -- Due deliveries that are first in line for their child (the oldest pending one), and
          -- those naming no child. The heads come from one sorted pass (DISTINCT ON), not a probe
          -- per delivery, so a claim stays cheap with thousands pending.
          select l.id from webhook_deliveries l
          where l.id in (
            select h.id from (
              select distinct on (p.child_id) p.id, p.next_attempt_at
              from webhook_deliveries p
              where p.subscription_id = s.id and p.status = 'pending' and p.child_id is not null
              order by p.child_id, p.event_seq
            ) h
            where h.next_attempt_at <= now()
            union all
            select p.id from webhook_deliveries p
            where p.subscription_id = s.id and p.status = 'pending' and p.child_id is null and p.next_attempt_at <= now()
          )
          order by l.event_seq
          limit ${perSubscription}
          for update skip locked
        ) c
        where not s.paused and not (s.id = any(${busy}::uuid[]))
          -- A revoked key's subscriptions get nothing more, pending deliveries included.
          and exists (select 1 from api_clients k where k.id = s.client_id and k.revoked_at is null)
        limit ${room}
      ) picked
      where d.id = picked.id
      returning d.id`.execute(db)
    if (rows.length === 0) return []
    return db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhook_events as e', 'e.id', 'd.eventId')
      .innerJoin('webhook_subscriptions as s', 's.id', 'd.subscriptionId')
      .select([
        'd.id',
        'd.subscriptionId',
        'd.attempts',
        'd.createdAt',
        'e.id as eventId',
        'e.type',
        'e.la',
        'e.childId',
        'e.payload',
        'e.createdAt as eventCreatedAt',
        's.url',
        's.secret',
        sql<string | null>`case when s.previous_secret_until > now() then s.previous_secret end`.as('previousSecret'),
      ])
      .where(
        'd.id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('d.eventSeq')
      .execute()
  }

  /** Full jitter: a random wait up to the exponential bound, so retries of many deliveries spread out. */
  const retryDelayMs = (attempts: number) => Math.random() * Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.max(0, attempts - 1))

  async function send(d: Claimed): Promise<void> {
    const body = eventBody(d)
    const secrets = d.previousSecret ? [d.secret, d.previousSecret] : [d.secret]
    // The id is the event's, the same on every attempt, so a receiver can drop a repeat.
    const headers = signedHeaders(secrets, d.eventId, Math.floor(Date.now() / 1000), body)
    const started = performance.now()
    let status: number | null = null
    let error: string | null = null
    try {
      const res = await post(d.url, { 'content-type': 'application/json', 'user-agent': 'corporate-parenting-data-service webhooks', ...headers }, body, {
        signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), shutdown.signal]),
        checkAddress: !allowedHosts.has(new URL(d.url).hostname.toLowerCase()),
      })
      status = res.status
      // A redirect could lead anywhere, past the URL checks: it counts as a failure too.
      if (status < 200 || status > 299) error = `HTTP ${status}: ${res.text}`
    } catch (err) {
      if (shutdown.signal.aborted) {
        // Cut short by shutdown: due again at once, this attempt not counted.
        await db
          .updateTable('webhook_deliveries')
          .set({ nextAttemptAt: sql<Date>`now()`, attempts: sql<number>`attempts - 1` })
          .where('id', '=', d.id)
          .where('status', '=', 'pending')
          .execute()
        return
      }
      const code = codeOf(err)
      error =
        code === PRIVATE
          ? 'not sent: the host resolves to a private, loopback or link-local address (list it in WEBHOOK_ALLOWED_HOSTS if it is meant)'
          : err instanceof Error && err.name === 'AbortError'
            ? `no answer within ${timeoutMs} ms`
            : `not sent: ${code}`
    }
    const latency = Math.round(performance.now() - started)
    if (error === null) {
      await db
        .updateTable('webhook_deliveries')
        .set({ status: 'delivered', deliveredAt: sql<Date>`now()`, lastStatusCode: status, lastLatencyMs: latency, lastError: null })
        .where('id', '=', d.id)
        .execute()
      return
    }
    const park = Date.now() - d.eventCreatedAt.getTime() >= retryForMs
    await db
      .updateTable('webhook_deliveries')
      .set({
        status: park ? 'parked' : 'pending',
        nextAttemptAt: new Date(Date.now() + (park ? 0 : retryDelayMs(d.attempts))),
        lastStatusCode: status,
        lastLatencyMs: latency,
        lastError: error.slice(0, MAX_ERROR),
      })
      .where('id', '=', d.id)
      .execute()
    if (park) log.warn({ deliveryId: d.id, subscriptionId: d.subscriptionId, attempts: d.attempts }, 'webhook delivery parked after its retry window')
  }

  function launch(d: Claimed) {
    inFlight.set(d.subscriptionId, (inFlight.get(d.subscriptionId) ?? 0) + 1)
    const p = send(d)
      .catch((err: unknown) => log.warn({ code: codeOf(err), deliveryId: d.id }, 'webhook delivery result not recorded'))
      .finally(() => {
        const n = (inFlight.get(d.subscriptionId) ?? 1) - 1
        if (n <= 0) inFlight.delete(d.subscriptionId)
        else inFlight.set(d.subscriptionId, n)
        deliveries.delete(p)
        // The next event for the same child may be due now.
        kick()
      })
    deliveries.add(p)
  }

  async function pass(): Promise<void> {
    do {
      again = false
      try {
        while ((await fanOut()) > 0 && !stopped) {
          /* every event fanned out before claiming */
        }
        if (stopped) return
        for (const d of await claim()) launch(d)
      } catch (err) {
        log.warn({ code: codeOf(err) }, 'webhook dispatcher pass failed; trying again at the next poll')
      }
    } while (again && !stopped)
  }

  function kick(): void {
    if (stopped || !started) return
    if (running) {
      again = true
      return
    }
    running = pass().finally(() => {
      running = null
    })
  }

  function schedule() {
    if (stopped) return
    timer = setTimeout(() => {
      kick()
      schedule()
    }, pollMs)
    timer.unref()
  }

  return {
    start() {
      if (started) return
      started = true
      kick()
      schedule()
      dueJob?.start()
    },
    kick,
    async idle() {
      for (;;) {
        if (running) await running
        else if (deliveries.size) await Promise.all([...deliveries])
        else return
      }
    },
    dueJob,
    async close() {
      stopped = true
      await dueJob?.close()
      if (timer) clearTimeout(timer)
      shutdown.abort()
      if (running) await running
      await Promise.all([...deliveries])
    },
  }
}
