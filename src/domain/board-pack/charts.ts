/**
 * Charts drawn on the server as inline SVG, for a page that runs no script and prints. Each chart is an
 * image with a <title> and <desc> (role="img", labelled by both); its numbers are always in a table
 * beside it, so nothing is told by the drawing alone. A missing or withheld value is a gap, never a
 * zero. Coordinates are in the viewBox; the page scales the drawing to its column.
 */
import { escape } from './html.ts'

export interface ChartPoint {
  label: string
  value: number | null
}

/** Round tick values covering [min, max]: steps of 1, 2 or 5 times a power of ten. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1]
  if (min > max) [min, max] = [max, min]
  if (min === max) {
    if (min === 0) return [0, 1]
    // One value: a scale from zero to it (or from it to zero), so a single point still sits on an axis.
    ;[min, max] = min > 0 ? [0, min] : [min, 0]
  }
  const raw = (max - min) / Math.max(1, count)
  const power = 10 ** Math.floor(Math.log10(raw))
  const step = ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power
  const first = Math.floor(min / step) * step
  const last = Math.ceil(max / step) * step
  const ticks: number[] = []
  // Rounded to the step's decimals, so 0.1 + 0.2 does not print as 0.30000000000000004.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)))
  for (let v = first; v <= last + step / 2; v += step) ticks.push(Number(v.toFixed(decimals)))
  return ticks
}

/** A linear map from a domain to a range (a zero-width domain maps to the range's middle). */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): (v: number) => number {
  const [d0, d1] = domain
  const [r0, r1] = range
  if (d1 === d0) return () => (r0 + r1) / 2
  return (v) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0)
}

/** The values' domain with zero in it (counts and percentages read from zero), and the target when there is one. */
function valueTicks(values: readonly (number | null)[], extra: readonly number[] = []): number[] {
  const known = [...values.filter((v): v is number => v !== null), ...extra]
  return niceTicks(Math.min(0, ...known), Math.max(0, ...known))
}

const r1 = (n: number) => Math.round(n * 10) / 10

interface Frame {
  id: string
  title: string
  desc: string
  width: number
  height: number
}

function svgOpen(f: Frame): string {
  return (
    `<svg role="img" viewBox="0 0 ${f.width} ${f.height}" class="chart-svg" ` +
    `aria-labelledby="${f.id}-title ${f.id}-desc" preserveAspectRatio="xMinYMin meet">` +
    `<title id="${f.id}-title">${escape(f.title)}</title><desc id="${f.id}-desc">${escape(f.desc)}</desc>`
  )
}

function yAxis(ticks: readonly number[], y: (v: number) => number, left: number, right: number, format: (v: number) => string): string {
  return ticks
    .map(
      (t) =>
        `<line class="grid" x1="${left}" x2="${right}" y1="${r1(y(t))}" y2="${r1(y(t))}"/>` +
        `<text class="tick" x="${left - 6}" y="${r1(y(t) + 4)}" text-anchor="end">${escape(format(t))}</text>`,
    )
    .join('')
}

const noData = (x: number, y: number) => `<text class="empty" x="${x}" y="${y}" text-anchor="middle">No figures to draw (none recorded or all withheld)</text>`

export interface LineChartOptions {
  id: string
  title: string
  desc: string
  points: readonly ChartPoint[]
  /** Formats a tick value (e.g. '40%'). */
  format?: (v: number) => string
  /** A dashed line at the local target, when one is set. */
  target?: number | null
  /** Label every nth point on the x axis (and always the last). */
  labelEvery?: number
}

/**
 * A line over time. Runs of known values are joined; a null (missing or withheld) breaks the line,
 * and a value alone between two gaps is drawn as a dot.
 */
export function lineChart(o: LineChartOptions): string {
  const f: Frame = { id: o.id, title: o.title, desc: o.desc, width: 420, height: 250 }
  const left = 44
  const right = f.width - 16
  const top = 14
  const bottom = f.height - 34
  const format = o.format ?? ((v: number) => String(v))
  const target = o.target ?? null
  const values = o.points.map((p) => p.value)
  const ticks = valueTicks(values, target === null ? [] : [target])
  const y = linearScale([ticks[0] as number, ticks[ticks.length - 1] as number], [bottom, top])
  const n = o.points.length
  const x = (i: number) => (n <= 1 ? (left + right) / 2 : linearScale([0, n - 1], [left, right])(i))
  const parts = [svgOpen(f), yAxis(ticks, y, left, right, format)]
  const every = Math.max(1, o.labelEvery ?? Math.ceil(n / 4))
  o.points.forEach((p, i) => {
    // The last label ends at the axis' end, so it is never cut off.
    const anchorAt = n > 1 && i === n - 1 ? 'end' : 'middle'
    if (i % every === 0 || i === n - 1) parts.push(`<text class="tick" x="${r1(x(i))}" y="${bottom + 18}" text-anchor="${anchorAt}">${escape(p.label)}</text>`)
  })
  if (target !== null) {
    parts.push(`<line class="target" x1="${left}" x2="${right}" y1="${r1(y(target))}" y2="${r1(y(target))}"/>`)
    parts.push(`<text class="tick" x="${right}" y="${r1(y(target) - 4)}" text-anchor="end">target ${escape(format(target))}</text>`)
  }
  if (!values.some((v) => v !== null)) parts.push(noData((left + right) / 2, (top + bottom) / 2))
  // Runs of consecutive known values.
  let run: Array<[number, number]> = []
  const runs: Array<Array<[number, number]>> = []
  values.forEach((v, i) => {
    if (v === null) {
      if (run.length) runs.push(run)
      run = []
    } else run.push([r1(x(i)), r1(y(v))])
  })
  if (run.length) runs.push(run)
  for (const r of runs) {
    if (r.length > 1) parts.push(`<polyline class="series" points="${r.map(([a, b]) => `${a},${b}`).join(' ')}"/>`)
    for (const [a, b] of r) parts.push(`<circle class="dot" cx="${a}" cy="${b}" r="${r.length > 1 ? 2 : 3.5}"/>`)
  }
  parts.push('</svg>')
  return parts.join('')
}

