/**
 * Throughput of the document renderers: files per second for a summary PDF, a detail PDF of 120 lines and
 * a ZIP of 5 invoices (5 PDFs + 5 UBL XMLs), each cold (a new invoice number every iteration, so nothing
 * can be reused) and cached (through createDocumentCache). Each case runs for about 2 s.
 *
 *   npm run bench:documents              # table
 *   npm run bench:documents -- --json    # JSON
 *   npm run bench:documents -- --ms=500  # shorter runs
 *
 * Not part of `npm test`: timings depend on the machine.
 */
import { performance } from 'node:perf_hooks'
import {
  createDocumentCache, pinnedDate, renderInvoicePdf, renderInvoiceUbl, zipFiles,
  type InvoiceDocument
} from '../src/documents/index.js'
import { detailLines, sampleInvoice } from '../test/documents/sample-invoice.js'

interface Result {
  case: string
  mode: 'cold' | 'cached'
  files: number
  seconds: number
  filesPerSecond: number
  msPerFile: number
  bytes: number
}

const args = process.argv.slice(2)
const json = args.includes('--json')
const durationMs = Number(args.find((arg) => arg.startsWith('--ms='))?.slice('--ms='.length) ?? 2000)

/** The tests' sample Tigo Honduras invoice, numbered `number`, with `lineCount` detail lines when not a summary. */
function invoice (number: number, variant: InvoiceDocument['variant'], lineCount: number): InvoiceDocument {
  const invoiceNumber = `000-001-01-${String(number).padStart(8, '0')}`
  return sampleInvoice(variant === 'detail' ? { invoiceNumber, variant, lines: detailLines(lineCount) } : { invoiceNumber, variant })
}

async function zipOfFive (first: number): Promise<Buffer> {
  const invoices = Array.from({ length: 5 }, (_, i) => invoice(first + i, 'summary', 4))
  const files = await Promise.all(invoices.map(async (doc) => [
    { name: `${doc.invoiceNumber}.pdf`, data: await renderInvoicePdf(doc) },
    { name: `${doc.invoiceNumber}.xml`, data: renderInvoiceUbl(doc) }
  ]))
  return await zipFiles(files.flat(), pinnedDate(invoices[0] ?? invoice(first, 'summary', 4)))
}

/** Calls `produce(i)` with i = 0, 1, 2… until `durationMs` have passed (after one warm-up call). */
async function measure (name: string, mode: Result['mode'], produce: (i: number) => Promise<Buffer>): Promise<Result> {
  const bytes = (await produce(-1)).length
  let files = 0
  const start = performance.now()
  let elapsed = 0
  while (elapsed < durationMs) {
    await produce(files)
    files++
    elapsed = performance.now() - start
  }
  const seconds = elapsed / 1000
  return { case: name, mode, files, seconds, filesPerSecond: files / seconds, msPerFile: elapsed / files, bytes }
}

async function run (): Promise<Result[]> {
  const cache = createDocumentCache({ maxBytes: 64 * 1024 * 1024 })
  const cached = (key: string, render: () => Promise<Buffer>) => async (): Promise<Buffer> => await cache.get(key, render)
  const cases: Array<[string, (i: number) => Promise<Buffer>, () => Promise<Buffer>]> = [
    ['summary PDF', (i) => renderInvoicePdf(invoice(100_000 + i, 'summary', 4)), () => renderInvoicePdf(invoice(1, 'summary', 4))],
    ['detail PDF (120 lines)', (i) => renderInvoicePdf(invoice(200_000 + i, 'detail', 120)), () => renderInvoicePdf(invoice(2, 'detail', 120))],
    ['ZIP of 5 invoices (5 PDF + 5 XML)', (i) => zipOfFive(300_000 + 5 * i), () => zipOfFive(3)]
  ]
  const results: Result[] = []
  for (const [name, cold, render] of cases) {
    results.push(await measure(name, 'cold', cold))
    results.push(await measure(name, 'cached', cached(name, render)))
  }
  return results
}

function table (results: Result[]): string {
  const rows = [
    ['case', 'mode', 'files', 'files/s', 'ms/file', 'bytes'],
    ...results.map((r) => [r.case, r.mode, String(r.files), r.filesPerSecond.toFixed(1), r.msPerFile.toFixed(3), String(r.bytes)])
  ]
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? []
  return rows.map((row) => row.map((cell, column) => column < 2 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)).join('  ')).join('\n')
}

const results = await run()
if (json) console.log(JSON.stringify({ node: process.version, durationMs, results }, null, 2))
else console.log(`billing-mocks documents, Node ${process.version}, ~${durationMs / 1000} s per case\n\n${table(results)}`)
