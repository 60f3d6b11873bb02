// The warnings of one Excellon read, in file order; a keyed warning is given once per file.

import type { Diagnostic, SourceRef } from '../../layers/model.ts'

export class Warnings {
  readonly list: Diagnostic[] = []
  private readonly given = new Set<string>()

  warn(source: SourceRef, message: string, onceKey?: string): void {
    if (onceKey !== undefined) {
      if (this.given.has(onceKey)) return
      this.given.add(onceKey)
    }
    this.list.push({ severity: 'warning', source, message })
  }
}
