/** The CSV form of each KPI response: one row per figure, flat columns a spreadsheet can pivot. */
import { toCsv, type CsvCell } from '../../domain/csv.ts'
import type { Cohort, KpiResult, Scorecard, Series } from './schemas.ts'

const FIGURE_COLUMNS = ['value', 'numerator', 'denominator', 'cohort_size', 'suppressed'] as const

type Figures = {
  value: number | null
  numerator: number | null
  denominator: number | null
  cohortSize: number | null
  suppressed: boolean
  details: Record<string, number | null>
}

function figureCells(f: Figures): Record<string, CsvCell> {
  return { value: f.value, numerator: f.numerator, denominator: f.denominator, cohort_size: f.cohortSize, suppressed: f.suppressed }
}

function detailCells(f: Figures, keys: readonly string[]): Record<string, CsvCell> {
  return Object.fromEntries(keys.map((k) => [`detail_${k}`, f.details[k] ?? null]))
}

export function kpiResultCsv(r: KpiResult): string {
  const keys = Object.keys(r.details)
  const base = { kpi: r.id, title: r.title, unit: r.unit, as_at: r.period.asAt, from: r.period.from, to: r.period.to }
  const rows: Array<Record<string, CsvCell>> = [
    { ...base, dimension: 'total', group: 'total', label: 'Total', ...figureCells(r), share: null, ...detailCells(r, keys) },
  ]
  for (const row of r.breakdown?.rows ?? []) {
    rows.push({
      ...base,
      dimension: r.breakdown?.dimension,
      group: row.group,
      label: row.label,
      ...figureCells(row),
      share: row.share,
      ...detailCells(row, keys),
    })
  }
  for (const c of r.comparators) {
    rows.push({ ...base, dimension: 'comparator', group: c.kind, label: c.source ?? c.kind, value: c.value, suppressed: false, as_at: c.periodEnd })
  }
  return toCsv(
    ['kpi', 'title', 'unit', 'as_at', 'from', 'to', 'dimension', 'group', 'label', ...FIGURE_COLUMNS, 'share', ...keys.map((k) => `detail_${k}`)],
    rows,
  )
}

export function seriesCsv(s: Series): string {
  const keys = Object.keys(s.items[0]?.details ?? {})
  return toCsv(
    ['kpi', 'title', 'unit', 'as_at', 'from', 'to', ...FIGURE_COLUMNS, ...keys.map((k) => `detail_${k}`)],
    s.items.map((i) => ({
      kpi: s.id,
      title: s.title,
      unit: s.unit,
      as_at: i.period.asAt,
      from: i.period.from,
      to: i.period.to,
      ...figureCells(i),
      ...detailCells(i, keys),
    })),
  )
}

export function cohortCsv(c: Cohort): string {
  return toCsv(
    [
      'kpi',
      'as_at',
      'child_id',
      'date',
      'in_denominator',
      'counted',
      'measure',
      'note',
      'legal_status',
      'placement_type',
      'placement_provider',
      'reason_ended',
      'facts',
    ],
    c.items.map((i) => ({
      kpi: c.id,
      as_at: c.period.asAt,
      child_id: i.childId,
      date: i.date,
      in_denominator: i.inDenominator,
      counted: i.counted,
      measure: i.measure,
      note: i.note,
      legal_status: i.legalStatus,
      placement_type: i.placementType,
      placement_provider: i.placementProvider,
      reason_ended: i.reasonEnded,
      facts: JSON.stringify(i.facts),
    })),
  )
}

export function scorecardCsv(s: Scorecard): string {
  const kinds = ['national', 'statistical_neighbours', 'region', 'local_target'] as const
  return toCsv(
    ['kpi', 'title', 'unit', 'as_at', 'value', 'numerator', 'denominator', 'suppressed', 'previous_as_at', 'previous_value', 'change', 'direction', ...kinds],
    s.items.map((i) => ({
      kpi: i.id,
      title: i.title,
      unit: i.unit,
      as_at: i.period.asAt,
      value: i.value,
      numerator: i.numerator,
      denominator: i.denominator,
      suppressed: i.suppressed || i.previous.suppressed,
      previous_as_at: i.previous.period.asAt,
      previous_value: i.previous.value,
      change: i.change,
      direction: i.direction,
      ...Object.fromEntries(kinds.map((k) => [k, i.comparators.find((c) => c.kind === k)?.value ?? null])),
    })),
  )
}
