// The last few reports, so a host can ask for another format (`report/get`) without re-running the check.

import type { Report } from '../engine/report.ts'

export class ReportStore {
  private readonly reports = new Map<string, Report>()
  private nextNumber = 1

  /** `keep` bounds memory: a session of a thousand checks holds only the last `keep` reports. */
  constructor(readonly keep: number) {}

  add(report: Report): string {
    const reportId = `report-${this.nextNumber++}`
    this.reports.set(reportId, report)
    while (this.reports.size > this.keep) this.reports.delete(this.reports.keys().next().value as string)
    return reportId
  }

  get(reportId: string): Report | undefined {
    return this.reports.get(reportId)
  }

  get size(): number {
    return this.reports.size
  }
}
