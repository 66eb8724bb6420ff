/**
 * The board pack: one self-contained HTML page (its styles inline, its charts inline SVG, no script and
 * nothing fetched) that prints to a clean A4 pack. Pure: the model in, the page out.
 */
import { actionPlanSection } from './action-plan.ts'
import { escape, longDate } from './html.ts'
import { areaSections, definitionsSection, scorecardSection, trendsSection } from './sections.ts'
import type { BoardPackModel } from './types.ts'

/**
 * Printed on A4 with 15 mm margins the content is 180 mm wide; on screen the page keeps that width, so
 * what a reader sees is what prints. Every section after the first starts a new page.
 */
export const PACK_CSS = `
@page { size: A4; margin: 15mm; }
* { box-sizing: border-box; }
html { font-family: Arial, "Liberation Sans", Helvetica, sans-serif; color: #0b0c0c; background: #fff; }
body { margin: 0 auto; padding: 8mm 0; max-width: 180mm; font-size: 10pt; line-height: 1.35; }
h1 { font-size: 19pt; margin: 0 0 3mm; }
h2 { font-size: 15pt; margin: 0 0 3mm; padding-bottom: 1mm; border-bottom: 2px solid #1d70b8; }
h3 { font-size: 11.5pt; margin: 5mm 0 2mm; }
p { margin: 0 0 2.5mm; }
a { color: #1d70b8; }
section { margin-top: 10mm; }
.meta { border-left: 4px solid #1d70b8; padding: 2mm 4mm; background: #f3f2f1; }
nav ol { columns: 2; margin: 0 0 2mm; padding-left: 6mm; }
table { width: 100%; border-collapse: collapse; margin: 0 0 4mm; font-size: 8.5pt; table-layout: auto; }
caption { text-align: left; font-weight: bold; padding: 1mm 0; }
th, td { border-bottom: 1px solid #b1b4b6; padding: 1mm 1.2mm; text-align: left; vertical-align: top; overflow-wrap: break-word; }
thead th { border-bottom: 2px solid #0b0c0c; }
table.movements th, table.movements td { text-align: right; padding: 1mm 0.6mm; font-size: 7.5pt; overflow-wrap: normal; }
table.movements th[scope=row] { text-align: left; white-space: nowrap; }
table.numbers { font-size: 8pt; }
table.numbers td { text-align: right; }
table.scorecard { table-layout: fixed; }
table.scorecard th:nth-child(1) { width: 27%; } table.scorecard th:nth-child(2), table.scorecard th:nth-child(3) { width: 11%; }
table.scorecard th:nth-child(4) { width: 15%; } table.scorecard th:nth-child(5) { width: 14%; } table.scorecard th:nth-child(6) { width: 9%; }
.chart { margin: 0 0 5mm; break-inside: avoid; }
.chart figcaption { font-size: 9pt; color: #505a5f; margin-bottom: 1mm; }
.chart-body { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 4mm; align-items: start; }
.chart-body.stacked { display: block; }
.chart-body.stacked .chart-drawing { margin-bottom: 3mm; }
.chart-svg { width: 100%; height: auto; display: block; }
.chart-svg .grid { stroke: #dddddd; stroke-width: 1; }
.chart-svg .tick, .chart-svg .legend, .chart-svg .empty { font-size: 11px; fill: #0b0c0c; }
.chart-svg .series { fill: none; stroke: #1d70b8; stroke-width: 2.5; }
.chart-svg .dot { fill: #1d70b8; }
.chart-svg .target { stroke: #505a5f; stroke-width: 1.5; stroke-dasharray: 6 4; }
.chart-svg .bar, .chart-svg .fill-a { fill: #1d70b8; }
.chart-svg .fill-b { fill: #f47738; }
.rag { display: inline-block; padding: 0 1.5mm; border-radius: 1mm; font-weight: bold; }
.rag-green { background: #00703c; color: #fff; }
.rag-amber { background: #ffdd00; color: #0b0c0c; }
.rag-red { background: #d4351c; color: #fff; }
.rag-blue { background: #1d70b8; color: #fff; }
.rag-grey { background: #b1b4b6; color: #0b0c0c; }
.dir-improving { color: #00703c; font-weight: bold; }
.dir-worsening { color: #d4351c; font-weight: bold; }
.kpi-id { font-weight: normal; color: #505a5f; font-size: 8pt; }
dl.definitions dt { font-weight: bold; margin-top: 2mm; }
dl.definitions dd { margin: 0 0 0 4mm; }
dl.definitions .rule { font-size: 8pt; color: #505a5f; }
@media print {
  body { padding: 0; max-width: none; font-size: 9.5pt; }
  section { margin-top: 0; break-before: page; }
  h2, h3 { break-after: avoid; }
  tr, .chart, dt { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  .meta { background: none; }
}
`

export function renderBoardPack(m: BoardPackModel): string {
  const name = `${m.authorityName} (${m.la})`
  const lastImport = m.lastImport === null ? 'no import has been recorded' : longDate(m.lastImport)
  const suppression = m.suppressSmallNumbers
    ? '<p>Counts of 1 to 4, and figures built on them, are withheld to protect children’s privacy; they show as “withheld”.</p>'
    : ''
  const sections = [scorecardSection(m), trendsSection(m), ...areaSections(m), actionPlanSection(m.actionPlan, m.asAt), definitionsSection(m.definitions)]
  const contents = [...sections.join('').matchAll(/<section id="([^"]+)"[^>]*><h2 id="[^"]+">([^<]*)<\/h2>/g)]
    .map(([, id, title]) => `<li><a href="#${id}">${title}</a></li>`)
    .join('')
  return (
    '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>Corporate parenting board pack: ${escape(name)}, ${escape(longDate(m.asAt))}</title>` +
    `<style>${PACK_CSS}</style></head><body><main>` +
    `<h1>Corporate parenting board pack: ${escape(name)}</h1>` +
    `<div class="meta"><p>Figures at <strong>${escape(longDate(m.asAt))}</strong>, compared with a year earlier (${escape(longDate(m.yearEarlier))}).</p>` +
    `<p>Data last imported: <strong>${escape(lastImport)}</strong>. Each measure’s name links to its definition at the end of the pack.</p>${suppression}</div>` +
    `<nav aria-label="Contents"><h2 id="contents-heading">Contents</h2><ol>${contents}</ol></nav>` +
    sections.join('') +
    '</main></body></html>\n'
  )
}
