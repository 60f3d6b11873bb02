// Worker-thread entry when running from the TypeScript sources (tests, bin/bumpcheck.js): workers
// start without the parent's TypeScript loader, so register tsx here before loading the worker
// itself. Not compiled: in dist/ the name tile-worker.js is tile-worker.ts compiled, loader-free.
import { register } from 'tsx/esm/api'

register()
await import('./tile-worker.ts')
