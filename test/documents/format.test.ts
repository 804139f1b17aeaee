import { describe, expect, it } from 'vitest'
import { invoiceTotals } from '../../src/documents/index.js'
import { groupedAmount, pinnedDate, printedDate, printedQuantity, ratePercent, taxBreakdown } from '../../src/documents/format.js'
import { detailLines } from './sample-invoice.js'

describe('invoice formatting', () => {
  it.each([
    [printedDate('2026-10-01'), '01/10/2026'],
    [ratePercent(0.15), '15'],
    [ratePercent(0.125), '12.5'],
    [groupedAmount(123456789), '1,234,567.89'],
    [printedQuantity(1200), '1,200'],
    [printedQuantity(1.5), '1.5']
  ])('prints %s as %s', (printed, expected) => {
    expect(printed).toBe(expected)
  })

  it('pins an invoice to its issue date at 12:00 UTC', () => {
    const date = pinnedDate({ issueDate: '2026-10-01', invoiceNumber: 'F-1' })

    expect(date.toISOString()).toBe('2026-10-01T12:00:00.000Z')
  })

  it('rejects an impossible calendar date', () => {
    const pin = (): unknown => pinnedDate({ issueDate: '2026-02-30', invoiceNumber: 'F-1' })

    expect(pin).toThrow('Cannot render invoice F-1: issueDate "2026-02-30" is not a yyyy-mm-dd date')
  })

  it('breaks the tax down per rate into groups that add up to invoiceTotals', () => {
    const lines = [...detailLines(7), { description: 'Exento', quantity: 2, unitPrice: 333, taxRate: 0 }]

    const groups = taxBreakdown(lines)

    expect(groups.map((group) => group.rate)).toEqual([0.15, 0])
    expect(groups.reduce((sum, group) => sum + group.tax, 0)).toBe(invoiceTotals({ lines }).tax)
    expect(groups.reduce((sum, group) => sum + group.taxable, 0)).toBe(invoiceTotals({ lines }).subtotal)
  })
})