export interface ColumnSeries {
  name: string
  /** A CSS class naming its colour (the legend shows it with the name). */
  className: string
  values: readonly (number | null)[]
}

export interface ColumnChartOptions {
  id: string
  title: string
  desc: string
  categories: readonly string[]
  series: readonly ColumnSeries[]
  format?: (v: number) => string
}

/** Grouped columns, one group per category (e.g. admissions and cessations per month); null: no column. */
export function columnChart(o: ColumnChartOptions): string {
  const f: Frame = { id: o.id, title: o.title, desc: o.desc, width: 640, height: 240 }
  const left = 44
  const right = f.width - 12
  const top = 28
  const bottom = f.height - 30
  const format = o.format ?? ((v: number) => String(v))
  const all = o.series.flatMap((s) => s.values)
  const ticks = valueTicks(all)
  const y = linearScale([ticks[0] as number, ticks[ticks.length - 1] as number], [bottom, top])
  const n = Math.max(1, o.categories.length)
  const band = (right - left) / n
  const barWidth = (band * 0.8) / Math.max(1, o.series.length)
  const parts = [svgOpen(f), yAxis(ticks, y, left, right, format)]
  // The legend, in words beside each swatch.
  o.series.forEach((s, k) => {
    const lx = left + k * 130
    parts.push(`<rect class="${escape(s.className)}" x="${lx}" y="6" width="12" height="12"/>`)
    parts.push(`<text class="legend" x="${lx + 16}" y="16">${escape(s.name)}</text>`)
  })
  o.categories.forEach((c, i) => {
    const gx = left + i * band + band * 0.1
    parts.push(`<text class="tick" x="${r1(left + i * band + band / 2)}" y="${bottom + 16}" text-anchor="middle">${escape(c)}</text>`)
    o.series.forEach((s, k) => {
      const v = s.values[i] ?? null
      if (v === null) return
      const y0 = y(Math.max(0, ticks[0] as number))
      const yv = y(v)
      parts.push(
        `<rect class="${escape(s.className)}" x="${r1(gx + k * barWidth)}" y="${r1(Math.min(y0, yv))}" width="${r1(barWidth - 1)}" height="${r1(Math.abs(y0 - yv))}"/>`,
      )
    })
  })
  if (!all.some((v) => v !== null)) parts.push(noData((left + right) / 2, (top + bottom) / 2))
  parts.push('</svg>')
  return parts.join('')
}

export interface BarChartOptions {
  id: string
  title: string
  desc: string
  bars: readonly ChartPoint[]
  format?: (v: number) => string
}

/** Horizontal bars with their labels (cut to fit; the table beside has them whole) and values. */
export function barChart(o: BarChartOptions): string {
  const rowHeight = 22
  const f: Frame = { id: o.id, title: o.title, desc: o.desc, width: 640, height: Math.max(60, 16 + o.bars.length * rowHeight) }
  const left = 230
  const right = f.width - 70
  const format = o.format ?? ((v: number) => String(v))
  const max = Math.max(0, ...o.bars.map((b) => b.value ?? 0))
  const x = linearScale([0, max === 0 ? 1 : max], [left, right])
  const parts = [svgOpen(f)]
  o.bars.forEach((b, i) => {
    const top = 8 + i * rowHeight
    const label = b.label.length > 36 ? `${b.label.slice(0, 35)}…` : b.label
    parts.push(`<text class="tick" x="${left - 6}" y="${top + 14}" text-anchor="end">${escape(label)}</text>`)
    if (b.value === null) {
      parts.push(`<text class="tick" x="${left + 4}" y="${top + 14}">withheld</text>`)
      return
    }
    const w = r1(x(b.value) - left)
    parts.push(`<rect class="bar" x="${left}" y="${top + 3}" width="${w}" height="${rowHeight - 6}"/>`)
    parts.push(`<text class="tick" x="${r1(left + w + 4)}" y="${top + 14}">${escape(format(b.value))}</text>`)
  })
  if (o.bars.length === 0) parts.push(noData(f.width / 2, 34))
  parts.push('</svg>')
  return parts.join('')
}
