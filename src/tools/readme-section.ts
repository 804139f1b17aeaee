/**
 * Generated parts of the docs (docs/configuration.md, docs/scenarios.md): the text between `<!-- <name>:start -->` and `<!-- <name>:end -->`, which a
 * script rewrites (`npm run docs:scenarios`, `npm run docs:config`) and a test compares with what the code
 * generates now.
 */

/**
 * The two marker comments of a section.
 * @example
 * sectionMarkers('config') // { start: '<!-- config:start -->', end: '<!-- config:end -->' }
 */
export function sectionMarkers (name: string): { start: string, end: string } {
  return { start: `<!-- ${name}:start -->`, end: `<!-- ${name}:end -->` }
}

/**
 * The README text between a section's markers (without them), or undefined when a marker is missing.
 * @example
 * readmeSection(readFileSync('README.md', 'utf8'), 'config') // '| flag | variable | … |\n…'
 */
export function readmeSection (readme: string, name: string): string | undefined {
  const { start, end } = sectionMarkers(name)
  const from = readme.indexOf(start)
  const to = readme.indexOf(end)
  if (from === -1 || to < from) return undefined
  return readme.slice(from + start.length, to).replace(/^\n/, '')
}

/**
 * The README with the text between a section's markers replaced by `text`.
 * @example
 * writeFileSync('README.md', withReadmeSection(readme, 'config', table))
 */
export function withReadmeSection (readme: string, name: string, text: string, what: string = `${name} table`): string {
  const { start, end } = sectionMarkers(name)
  const from = readme.indexOf(start)
  const to = readme.indexOf(end)
  if (from === -1 || to < from) {
    throw new Error(`The page has no ${start} … ${end} section. Put both markers, each on its own line, where the ${what} belongs.`)
  }
  return `${readme.slice(0, from + start.length)}\n${text}${readme.slice(to)}`
}
