import { describe, expect, it } from 'vitest'
import { invoiceTotals, type InvoiceLine } from '../../src/documents/index.js'
import { summaryLines } from '../../src/documents/summary-lines.js'
import { detailLines } from './sample-invoice.js'

describe('summaryLines', () => {
  it('keeps the lines as given when they fit', () => {
    const lines = detailLines(5)

    const printed = summaryLines(lines, 5)

    expect(printed).toBe(lines)
  })

  it('folds the lines past the capacity into one "Otros cargos" line per rate, keeping the subtotal', () => {
    const lines: InvoiceLine[] = [
      ...detailLines(10),
      { description: 'Servicio exento', quantity: 1, unitPrice: 5000, taxRate: 0 }
    ]

    const printed = summaryLines(lines, 6)

    expect(printed).toHaveLength(6)
    expect(printed.slice(0, 4)).toEqual(lines.slice(0, 4))
    expect(printed.slice(4).map((line) => [line.description, line.quantity, line.taxRate])).toEqual([
      ['Otros cargos (ver detalle)', 1, 0.15],
      ['Otros cargos (ver detalle)', 1, 0]
    ])
    expect(invoiceTotals({ lines: printed }).subtotal).toBe(invoiceTotals({ lines }).subtotal)
  })

  it('throws when the page holds fewer rows than there are tax rates', () => {
    const lines = [0.15, 0.18, 0].map((taxRate) => ({ description: 'Cargo', quantity: 1, unitPrice: 100, taxRate }))

    const fold = (): unknown => summaryLines(lines, 2)

    expect(fold).toThrow(/holds 2 table rows here, fewer than its 3 tax rates/)
  })
})
