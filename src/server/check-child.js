// Check-process entry: a forked process starts without the parent's TypeScript loader, so register tsx
// here (as bin/bumpcheck.js does) before loading the check process itself.
import { register } from 'tsx/esm/api'

register()
await import('./check-child.ts')
