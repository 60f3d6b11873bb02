// Worker-thread entry: workers start without the parent's TypeScript loader, so register tsx here
// (as bin/bumpcheck.js does) before loading the worker itself.
import { register } from 'tsx/esm/api'

register()
await import('./tile-worker.ts')
