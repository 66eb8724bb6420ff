// The parts of autocannon's programmatic API the benchmarks use (the package ships no types).
declare module 'autocannon' {
  /** One request of a sequence; setupRequest may rewrite it before each send. */
  export interface Request {
    method?: string
    path?: string
    body?: string
    headers?: Record<string, string>
    setupRequest?: (request: Request) => Request
  }
  export interface Options {
    url: string
    headers?: Record<string, string>
    connections?: number
    duration?: number
    method?: string
    body?: string
    requests?: Request[]
  }
  interface Histogram {
    average: number
    p50: number
    p99: number
  }
  export interface Result {
    requests: Histogram
    latency: Histogram
    non2xx: number
  }
  function autocannon(options: Options): Promise<Result>
  export default autocannon
}
