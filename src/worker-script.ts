import { Worker, type WorkerOptions } from 'node:worker_threads'

/**
 * A worker thread running the module `name` that sits beside the caller (`base`: the caller's
 * import.meta.url), as .ts from source or .js compiled. tsx registers its loader in-process, which a
 * thread does not inherit: under tsx the thread imports the script through tsx's API instead. (tap's
 * loader is inherited; compiled code needs none.)
 */
export function startScriptWorker(name: string, base: string, options: WorkerOptions = {}): Worker {
  const script = new URL(`./${name}${base.endsWith('.ts') ? '.ts' : '.js'}`, base)
  if (script.pathname.endsWith('.ts') && process.execArgv.some((a) => a.includes('tsx'))) {
    const boot = `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(script.href)}, ${JSON.stringify(base)}))`
    return new Worker(boot, { ...options, eval: true })
  }
  return new Worker(script, options)
}
