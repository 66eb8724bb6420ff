/** What an API client may do. Each route declares the scope(s) it needs in its OpenAPI security. */
export const SCOPES = {
  'records:write': 'Case-management integration: write children, episodes and imports.',
  'records:read': 'Read child-level care records (children, episodes, placements, periods of care).',
  'health:write': 'Health trust: post health assessments, dental checks, immunisations, SDQs and substance misuse.',
  'education:write': 'Virtual school: post SDQ teacher returns and education facts.',
  'leaving-care:write': 'Leaving care service: care leavers, pathway plans, personal advisers, contacts.',
  'mental-health:write': 'Mental health service: post CAMHS referrals, their decisions, first appointments and discharges.',
  'youth-justice:write': 'Youth justice service: post convictions and youth cautions of looked-after children.',
  'advocacy:write': 'Advocacy service: post referrals and the issues raised and resolved.',
  'kpi:read': 'Read aggregate figures: KPIs, the scorecard, monthly movements, action plans.',
  'child:read': 'Read child-level lists behind aggregates, e.g. KPI drill-down and due lists.',
  'actions:write': "Change the corporate parenting board's action plan.",
  admin: 'Manage API clients, authorities and benchmarks; read the audit trail.',
} as const

export type Scope = keyof typeof SCOPES
export const SCOPE_NAMES = Object.keys(SCOPES) as Scope[]

export function isScope(s: string): s is Scope {
  return Object.hasOwn(SCOPES, s)
}
