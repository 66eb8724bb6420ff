/**
 * The action plan as the board pack shows it: the plan in force at a date (the latest one started by
 * then; the latest of all when none states its start), its progress at that date and its latest updates.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { PackActionPlan } from '../../domain/board-pack/types.ts'
import { listPlans, planProgress, recentUpdates } from './queries.ts'

/** How many of the latest progress updates the pack lists. */
export const RECENT_UPDATES = 10

export async function boardActionPlan(db: Kysely<Database>, la: string, asAt: string): Promise<PackActionPlan | null> {
  const plans = (await listPlans(db, la)).filter((p) => p.periodStart === null || p.periodStart <= asAt)
  const plan = plans[plans.length - 1]
  if (plan === undefined) return null
  const [progress, updates] = await Promise.all([planProgress(db, la, plan.id, asAt), recentUpdates(db, la, plan.id, asAt, RECENT_UPDATES)])
  return { title: plan.title, progress, recentUpdates: updates.map((u) => ({ ref: u.ref, date: u.date, text: u.text })) }
}
