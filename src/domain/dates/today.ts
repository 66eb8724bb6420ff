/** Today's calendar date in England (the date a council's staff would write), as 'YYYY-MM-DD'. */
export function todayInEngland(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
}
