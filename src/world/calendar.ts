/**
 * Calendar arithmetic for monthly billing cycles, in UTC so answers never depend on the machine's zone.
 */

export interface Month {
  year: number
  /** 1–12 */
  month: number
}

/**
 * Parses "2026-10" or "2026-10-31" into its month.
 * @example
 * parseMonth('2026-10-31') // { year: 2026, month: 10 }
 */
export function parseMonth (value: string): Month {
  const [year, month] = value.split('-').map(Number)
  return { year: year ?? 1970, month: month ?? 1 }
}

/** The month `count` months after `from` (negative goes back). */
export function addMonths (from: Month, count: number): Month {
  const index = from.year * 12 + (from.month - 1) + count
  return { year: Math.floor(index / 12), month: (index % 12) + 1 }
}

/** Every month from `from` to `to`, both included, oldest first. */
export function monthsBetween (from: Month, to: Month): Month[] {
  const months: Month[] = []
  for (let m = from; m.year * 12 + m.month <= to.year * 12 + to.month; m = addMonths(m, 1)) months.push(m)
  return months
}

export function daysInMonth ({ year, month }: Month): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/**
 * "YYYY-MM-DD" of a day in a month (day may overflow into the next months).
 * @example
 * isoDate({ year: 2026, month: 2 }, 31) // '2026-03-03'
 */
export function isoDate ({ year, month }: Month, day: number): string {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10)
}

/** "YYYY-MM" */
export function isoMonth ({ year, month }: Month): string {
  return `${year}-${String(month).padStart(2, '0')}`
}
