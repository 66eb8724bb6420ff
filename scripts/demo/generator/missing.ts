/**
 * Missing and away episodes (the 903 Missing table) for a child's periods of care: about one child
 * in four aged 11 or over is prone to going missing, some often; three in four episodes are missing
 * (M), the rest away without authorisation (A); most last a day or two. An episode begun in the last
 * days of the extract may still be open.
 */
import { ageOnDay } from './care-period.ts'
import { iso } from './days.ts'
import type { Random } from './random.ts'
import type { DemoMissingEpisode } from './types.ts'

export interface MissingContext {
  random: Random
  childId: string
  birthdays: readonly number[]
  windowStart: number
  endDay: number
}

export function missingEpisodesFor(ctx: MissingContext, periods: ReadonlyArray<{ start: number; end: number }>): DemoMissingEpisode[] {
  const { random, childId, birthdays, windowStart, endDay } = ctx
  const out: DemoMissingEpisode[] = []
  if (!random.chance(0.25)) return out
  const meanGap = random.chance(0.3) ? 40 : 200
  for (const period of periods) {
    const last = Math.min(period.end - 1, endDay)
    for (
      let day = Math.max(period.start, windowStart) + Math.round(random.exponential(meanGap));
      day <= last;
      day += 1 + Math.round(random.exponential(meanGap))
    ) {
      if (ageOnDay(birthdays, day) < 11) continue
      const end = day + random.int(0, 3)
      const type = random.chance(0.75) ? 'M' : 'A'
      // Back before the period ended (or still missing at the extract's end).
      if (end > last && end <= endDay) continue
      out.push({ childId, type, start: iso(day), end: end > endDay ? null : iso(end) })
      day = end
    }
  }
  return out
}
