/** The action plan's part of the pack: progress by priority, counts by status, overdue actions, recent updates. */
import type { ActionStatus, RagColour } from '../action-plan/types.ts'
import { barChart } from './charts.ts'
import { chartWithTable, table } from './figures.ts'
import { escape, longDate } from './html.ts'
import { section } from './sections.ts'
import type { PackActionPlan } from './types.ts'

type StatusKey = ActionStatus | 'unknown'

const STATUS_WORDS: Record<StatusKey, string> = {
  not_started: 'Not started',
  awaiting_start: 'Awaiting start',
  in_progress: 'In progress',
  delayed: 'Delayed',
  complete: 'Complete',
  complete_monitoring: 'Complete, monitoring continues',
  obsolete: 'No longer needed',
  unknown: 'Not recorded',
}

const RAG_NAMES: Record<RagColour | 'none', string> = { blue: 'Blue', green: 'Green', amber: 'Amber', red: 'Red', grey: 'Grey', none: 'None' }

/** The action's RAG as a word in a coloured badge: the word alone says it. */
const ragBadge = (rag: RagColour | null) => (rag === null ? 'None' : `<span class="rag rag-${rag}">${escape(RAG_NAMES[rag])}</span>`)

/** Complete counts both complete and complete with monitoring, as the board counts them. */
const done = (byStatus: Record<StatusKey, number>) => byStatus.complete + byStatus.complete_monitoring

const UPDATE_LENGTH = 600

export function actionPlanSection(plan: PackActionPlan | null, asAt: string): string {
  if (plan === null) return section('action-plan', 'Action plan', '<p>No action plan is held for this authority.</p>')
  const p = plan.progress
  const percent = (n: number, of: number) => (of === 0 ? null : Math.round((n * 1000) / of) / 10)
  const priorityName = (n: number | null, title: string | null) => (n === null ? 'No priority' : `${n}. ${title ?? ''}`.trim())

  const byPriority = table(
    'Actions by priority and status',
    ['Priority', 'Actions', 'Complete', 'In progress', 'Delayed', 'Not started or awaiting start', 'Complete (%)'],
    p.byPriority.map((x): [string, ...string[]] => [
      escape(priorityName(x.number, x.title)),
      String(x.total),
      String(done(x.byStatus)),
      String(x.byStatus.in_progress),
      String(x.byStatus.delayed),
      String(x.byStatus.not_started + x.byStatus.awaiting_start),
      escape(String(percent(done(x.byStatus), x.total) ?? '-')),
    ]),
    'numbers',
  )
  const chart = barChart({
    id: 'plan-progress-svg',
    title: 'Share of actions complete, by priority',
    desc: 'Bar chart of the percentage of each priority’s actions that are complete (including those complete with monitoring). The numbers are in the table beside it.',
    bars: p.byPriority.map((x) => ({ label: priorityName(x.number, x.title), value: percent(done(x.byStatus), x.total) })),
    format: (v) => `${v}%`,
  })
  const statuses = (Object.keys(STATUS_WORDS) as StatusKey[]).filter((k) => p.byStatus[k] > 0 || k !== 'unknown')
  const byStatus = table(
    `The ${p.total} actions by status`,
    ['Status', 'Actions'],
    statuses.map((k): [string, ...string[]] => [escape(STATUS_WORDS[k]), String(p.byStatus[k])]),
    'numbers',
  )
  const overdue = p.overdue.length
    ? table(
        `Actions past their due date on ${escape(longDate(asAt))}`,
        ['Ref', 'Priority', 'Due', 'By when (as written)', 'Days overdue', 'Status', 'RAG'],
        p.overdue.map((o): [string, ...string[]] => [
          escape(o.ref ?? '-'),
          escape(o.priority === null ? '-' : String(o.priority)),
          escape(longDate(o.dueDate)),
          escape(o.byWhen),
          String(o.daysOverdue),
          escape(o.status === null ? 'Not recorded' : STATUS_WORDS[o.status]),
          ragBadge(o.rag),
        ]),
        'overdue',
      )
    : `<p>No action is past its due date on ${escape(longDate(asAt))}.</p>`
  const updates = plan.recentUpdates.length
    ? table(
        'The latest progress updates',
        ['Ref', 'Date', 'Update'],
        plan.recentUpdates.map((u): [string, ...string[]] => [
          escape(u.ref ?? '-'),
          escape(u.date === null ? 'Not dated' : longDate(u.date)),
          escape(u.text.length > UPDATE_LENGTH ? `${u.text.slice(0, UPDATE_LENGTH - 1)}…` : u.text),
        ]),
        'updates',
      )
    : '<p>No progress update is recorded.</p>'
  return section(
    'action-plan',
    'Action plan',
    `<p>${escape(plan.title)}: ${p.total} actions; statuses as they stood on ${escape(longDate(asAt))}.</p>` +
      `<h3 id="plan-priorities">Progress by priority</h3>${chartWithTable('plan-progress', 'Actions complete in each priority.', chart, byPriority, 'stacked')}` +
      `<h3 id="plan-status">Actions by status</h3>${byStatus}` +
      `<h3 id="plan-overdue">Overdue actions</h3>${overdue}` +
      `<h3 id="plan-updates">Recent updates</h3>${updates}`,
  )
}
