/**
 * The board pack's areas, in the order of the annual report. A KPI's area comes from what the catalogue
 * says about it (the data it reads, its unit, its split), never from a list here, so a KPI added to the
 * catalogue appears in the pack without the pack changing. The only ids named are the trend charts'
 * preferences; an area whose preferred KPI is gone charts its first headline KPI instead.
 */
import type { KpiDefinition, KpiSource } from '../kpis/types.ts'

export type AreaId = 'children' | 'placements' | 'health' | 'education' | 'camhs' | 'advocacy' | 'missing' | 'care-leavers'

export interface PackArea {
  id: AreaId
  title: string
  /** One line under the area's heading. */
  intro: string
  /** KPIs charted over 36 months, when in the catalogue as headline KPIs. */
  trends: readonly string[]
}

export const PACK_AREAS: readonly PackArea[] = [
  {
    id: 'children',
    title: 'Children in care: numbers, entries and exits',
    intro: 'How many children are in our care, how many came in and left, and how many are unaccompanied asylum-seeking children.',
    trends: ['children-in-care', 'uasc-in-care'],
  },
  {
    id: 'placements',
    title: 'Placements: mix, stability and in-house share',
    intro: 'Where children live, how stable their homes are and how many live in the council’s own provision.',
    trends: ['in-house-share'],
  },
  {
    id: 'health',
    title: 'Health and SDQ',
    intro: 'Health assessments, dental checks and the Strengths and Difficulties Questionnaire (SDQ).',
    trends: ['health-assessments'],
  },
  { id: 'education', title: 'Education', intro: 'Personal education plans, attendance, suspensions and attainment.', trends: [] },
  { id: 'camhs', title: 'Mental health (CAMHS)', intro: 'Referrals to child and adolescent mental health services and how long children wait.', trends: [] },
  { id: 'advocacy', title: 'Advocacy', intro: 'Children who use an advocate, and the issues raised and resolved.', trends: [] },
  { id: 'missing', title: 'Missing from care', intro: 'Children missing or away from their placement, and return home interviews.', trends: [] },
  {
    id: 'care-leavers',
    title: 'Care leavers',
    intro: 'Care leavers in touch, in suitable accommodation and in education, employment or training; pathway plans and personal advisers.',
    trends: ['care-leavers'],
  },
]

/** The most specific source decides: a KPI reading CAMHS referrals and care history is about CAMHS. */
const BY_SOURCE: ReadonlyArray<[KpiSource, AreaId]> = [
  ['missing', 'missing'],
  ['advocacy', 'advocacy'],
  ['mental-health', 'camhs'],
  ['education', 'education'],
  ['care-leavers', 'care-leavers'],
  ['sdq', 'health'],
  ['health', 'health'],
]

/**
 * A KPI's area. Care-history KPIs: missing and away episodes (the 903's missing table, read with care
 * history) are about missing; plain counts and rates of children (in care, UASC, admissions,
 * cessations) are the numbers; the rest (mixes, shares, stability, distance) are about placements.
 */
export function areaOf(def: KpiDefinition): AreaId {
  for (const [source, area] of BY_SOURCE) if (def.sources.includes(source)) return area
  if (/^(missing|away)-/.test(def.id)) return 'missing'
  const mix = def.defaultBreakdown === 'placementType' || def.defaultBreakdown === 'provider'
  if ((def.unit === 'count' || def.unit === 'rate-per-10000') && !mix) return 'children'
  return 'placements'
}

/** The catalogue's KPIs of each area, in catalogue order. */
export function kpisByArea(defs: readonly KpiDefinition[]): Map<AreaId, KpiDefinition[]> {
  const out = new Map<AreaId, KpiDefinition[]>(PACK_AREAS.map((a) => [a.id, []]))
  for (const d of defs) out.get(areaOf(d))?.push(d)
  return out
}

/**
 * The KPIs charted over 36 months: each area's preferred ones that are headline KPIs, else its first
 * headline KPI measured at a date (an area with none has no trend chart).
 */
export function trendKpis(defs: readonly KpiDefinition[]): KpiDefinition[] {
  const byArea = kpisByArea(defs)
  return PACK_AREAS.flatMap((area) => {
    const own = (byArea.get(area.id) ?? []).filter((d) => d.headline)
    const preferred = area.trends.map((id) => own.find((d) => d.id === id)).filter((d): d is KpiDefinition => d !== undefined)
    if (preferred.length > 0) return preferred
    const first = own.find((d) => d.periodKind === 'at-date')
    return first ? [first] : []
  })
}
