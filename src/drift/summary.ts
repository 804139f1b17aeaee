/**
 * What `billing-mocks proxy` saw, per documented operation: how many answers, which statuses, how many
 * drifted from the OpenAPI document and how (each distinct violation once, with a count). Printed as a
 * table when the proxy stops, and written as JSON with `--report <file>`.
 */
import type { Validation, Violation } from './validate.js'

/** Distinct violations kept per operation: a provider that drifts everywhere must not grow the summary without end. */
const MAX_DISTINCT = 200

export interface OperationSummary {
  api: string
  /** "GET /customers/{idType}/{id}/bills", or the method and path of a request no operation documents. */
  operation: string
  requests: number
  /** Answers with at least one violation. */
  drifted: number
  /** Answers per status. */
  statuses: Record<string, number>
  violations: Array<Violation & { count: number }>
}

export interface DriftSummary {
  startedAt: string
  endedAt: string
  targets: Array<{ api: string, target: string }>
  requests: number
  drifted: number
  /** Requests the proxy could not answer from the provider (unreachable, no token). */
  failed: number
  operations: OperationSummary[]
}

export interface SummaryCollector {
  /** Counts one validated answer. */
  add: (api: string, method: string, path: string, status: number, validation: Validation) => void
  /** Counts a request the provider never answered. */
  fail: () => void
  summary: () => DriftSummary
}

/**
 * @example
 * const collector = createSummary([{ api: 'masstack', target: 'https://api.example.com/masstack' }])
 * collector.add('masstack', 'GET', '/v2/orgs/telco/accounts/1/invoices', 200, validation)
 * formatSummary(collector.summary())
 */
export function createSummary (targets: Array<{ api: string, target: string }>): SummaryCollector {
  const startedAt = new Date().toISOString()
  const operations = new Map<string, OperationSummary>()
  const indexes = new WeakMap<OperationSummary, Map<string, { count: number }>>()
  let failed = 0

  return {
    add (api, method, path, status, validation) {
      const operation = validation.operation ?? `${method} ${path}`
      const key = `${api} ${operation}`
      let entry = operations.get(key)
      if (entry === undefined) {
        entry = { api, operation, requests: 0, drifted: 0, statuses: {}, violations: [] }
        operations.set(key, entry)
      }
      entry.requests++
      entry.statuses[status] = (entry.statuses[status] ?? 0) + 1
      if (validation.violations.length > 0) entry.drifted++
      const index = indexes.get(entry) ?? new Map<string, { count: number }>()
      indexes.set(entry, index)
      for (const violation of validation.violations) {
        const key = `${violation.kind} ${violation.path}`
        const seen = index.get(key)
        if (seen !== undefined) { seen.count++; continue }
        if (entry.violations.length >= MAX_DISTINCT) continue
        const counted = { ...violation, count: 1 }
        entry.violations.push(counted)
        index.set(key, counted)
      }
    },
    fail () { failed++ },
    summary () {
      const list = [...operations.values()].sort((a, b) => a.api.localeCompare(b.api) || a.operation.localeCompare(b.operation))
      return {
        startedAt,
        endedAt: new Date().toISOString(),
        targets,
        requests: list.reduce((sum, entry) => sum + entry.requests, 0),
        drifted: list.reduce((sum, entry) => sum + entry.drifted, 0),
        failed,
        operations: structuredClone(list)
      }
    }
  }
}

/**
 * The summary as a table for a terminal: one row per operation, its violations indented below it.
 * @example
 * process.stdout.write(formatSummary(summary))
 * // API       OPERATION                                          REQUESTS  DRIFTED  STATUSES
 * // masstack  GET /v2/orgs/{orgId}/accounts/{accountId}/invoices  3         1        200×3
 * //   unknown-field  /currency  field /currency is not in the document (1×)
 */
export function formatSummary (summary: DriftSummary): string {
  const lines = [`Drift summary: ${summary.requests} answers, ${summary.drifted} drifted from the OpenAPI documents${summary.failed > 0 ? `, ${summary.failed} requests the provider never answered` : ''} (${summary.startedAt} – ${summary.endedAt})`]
  if (summary.operations.length === 0) return `${lines[0] ?? ''}\n  no requests went through the proxy\n`
  const rows = summary.operations.map((entry) => [
    entry.api,
    entry.operation,
    String(entry.requests),
    String(entry.drifted),
    Object.entries(entry.statuses).map(([status, count]) => `${status}×${count}`).join(' ')
  ])
  const header = ['API', 'OPERATION', 'REQUESTS', 'DRIFTED', 'STATUSES']
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)))
  const line = (cells: string[]): string => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd()
  lines.push(line(header))
  for (const [index, entry] of summary.operations.entries()) {
    lines.push(line(rows[index] ?? []))
    for (const violation of entry.violations) {
      lines.push(`  ${violation.kind}  ${violation.path || '(body)'}  ${violation.message} (${violation.count}×)`)
    }
  }
  return lines.join('\n') + '\n'
}
