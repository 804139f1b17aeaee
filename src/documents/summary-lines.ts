/**
 * A summary invoice is one page. When it is given more lines than the page holds, the last ones are folded
 * into one "Otros cargos" line per tax rate, so the printed lines still add up to the subtotal to the cent
 * and every tax rate keeps its own line.
 *
 * A folded line is a lump sum (quantity 1, unit price = the folded lines' net), so its description states
 * no count: "Otros cargos (6 conceptos)" next to a quantity of 1 read as two numbers for one thing (issue 16,
 * item 6). A count in a summary line's description is always the line's quantity.
 */
import { type InvoiceLine } from './invoice.js'
import { lineNet } from './format.js'

/**
 * At most `capacity` lines: the first ones as given, then one "Otros cargos (ver detalle)" line per tax
 * rate of the rest, of quantity 1 with the rest's net as its price (the detail variant itemises them).
 * Throws when even the folded lines cannot fit (fewer rows than tax rates).
 * @example
 * summaryLines(lines, 20) // lines itself when lines.length <= 20
 */
export function summaryLines (lines: InvoiceLine[], capacity: number): InvoiceLine[] {
  if (lines.length <= capacity) return lines
  for (let kept = capacity - 1; kept >= 0; kept--) {
    const folded = foldByRate(lines.slice(kept))
    if (kept + folded.length <= capacity) return [...lines.slice(0, kept), ...folded]
  }
  throw new Error(`A summary invoice holds ${capacity} table rows here, fewer than its ${foldByRate(lines).length} tax rates. ` +
    'Shorten the notes, or render it with variant "detail".')
}

function foldByRate (lines: InvoiceLine[]): InvoiceLine[] {
  const netByRate = new Map<number, number>()
  for (const line of lines) netByRate.set(line.taxRate, (netByRate.get(line.taxRate) ?? 0) + lineNet(line))
  // Quantity 1: a quantity of n concepts would need a unit price of net / n, which is not a whole centavo
  // in general, and the row would no longer add up to the cent.
  return [...netByRate].map(([taxRate, net]) => ({
    description: 'Otros cargos (ver detalle)',
    quantity: 1,
    unitPrice: net,
    taxRate
  }))
}
