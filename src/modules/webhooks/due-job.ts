import type { FastifyBaseLogger } from 'fastify'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'
import { purgeDelivered, recordDueEvents } from '../../db/webhook-outbox.ts'
import { todayInEngland } from '../../domain/dates/today.ts'
import {
  careLeaverEvents,
  DUE_EVENT_TYPES,
  RETENTION_DAYS,
  healthAssessmentEvents,
  sdqEvents,
  type CareLeaverFact,
  type DueEventType,
  type HealthAssessmentFact,
  type SdqDueFact,
} from '../../domain/webhooks/due.ts'

/**
 * Where the daily job reads its facts: the modules that own them (a module never reaches into
 * another, so the app hands them over: src/webhook-due-sources.ts). Each is one set-based read per
 * authority and day, the same the KPIs and the per-child lists answer from.
 */
export interface DueSources {
  /** Children in care on the day with their next health assessment (the KPI "health assessment overdue"'s drill-down). */
  health(la: string, day: string): Promise<HealthAssessmentFact[]>
  /** Children the annual SDQ is due or overdue for on the day (GET .../sdq/due). */
  sdq(la: string, day: string): Promise<SdqDueFact[]>
  /** Care leavers with their latest plan or review and latest contact on the day (GET .../care-leavers). */
  careLeavers(la: string, day: string): Promise<CareLeaverFact[]>
}

export interface DueRun {
  day: string
  /** The authorities looked at: those some active subscription wants a due event of. */
  authorities: string[]
  /** Events new to the outbox, by type (those already there for the same child and due date are not counted). */
  written: Record<DueEventType, number>
}

/**
 * The authorities worth the work: some subscription, not paused, of a key not revoked, wants a due
 * event of it (its own authorities and its key's hold it). Events nobody could receive are not written.
 */
async function subscribedAuthorities(db: Kysely<Database>, only: readonly string[] | null): Promise<string[]> {
  const { rows } = await sql<{ la: string }>`
    select a.la from authorities a
    where exists (
      select 1 from webhook_subscriptions s
      join api_clients c on c.id = s.client_id and c.revoked_at is null
      where not s.paused and s.events && ${DUE_EVENT_TYPES}::text[]
        and ('*' = any(s.authorities) or a.la::text = any(s.authorities))
        and ('*' = any(c.authorities) or a.la::text = any(c.authorities)))
      ${only === null ? sql`` : sql`and a.la = any(${only}::text[])`}
    order by a.la`.execute(db)
  return rows.map((r) => r.la)
}

/**
 * Writes the due and overdue events of a day (issue #20) for every subscribed authority (or those of
 * `only`): per authority, three reads and one insert. Idempotent: an event already in the outbox for
 * the same type, child and due date is not written again (migration 0027), so a second run of a day
 * writes nothing.
 */
export async function writeDueEvents(db: Kysely<Database>, sources: DueSources, day: string, only: readonly string[] | null = null): Promise<DueRun> {
  const written = Object.fromEntries(DUE_EVENT_TYPES.map((t) => [t, 0])) as Record<DueEventType, number>
  const authorities = await subscribedAuthorities(db, only)
  for (const la of authorities) {
    const [health, sdq, leavers] = await Promise.all([sources.health(la, day), sources.sdq(la, day), sources.careLeavers(la, day)])
    const events = [...healthAssessmentEvents(la, day, health), ...sdqEvents(la, day, sdq), ...careLeaverEvents(la, day, leavers)]
    if (events.length === 0) continue
    // One statement per authority, answering the events it really inserted (the others were there).
    const inserted = await recordDueEvents(db, events)
    for (const type of inserted) written[type]++
  }
  return { day, authorities, written }
}

export interface DailyDueJob {
  start(): void
  /** Runs today's job now if no instance has done it yet; resolves with the run, or null when another has it. */
  runIfDue(): Promise<DueRun | null>
  close(): Promise<void>
}

/** How long a claimed day stays claimed without finishing before another instance may take it over. */
const LEASE_MINUTES = 30

/**
 * Once a day, in the service process: every `checkMs` (10 minutes by default) it looks whether
 * today (in England) has been done; the first instance to insert the day's row in webhook_due_runs
 * does it (several instances share the database safely: the row is the lock, and one left unfinished
 * by a process that died is taken over after LEASE_MINUTES). It then purges what was delivered more
 * than RETENTION_DAYS ago. After a run that wrote events,
 * `written` is called (the dispatcher delivers them at once).
 */
export function dailyDueJob(
  db: Kysely<Database>,
  sources: DueSources,
  log: FastifyBaseLogger,
  options: { checkMs?: number; today?: () => string; written?: () => void } = {},
): DailyDueJob {
  const checkMs = options.checkMs ?? 600_000
  const today = options.today ?? (() => todayInEngland())
  let timer: NodeJS.Timeout | null = null
  let running: Promise<DueRun | null> | null = null
  let doneDay: string | null = null
  let stopped = false

  async function claim(day: string): Promise<boolean> {
    const { rows } = await sql<{ day: string }>`
      insert into webhook_due_runs (day) values (${day})
      on conflict (day) do update set started_at = now()
        where webhook_due_runs.finished_at is null and webhook_due_runs.started_at < now() - make_interval(mins => ${LEASE_MINUTES})
      returning day`.execute(db)
    return rows.length > 0
  }

  async function run(): Promise<DueRun | null> {
    const day = today()
    if (doneDay === day) return null
    if (!(await claim(day))) {
      doneDay = day
      return null
    }
    const result = await writeDueEvents(db, sources, day)
    const total = Object.values(result.written).reduce((a, b) => a + b, 0)
    await sql`update webhook_due_runs set finished_at = now(), events = ${total} where day = ${day}`.execute(db)
    doneDay = day
    const purged = await purgeDelivered(db, RETENTION_DAYS)
    // No date in the log: the logs are kept free of anything that could be a date of birth.
    log.info({ authorities: result.authorities.length, events: total, purged }, "today's webhook due events written, old deliveries purged")
    if (total > 0) options.written?.()
    return result
  }

  function runIfDue(): Promise<DueRun | null> {
    if (stopped) return Promise.resolve(null)
    running ??= run()
      .catch((err: unknown) => {
        log.warn({ code: err instanceof Error ? err.name : 'unknown' }, 'webhook due events failed; trying again at the next check')
        return null
      })
      .finally(() => {
        running = null
      })
    return running
  }

  function schedule() {
    if (stopped) return
    timer = setTimeout(() => {
      void runIfDue().finally(schedule)
    }, checkMs)
    timer.unref()
  }

  return {
    start() {
      if (timer || stopped) return
      void runIfDue()
      schedule()
    },
    runIfDue,
    async close() {
      stopped = true
      if (timer) clearTimeout(timer)
      if (running) await running
    },
  }
}
