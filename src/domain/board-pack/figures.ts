/** Pieces every section uses: a KPI's name linked to its definition, its value, and a chart with its table. */
import type { KpiDefinition, KpiUnit } from '../kpis/types.ts'
import { anchor, escape, formatValue } from './html.ts'
import type { PackFigures } from './types.ts'

/** The KPI's title, linking to its definition at the end of the page. */
export const kpiLink = (def: KpiDefinition) => `<a href="#${anchor('def', def.id)}">${escape(def.title)}</a>`

/** A value cell's text; a withheld value says so, and the note under the page says why. */
export const shown = (unit: KpiUnit, f: PackFigures | undefined) => escape(f ? formatValue(unit, f.value, f.suppressed) : 'no figure')

/** A tick label on a chart's value axis, by unit. */
export function tickFormat(unit: KpiUnit): (v: number) => string {
  if (unit === 'percent') return (v) => `${v}%`
  return (v) => String(v)
}

/**
 * A chart and the table of its numbers under one caption: side by side (a trend and its months), or
 * the table straight under the chart when its rows need the page's width (long group names).
 */
export function chartWithTable(id: string, caption: string, svg: string, table: string, layout: 'side' | 'stacked' = 'side'): string {
  return (
    `<figure class="chart" id="${id}" aria-labelledby="${id}-caption">` +
    `<figcaption id="${id}-caption">${caption}</figcaption>` +
    `<div class="chart-body${layout === 'stacked' ? ' stacked' : ''}"><div class="chart-drawing">${svg}</div><div class="chart-numbers">${table}</div></div></figure>`
  )
}

/** A table with a caption, column headers (scope col) and rows whose first cell is a row header (scope row). */
export function table(caption: string, columns: readonly string[], rows: ReadonlyArray<readonly [string, ...string[]]>, className = ''): string {
  const head = columns.map((c) => `<th scope="col">${c}</th>`).join('')
  const body = rows.map(([first, ...rest]) => `<tr><th scope="row">${first}</th>${rest.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')
  return `<table${className ? ` class="${className}"` : ''}><caption>${caption}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`
}
