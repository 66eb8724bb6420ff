/**
 * The environment for a process a test starts (the server, a CLI). It must not add V8 coverage to
 * this run's: it calls few of the modules it loads, and how far it gets before the test stops it
 * varies, so tap's merged figure would move from run to run. tap follows
 * every child through @tapjs/processinfo; _TAPJS_PROCESSINFO_COVERAGE_=0 tells it not to collect.
 */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { NODE_V8_COVERAGE: _coverage, ...inherited } = process.env
  return { ...inherited, _TAPJS_PROCESSINFO_COVERAGE_: '0', ...extra }
}
