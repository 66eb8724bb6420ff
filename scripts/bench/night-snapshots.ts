/**
 * Two nights of one authority, for benchmarks of what a nightly import changes: the demo generator's
 * authority with its history up to today (the second night), and the same authority as it was known
 * on an earlier day (the first night). Between them: the admissions, placement moves and cessations
 * (returns home among them) the generator dated after that day, with the partner records that came
 * with them.
 */
import { demoApiRecords, generateAuthority } from '../demo/generator/index.ts'

type Snapshot = ReturnType<typeof demoApiRecords>
type SnapshotChild = Snapshot['children'][number]
type SnapshotEpisode = SnapshotChild['episodes'][number]

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

/** The episode as it stood on `day`: one that ended after it is still open. */
const episodeOn = (e: SnapshotEpisode, day: string): SnapshotEpisode =>
  e.endDate !== null && e.endDate > day ? { ...e, endDate: null, reasonEnded: null, reasonPlaceChange: null } : e

/** The child as known on `day`: the episodes begun by then (none: not yet known). */
function childOn(c: SnapshotChild, day: string): SnapshotChild | null {
  const episodes = c.episodes.filter((e) => e.startDate <= day).map((e) => episodeOn(e, day))
  if (episodes.length === 0) return null
  const missing = c.missingEpisodes?.filter((m) => m.startDate <= day).map((m) => (m.endDate !== null && m.endDate > day ? { ...m, endDate: null } : m))
  return { ...c, episodes, ...(missing ? { missingEpisodes: missing } : {}) }
}

/**
 * A partner record as known on `day`, or null: of a child known then, none of its dates after it
 * (a list of dates, as a pathway plan's reviews, loses the later ones).
 */
function recordOn<T extends { childId: string }>(r: T, day: string, known: ReadonlySet<string>): T | null {
  if (!known.has(r.childId)) return null
  const out: Record<string, unknown> = { ...r }
  for (const [k, v] of Object.entries(r)) {
    if (typeof v === 'string' && ISO_DATE.test(v) && v > day) return null
    if (Array.isArray(v)) out[k] = v.filter((x) => !(typeof x === 'string' && ISO_DATE.test(x) && x > day))
  }
  return out as T
}

const on = <T extends { childId: string }>(records: readonly T[], day: string, known: ReadonlySet<string>): T[] =>
  records.flatMap((r) => recordOn(r, day, known) ?? [])

/** The snapshot as it would have been sent on `day` (every list cut the same way). */
export function snapshotOn(s: Snapshot, day: string): Snapshot {
  const children = s.children.flatMap((c) => childOn(c, day) ?? [])
  const known = new Set(children.map((c) => c.childId))
  return {
    children,
    healthChecks: on(s.healthChecks, day, known),
    sdqReturns: on(s.sdqReturns, day, known),
    careLeavers: on(s.careLeavers, day, known),
    personalAdvisers: on(s.personalAdvisers, day, known),
    pathwayPlans: on(s.pathwayPlans, day, known),
    careLeaverContacts: on(s.careLeaverContacts, day, known),
  }
}

/** The two nights: the authority as known on `firstDay`, then as known on `today`. */
export function twoNights(options: { la: string; seed: number; scale: number; today: string; firstDay: string }) {
  const second = demoApiRecords(generateAuthority({ la: options.la, seed: options.seed, scale: options.scale, endDate: options.today }))
  return { first: snapshotOn(second, options.firstDay), second }
}
