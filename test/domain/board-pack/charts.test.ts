import t from 'tap'
import { barChart, columnChart, linearScale, lineChart, niceTicks } from '../../../src/domain/board-pack/charts.ts'

const pts = (values: Array<number | null>) => values.map((value, i) => ({ label: `M${i}`, value }))
const frame = (svg: string) => {
  t.match(svg, /^<svg role="img" viewBox="0 0 \d+ \d+"[^>]*aria-labelledby="c-title c-desc"/)
  t.match(svg, /<title id="c-title">T<\/title><desc id="c-desc">D<\/desc>/)
  t.match(svg, /<\/svg>$/)
}

t.test('scales: round ticks from zero, a linear map', async (t) => {
  t.same(niceTicks(0, 87), [0, 20, 40, 60, 80, 100])
  t.same(niceTicks(0, 470), [0, 100, 200, 300, 400, 500])
  t.same(niceTicks(0, 0.3), [0, 0.1, 0.2, 0.3])
  t.same(niceTicks(5, 5), [0, 1, 2, 3, 4, 5], 'one value: from zero to it')
  t.same(niceTicks(0, 0), [0, 1])
  t.same(niceTicks(-21, 17), [-30, -20, -10, 0, 10, 20])
  t.same(niceTicks(Number.NaN, 1), [0, 1])
  const y = linearScale([0, 100], [200, 0])
  t.equal(y(0), 200)
  t.equal(y(50), 100)
  t.equal(linearScale([3, 3], [0, 10])(3), 5)
})

t.test('line chart: runs joined, gaps for withheld values, a lone value as a dot, a target line', async (t) => {
  const svg = lineChart({ id: 'c', title: 'T', desc: 'D', points: pts([1, 2, null, 4, null, 6, 7]), target: 5 })
  frame(svg)
  t.equal(svg.match(/<polyline/g)?.length, 2, 'two runs: 1-2 and 6-7')
  t.equal(svg.match(/<circle/g)?.length, 5, 'a dot per known value')
  t.match(svg, /r="3\.5"/, 'the lone 4 is a bigger dot')
  t.match(svg, /class="target"/)
  t.match(svg, /M6<\/text>/, 'the last label is always drawn')
})

t.test('line chart: one point, and an empty or wholly withheld series', async (t) => {
  const one = lineChart({ id: 'c', title: 'T', desc: 'D', points: pts([42]) })
  frame(one)
  t.match(one, /<circle class="dot" cx="224" /, 'a single point sits in the middle')
  t.notMatch(one, /<polyline/)
  for (const points of [[], pts([null, null])]) {
    const svg = lineChart({ id: 'c', title: 'T', desc: 'D', points })
    frame(svg)
    t.match(svg, /No figures to draw/)
    t.notMatch(svg, /<circle|<polyline|NaN/)
  }
})

t.test('column chart: grouped columns, none for a withheld value, a legend in words', async (t) => {
  const svg = columnChart({
    id: 'c',
    title: 'T',
    desc: 'D',
    categories: ['Apr', 'May'],
    series: [
      { name: 'Admissions', className: 'fill-a', values: [10, null] },
      { name: 'Ceased', className: 'fill-b', values: [5, 8] },
    ],
  })
  frame(svg)
  t.equal(svg.match(/<rect class="fill-a" x="[\d.]+" y="[\d.]+" width="[\d.]+" height="[\d.]+"\/>/g)?.length, 2, 'the swatch and one column')
  t.match(svg, /Admissions<\/text>/)
  t.notMatch(svg, /NaN/)
  t.match(columnChart({ id: 'c', title: 'T', desc: 'D', categories: [], series: [] }), /No figures to draw/)
})

t.test('bar chart: long labels cut, withheld said in words, values escaped', async (t) => {
  const svg = barChart({
    id: 'c',
    title: 'T',
    desc: 'D',
    bars: [
      { label: 'x'.repeat(50), value: 10 },
      { label: 'A & <B>', value: null },
    ],
    format: (v) => `${v}%`,
  })
  frame(svg)
  t.match(svg, /x{35}…/)
  t.match(svg, /A &amp; &lt;B&gt;/)
  t.match(svg, />withheld</)
  t.match(svg, />10%</)
  t.match(barChart({ id: 'c', title: 'T', desc: 'D', bars: [] }), /No figures to draw/)
})
