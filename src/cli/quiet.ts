// `check -q`: errors only, as ESLint's --quiet prints them. The text report's own sections, cut down to
// what makes a run fail or stay incomplete: input errors, rules not run, error findings, the verdict.

import type { Report } from '../engine/report.ts'
import { signOff } from '../reporters/signoff.ts'
import { text } from '../reporters/text.ts'

/** True when `-q` has something to say: an error finding, an unread input or a rule that could not run. */
export function quietHasOutput(report: Report): boolean {
  return report.findings.some((f) => f.severity === 'error') || report.inputErrors.length > 0 || (report.notRun?.length ?? 0) > 0
}

/**
 * The text report of the error findings alone, with the not-run list and the verdict; empty when
 * there is nothing to say (a pass, or warnings only). Warnings, waivers, diagnostics, the bump-pad
 * and rule tables and the sign-off block are left to the full report.
 */
export function quietText(report: Report, color: boolean): string {
  if (!quietHasOutput(report)) return ''
  const errorsOnly: Report = {
    ...report,
    findings: report.findings.filter((f) => f.severity === 'error'),
    waived: [],
    waiverProblems: [],
    diagnostics: [],
    notes: [],
    rules: undefined,
    bumpPads: undefined,
  } as Report
  const full = text(errorsOnly, { color })
  // the sign-off block comes last, under its own heading line; nothing from an input can forge that
  // line, since every input string is indented and has its control characters made visible
  const heading = color ? '\x1b[1mSign-off\x1b[0m' : 'Sign-off'
  const lines = full.split('\n')
  const cut = lines.lastIndexOf(heading)
  const body = (cut >= 0 ? lines.slice(0, cut) : lines).join('\n').replace(/\n*$/, '\n')
  const { verdict, reasons } = signOff(report, undefined)
  const paint = (code: string, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s)
  const colour = verdict === 'FAIL' ? '1;31' : verdict === 'INCOMPLETE' ? '1;33' : '1;32'
  return `${body.replace(/^No findings\.\n/m, '')}\nverdict  ${paint(colour, verdict)}\n${reasons.map((r) => `         ${r}\n`).join('')}`
}
