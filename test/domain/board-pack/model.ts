/** A hand-built board pack model: every catalogue KPI, a target met and one missed, a withheld value, text that tries to be markup. */
import { summariseProgress } from '../../../src/domain/action-plan/progress.ts'
import { trendKpis } from '../../../src/domain/board-pack/areas.ts'
import type { BoardPackModel, PackKpi } from '../../../src/domain/board-pack/types.ts'
import { KPI_DEFINITIONS } from '../../../src/domain/kpis/index.ts'

const kpi = (id: string, value: number | null, previous: number | null, extra: Partial<PackKpi> = {}): PackKpi => ({
  id,
  value,
  numerator: value === null ? null : 40,
  denominator: value === null ? null : 50,
  suppressed: false,
  previous: { value: previous, numerator: null, denominator: null, suppressed: false },
  change: value === null || previous === null ? null : value > previous ? 'up' : value < previous ? 'down' : 'same',
  direction: null,
  comparators: [],
  ...extra,
})

export function packModel(overrides: Partial<BoardPackModel> = {}): BoardPackModel {
  const kpis = new Map<string, PackKpi>(KPI_DEFINITIONS.map((d) => [d.id, kpi(d.id, 60, 55)]))
  kpis.set(
    'dental-checks',
    kpi('dental-checks', 82.8, 84.8, {
      change: 'down',
      direction: 'worsening',
      comparators: [
        { kind: 'national', value: 86, periodEnd: '2025-03-31' },
        { kind: 'local_target', value: 90, periodEnd: '2026-03-31' },
      ],
    }),
  )
  kpis.set(
    'in-house-share',
    kpi('in-house-share', 47, 42, { change: 'up', direction: 'improving', comparators: [{ kind: 'local_target', value: 45, periodEnd: '2026-03-31' }] }),
  )
  kpis.set('uasc-in-care', kpi('uasc-in-care', null, 3, { suppressed: true, previous: { value: null, numerator: null, denominator: null, suppressed: true } }))
  const priorities = [
    { number: 1, title: 'Promoting & celebrating success' },
    { number: 2, title: 'Leaving care <PFA>' },
  ]
  const item = (id: string, priority: number, status: 'complete' | 'in_progress' | 'delayed', dueDate: string | null) => ({
    id,
    ref: `${priority}.${id}`,
    priority,
    position: Number(id),
    byWhen: dueDate ?? 'Ongoing',
    status,
    dueDate,
    ragOverride: null,
    ragOverrideReason: null,
  })
  const progress = summariseProgress(
    'plan',
    '2026-03-31',
    priorities,
    [item('1', 1, 'complete', '2025-10-31'), item('2', 2, 'in_progress', '2026-01-31'), item('3', 2, 'delayed', null)],
    [],
  )
  return {
    la: '372',
    authorityName: 'Rotherham & District',
    asAt: '2026-03-31',
    yearEarlier: '2025-03-31',
    lastImport: '2026-03-30',
    suppressSmallNumbers: true,
    definitions: KPI_DEFINITIONS,
    kpis,
    trends: trendKpis(KPI_DEFINITIONS).map((def) => ({
      def,
      points: Array.from({ length: 36 }, (_, i) => {
        const month = new Date(Date.UTC(2023, 4 + i, 0)).toISOString().slice(0, 10)
        return { asAt: month, value: i === 10 ? null : 400 + i, suppressed: i === 10 }
      }),
    })),
    breakdowns: KPI_DEFINITIONS.filter((d) => d.defaultBreakdown !== null).map((def) => ({
      def,
      rows: [
        { label: 'Foster placement with other foster carer', value: 300, share: 63.8 },
        { label: 'Children’s homes', value: null, share: null },
      ],
    })),
    movements: Array.from({ length: 12 }, (_, i) => {
      const end = new Date(Date.UTC(2025, 4 + i, 0)).toISOString().slice(0, 10)
      return {
        periodStart: `${end.slice(0, 8)}01`,
        periodEnd: end,
        start: 460,
        admissions: i === 3 ? null : 10,
        cessations: i === 3 ? null : 8,
        end: 462,
        netChange: i === 3 ? null : 2,
      }
    }),
    actionPlan: {
      title: 'Corporate Parenting Action Plan 2025-26',
      progress,
      recentUpdates: [
        { ref: '2.2', date: '2026-02-10', text: 'Meeting held <script>alert("x")</script> & agreed' },
        { ref: null, date: null, text: 'No date given' },
      ],
    },
    ...overrides,
  }
}
