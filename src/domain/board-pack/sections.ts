/** The pack's KPI sections: the headline scorecard, the trends, each area's measures and the definitions. */
import type { KpiDefinition } from '../kpis/types.ts'
import { kpisByArea, PACK_AREAS, trendKpis, type PackArea } from './areas.ts'
import { barChart, columnChart, lineChart } from './charts.ts'
import { chartWithTable, kpiLink, shown, table, tickFormat } from './figures.ts'
import { anchor, escape, formatCount, formatSigned, formatValue, longDate, shortMonth } from './html.ts'
import { directionWords, ragAgainstTarget, RAG_WORDS } from './judgement.ts'
import type { BoardPackModel, PackBreakdown, PackKpi, PackTrend } from './types.ts'

const COMPARATOR_NAMES = { national: 'England', statistical_neighbours: 'Statistical neighbours', region: 'Region' } as const

function direction(k: PackKpi | undefined): string {
  const { arrow, words } = directionWords(k?.change ?? null, k?.direction ?? null)
  const tone = k?.direction ?? 'none'
  return `<span class="dir dir-${tone}">${arrow ? `<span aria-hidden="true">${arrow}</span> ` : ''}${escape(words)}</span>`
}

function comparators(def: KpiDefinition, k: PackKpi | undefined): string {
  const list = (k?.comparators ?? []).filter((c) => c.kind !== 'local_target')
  if (list.length === 0) return 'none set'
  return list.map((c) => `${escape(COMPARATOR_NAMES[c.kind as keyof typeof COMPARATOR_NAMES])} ${escape(formatValue(def.unit, c.value))}`).join('<br>')
}

function targetAndRag(def: KpiDefinition, k: PackKpi | undefined): [string, string] {
  const target = k?.comparators.find((c) => c.kind === 'local_target')?.value ?? null
  if (target === null) return ['none set', 'Not rated (no target)']
  const rag = ragAgainstTarget(k?.value ?? null, target, def.higherIsBetter)
  const cell = rag === null ? 'Not rated' : `<span class="rag rag-${rag}">${escape(RAG_WORDS[rag])}</span>`
  return [escape(formatValue(def.unit, target)), cell]
}

/** The headline scorecard: one table per area, every headline KPI in it. */
export function scorecardSection(m: BoardPackModel): string {
  const byArea = kpisByArea(m.definitions.filter((d) => d.headline))
  const parts = PACK_AREAS.flatMap((area) => {
    const defs = byArea.get(area.id) ?? []
    if (defs.length === 0) return []
    const rows = defs.map((d): [string, ...string[]] => {
      const k = m.kpis.get(d.id)
      return [kpiLink(d), shown(d.unit, k), shown(d.unit, k?.previous), direction(k), comparators(d, k), ...targetAndRag(d, k)]
    })
    const columns = ['Measure', `${escape(longDate(m.asAt))}`, `A year earlier`, 'Direction of travel', 'Comparators', 'Target', 'RAG against target']
    return [
      `<h3 id="${anchor('scorecard', area.id)}">${escape(area.title)}</h3>`,
      table(`${escape(area.title)}: headline measures`, columns, rows, 'scorecard'),
    ]
  })
  return section(
    'scorecard',
    'Headline scorecard',
    `<p>Each measure at ${escape(longDate(m.asAt))} and a year earlier (${escape(longDate(m.yearEarlier))}); counts of entries and exits are for the 12 months to each date. ` +
      'Comparators are the latest published in the 12 months to the date. RAG is against the local target where one is set: green when met, amber when short by no more than 5% of the target, red beyond.</p>' +
      parts.join(''),
  )
}

/** 36 monthly values as a table of three 12-month columns: compact enough to sit beside the chart. */
function trendTable(t: PackTrend): string {
  const points = t.points
  const chunks: Array<typeof points> = []
  for (let end = points.length; end > 0; end -= 12) chunks.unshift(points.slice(Math.max(0, end - 12), end))
  const last = chunks[chunks.length - 1] ?? []
  const columns = ['Month', ...chunks.map((c) => `${escape(shortMonth(c[0]?.asAt ?? ''))} to ${escape(shortMonth(c[c.length - 1]?.asAt ?? ''))}`)]
  const rows = last.map((_, i): [string, ...string[]] => {
    const month = escape(shortMonth(last[i]?.asAt ?? '').slice(0, 3))
    return [
      month,
      ...chunks.map((c) => {
        const p = c[c.length - last.length + i]
        return p ? escape(formatValue(t.def.unit, p.value, p.suppressed)) : ''
      }),
    ]
  })
  return table(`${escape(t.def.title)}: month-end values`, columns, rows, 'numbers')
}

export function trendsSection(m: BoardPackModel): string {
  const defs = trendKpis(m.definitions)
  const charts = m.trends
    .filter((t) => defs.some((d) => d.id === t.def.id))
    .map((t) => {
      const id = anchor('trend', t.def.id)
      const first = t.points[0]?.asAt
      const last = t.points[t.points.length - 1]?.asAt
      const range = first && last ? `from ${longDate(first)} to ${longDate(last)}` : 'no months'
      const target = m.kpis.get(t.def.id)?.comparators.find((c) => c.kind === 'local_target')?.value ?? null
      const svg = lineChart({
        id: `${id}-svg`,
        title: `${t.def.title}, month by month`,
        desc: `Line chart of ${t.def.title.toLowerCase()} at each month end ${range}${target === null ? '' : `, with the target of ${formatValue(t.def.unit, target)} as a dashed line`}. The values are in the table beside it.`,
        points: t.points.map((p) => ({ label: shortMonth(p.asAt), value: p.value })),
        format: tickFormat(t.def.unit),
        target,
      })
      return (
        `<h3 id="${id}">${kpiLink(t.def)}</h3>` +
        chartWithTable(`${id}-figure`, `${escape(t.def.title)} at each month end, ${escape(range)}.`, svg, trendTable(t))
      )
    })
  const body = charts.length ? charts.join('') : '<p>No headline measure has a trend to chart.</p>'
  return section('trends', 'Trends over 36 months', `<p>The headline measures of each area at every month end over the last three years.</p>${body}`)
}

