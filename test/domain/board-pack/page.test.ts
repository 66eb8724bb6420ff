import t from 'tap'
import { areaOf, kpisByArea, PACK_AREAS, trendKpis } from '../../../src/domain/board-pack/areas.ts'
import { escape, formatValue, longDate } from '../../../src/domain/board-pack/html.ts'
import { directionWords, ragAgainstTarget } from '../../../src/domain/board-pack/judgement.ts'
import { renderBoardPack } from '../../../src/domain/board-pack/page.ts'
import { KPI_DEFINITIONS, kpiById, type KpiDefinition } from '../../../src/domain/kpis/index.ts'
import { packProblems } from './accessibility.ts'
import { packModel } from './model.ts'

t.test('the page passes the accessibility and self-containment checks', async (t) => {
  const html = renderBoardPack(packModel())
  t.same(packProblems(html), [])
  t.match(html, /<html lang="en-GB">/)
  t.match(html, /<h1>Corporate parenting board pack: Rotherham &amp; District \(372\)<\/h1>/, 'the name is escaped')
  t.match(html, /Data last imported: <strong>30 March 2026<\/strong>/)
  t.match(html, /counts of 1 to 4, and figures built on them, are withheld/i)
})

t.test('every value is escaped: text that looks like markup stays text', async (t) => {
  const html = renderBoardPack(packModel())
  t.notMatch(html, /<script/)
  t.match(html, /Meeting held &lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; agreed/)
  t.match(html, /2\. Leaving care &lt;PFA&gt;/)
  t.equal(escape(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;')
})

t.test('the scorecard: value, a year earlier, direction in words and arrow, comparators, target and RAG in words', async (t) => {
  const html = renderBoardPack(packModel())
  const row = (id: string) => new RegExp(`<tr><th scope="row"><a href="#def-${id}">[^<]+</a></th>(.*?)</tr>`).exec(html)?.[1] ?? ''
  const dental = row('dental-checks')
  t.match(dental, /<td>82\.8%<\/td><td>84\.8%<\/td>/)
  t.match(dental, /<span class="dir dir-worsening"><span aria-hidden="true">▼<\/span> Down, worsening<\/span>/)
  t.match(dental, /England 86\.0%/)
  t.match(dental, /<td>90\.0%<\/td><td><span class="rag rag-red">Red: short of target<\/span><\/td>/)
  t.match(row('in-house-share'), /rag-green">Green: target met/)
  t.match(row('children-in-care'), /none set<\/td><td>Not rated \(no target\)/)
  t.match(row('uasc-in-care'), /<td>withheld<\/td><td>withheld<\/td><td><span class="dir dir-none">Not known<\/span>/)
})

t.test('each figure links to its definition, and every catalogue KPI is defined on the page', async (t) => {
  const html = renderBoardPack(packModel())
  for (const d of KPI_DEFINITIONS) t.match(html, `<dt id="def-${d.id}">`, d.id)
  t.match(html, /GET \/v1\/kpis/)
})

t.test('the movements table reads as the annual report prints it, with its chart', async (t) => {
  const html = renderBoardPack(packModel())
  t.match(html, /<thead><tr><th scope="col"><\/th><th scope="col">Apr 2025<\/th>.*<th scope="col">Mar 2026<\/th><\/tr><\/thead>/)
  for (const label of ['Month start', 'Month end', 'Admissions', 'Ceased', 'Net \\+/-']) t.match(html, new RegExp(`<th scope="row">${label}</th>`))
  t.match(html, /<th scope="row">Net \+\/-<\/th><td>\+2<\/td><td>\+2<\/td><td>\+2<\/td><td>withheld<\/td>/)
  t.match(html, /<title id="movements-svg-title">Admissions and cessations by month<\/title>/)
})

t.test('the action plan: progress by priority, counts by status, overdue actions, recent updates', async (t) => {
  const html = renderBoardPack(packModel())
  t.match(html, /<th scope="row">1\. Promoting &amp; celebrating success<\/th><td>1<\/td><td>1<\/td>/)
  t.match(html, /<th scope="row">In progress<\/th><td>1<\/td>/)
  t.match(html, /Actions past their due date on 31 March 2026/)
  t.match(html, /<th scope="row">2\.2<\/th><td>2<\/td><td>31 January 2026<\/td>/, 'the overdue action, with its due date')
  t.match(html, /<th scope="row">-<\/th><td>Not dated<\/td><td>No date given<\/td>/)
  const none = renderBoardPack(packModel({ actionPlan: null }))
  t.match(none, /No action plan is held for this authority/)
  t.same(packProblems(none), [])
})

t.test('an authority with nothing yet still gives a valid page', async (t) => {
  const html = renderBoardPack(packModel({ kpis: new Map(), trends: [], breakdowns: [], movements: [], lastImport: null, suppressSmallNumbers: false }))
  t.same(packProblems(html), [])
  t.match(html, /no import has been recorded/)
  t.notMatch(html, /are withheld to protect/)
})

t.test('areas come from the catalogue: every KPI has one, and a new KPI lands by what it reads', async (t) => {
  const byArea = kpisByArea(KPI_DEFINITIONS)
  t.equal(
    [...byArea.values()].reduce((n, l) => n + l.length, 0),
    KPI_DEFINITIONS.length,
  )
  const area = (id: string) => areaOf(kpiById(id) as KpiDefinition)
  t.equal(area('children-in-care'), 'children')
  t.equal(area('cessations'), 'children')
  t.equal(area('placement-type-mix'), 'placements')
  t.equal(area('long-term-stability'), 'placements')
  t.equal(area('sdq-average'), 'health')
  t.equal(area('care-leavers'), 'care-leavers')
  const base = kpiById('children-in-care') as KpiDefinition
  const made = (d: Partial<KpiDefinition>) => areaOf({ ...base, ...d })
  t.equal(made({ id: 'new-camhs', sources: ['care-history', 'mental-health'] }), 'camhs')
  t.equal(made({ id: 'new-advocacy', sources: ['advocacy'] }), 'advocacy')
  t.equal(made({ id: 'new-education', sources: ['care-history', 'education'] }), 'education')
  t.equal(made({ id: 'missing-new', sources: ['care-history'] }), 'missing')
  t.equal(made({ id: 'return-interviews', sources: ['care-history', 'missing'] }), 'missing')
  t.equal(made({ id: 'share', unit: 'percent' }), 'placements')
  t.equal(PACK_AREAS.length, new Set(PACK_AREAS.map((a) => a.id)).size)
})

t.test("trend charts: each area's preferred headline KPIs, else its first headline KPI at a date", async (t) => {
  const ids = trendKpis(KPI_DEFINITIONS).map((d) => d.id)
  t.ok(ids.includes('children-in-care') && ids.includes('in-house-share'))
  const base = kpiById('children-in-care') as KpiDefinition
  const only = trendKpis([
    { ...base, id: 'advocacy-a', sources: ['advocacy'], headline: false },
    { ...base, id: 'advocacy-b', sources: ['advocacy'], periodKind: 'period' },
    { ...base, id: 'advocacy-c', sources: ['advocacy'] },
  ])
  t.same(
    only.map((d) => d.id),
    ['advocacy-c'],
  )
})

t.test('RAG against target and direction of travel', async (t) => {
  t.equal(ragAgainstTarget(90, 90, true), 'green')
  t.equal(ragAgainstTarget(85.5, 90, true), 'amber', 'short by 4.5, within 5% of 90')
  t.equal(ragAgainstTarget(85.4, 90, true), 'red')
  t.equal(ragAgainstTarget(10, 10, false), 'green')
  t.equal(ragAgainstTarget(10.5, 10, false), 'amber')
  t.equal(ragAgainstTarget(11, 10, false), 'red')
  t.equal(ragAgainstTarget(null, 10, false), null)
  t.equal(ragAgainstTarget(5, null, true), null)
  t.equal(ragAgainstTarget(5, 10, null), null, 'no RAG where neither way is better')
  t.same(directionWords('up', 'improving'), { arrow: '▲', words: 'Up, improving' })
  t.same(directionWords('down', null), { arrow: '▼', words: 'Down (neither way is better)' })
  t.same(directionWords('same', 'same'), { arrow: '▶', words: 'No change' })
  t.same(directionWords(null, null), { arrow: '', words: 'Not known' })
})

t.test('values and dates as the board reads them', async (t) => {
  t.equal(formatValue('count', 1234), '1,234')
  t.equal(formatValue('percent', 47), '47.0%')
  t.equal(formatValue('rate-per-10000', 78.25), '78.3 per 10,000')
  t.equal(formatValue('median', 12), '12.0')
  t.equal(formatValue('percent', null, true), 'withheld')
  t.equal(formatValue('percent', null), 'no figure')
  t.equal(longDate('2026-03-01'), '1 March 2026')
})