/** The monthly admissions and cessations table, as the annual report prints it (months across). */
function movementsBlock(m: BoardPackModel): string {
  const months = m.movements
  if (months.length === 0) return '<p>No months to show.</p>'
  const columns = ['', ...months.map((x) => escape(shortMonth(x.periodEnd)))]
  const line = (label: string, f: (x: (typeof months)[number]) => string): [string, ...string[]] => [label, ...months.map(f)]
  const rows = [
    line('Month start', (x) => formatCount(x.start)),
    line('Month end', (x) => formatCount(x.end)),
    line('Admissions', (x) => formatCount(x.admissions)),
    line('Ceased', (x) => formatCount(x.cessations)),
    line('Net +/-', (x) => formatSigned(x.netChange)),
  ]
  const range = `${longDate(months[0]?.periodStart ?? m.asAt)} to ${longDate(months[months.length - 1]?.periodEnd ?? m.asAt)}`
  const tableHtml = table(`Children in care at each month’s start and end, admissions and cessations, ${escape(range)}`, columns, rows, 'movements')
  const svg = columnChart({
    id: 'movements-svg',
    title: 'Admissions and cessations by month',
    desc: `Column chart of the children who came into care and who left care in each month, ${range}. The numbers are in the table above.`,
    categories: months.map((x) => shortMonth(x.periodEnd).slice(0, 3)),
    series: [
      { name: 'Admissions', className: 'fill-a', values: months.map((x) => x.admissions) },
      { name: 'Ceased', className: 'fill-b', values: months.map((x) => x.cessations) },
    ],
  })
  return (
    `<h3 id="movements">Coming into and leaving care, month by month</h3>${tableHtml}` +
    `<figure class="chart wide" aria-labelledby="movements-caption"><figcaption id="movements-caption">Admissions and cessations in each month (the table above has the numbers).</figcaption>${svg}</figure>`
  )
}

function breakdownBlock(b: PackBreakdown): string {
  const id = anchor('mix', b.def.id)
  const rows = b.rows.map((r): [string, ...string[]] => [
    escape(r.label),
    escape(formatValue(b.def.unit, r.value, r.value === null)),
    r.share === null ? '' : escape(formatValue('percent', r.share)),
  ])
  const svg = barChart({
    id: `${id}-svg`,
    title: b.def.title,
    desc: `Bar chart of ${b.def.title.toLowerCase()}, one bar per group. The numbers are in the table beside it.`,
    bars: b.rows.map((r) => ({ label: r.label, value: r.value })),
    format: tickFormat(b.def.unit),
  })
  return (
    `<h3 id="${id}">${kpiLink(b.def)}</h3>` +
    chartWithTable(`${id}-figure`, escape(b.def.description), svg, table(escape(b.def.title), ['Group', 'Number', 'Share'], rows, 'numbers'), 'stacked')
  )
}

/** Every KPI of the area with its counts (x of y), a year earlier and the direction of travel. */
function measuresTable(m: BoardPackModel, area: PackArea, defs: readonly KpiDefinition[]): string {
  const rows = defs.map((d): [string, ...string[]] => {
    const k = m.kpis.get(d.id)
    const counts =
      d.unit === 'percent' && k && k.numerator !== null && k.denominator !== null ? `${formatCount(k.numerator)} of ${formatCount(k.denominator)}` : ''
    return [kpiLink(d), shown(d.unit, k), escape(counts), shown(d.unit, k?.previous), direction(k)]
  })
  return table(
    `${escape(area.title)}: every measure`,
    ['Measure', escape(longDate(m.asAt)), 'Children counted', 'A year earlier', 'Direction of travel'],
    rows,
    'measures',
  )
}

/** One section per area that has KPIs in the catalogue; the first (the numbers) carries the movements table. */
export function areaSections(m: BoardPackModel): string[] {
  const byArea = kpisByArea(m.definitions)
  return PACK_AREAS.flatMap((area) => {
    const defs = byArea.get(area.id) ?? []
    if (defs.length === 0) return []
    const mixes = m.breakdowns.filter((b) => defs.some((d) => d.id === b.def.id))
    const body = [
      `<p>${escape(area.intro)}</p>`,
      measuresTable(m, area, defs),
      area.id === 'children' ? movementsBlock(m) : '',
      ...mixes.map(breakdownBlock),
    ].join('')
    return [section(anchor('area', area.id), area.title, body)]
  })
}

export function definitionsSection(defs: readonly KpiDefinition[]): string {
  const items = defs
    .map(
      (d) =>
        `<dt id="${anchor('def', d.id)}">${escape(d.title)} <span class="kpi-id">(${escape(d.id)}, version ${d.version})</span></dt>` +
        `<dd><p>${escape(d.description)}</p><p class="rule">${escape(d.rule)}</p></dd>`,
    )
    .join('')
  return section(
    'definitions',
    'Definitions',
    '<p>What each measure counts and the rule it follows, as the service’s KPI catalogue (GET /v1/kpis) states them.</p>' +
      `<dl class="definitions">${items}</dl>`,
  )
}

export function section(id: string, title: string, body: string): string {
  return `<section id="${id}" aria-labelledby="${id}-heading"><h2 id="${id}-heading">${escape(title)}</h2>${body}</section>`
}
