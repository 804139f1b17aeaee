/**
 * The Host rule of the admin API, against DNS rebinding: a page on evil.example whose name is re-pointed at
 * 127.0.0.1 reaches the mock from the developer's own browser, and both its Origin and the Host header then
 * say evil.example, so an Origin check alone lets it through. Only a Host that names this machine is
 * accepted: a loopback name, an IP address (a rebinding page always sends its own domain name), the
 * configured --host, or a name in --allowed-hosts (as Vite's `server.allowedHosts`). The API routes are not
 * guarded: they serve generated data only, and the containers of a compose network reach them under names
 * the mock cannot know.
 */
import { isIP } from 'node:net'
import { isLoopback } from '../config.js'

/** The value of --allowed-hosts that accepts any Host (behind a proxy that checks it, say). */
export const ANY_HOST = 'all'

/**
 * A predicate over the Host header. `allowed` holds names (`mocks.internal`), `.example.com` for that domain
 * and its subdomains, or "all".
 * @example
 * const allows = hostRule({ host: '127.0.0.1', allowedHosts: ['billing-mocks'] })
 * allows('billing-mocks:4010') // true
 * allows('evil.example:4010')  // false
 */
export function hostRule ({ host, allowedHosts }: { host: string, allowedHosts: readonly string[] }): (hostHeader: string | undefined) => boolean {
  const names = allowedHosts.map((name) => name.trim().toLowerCase()).filter((name) => name !== '')
  if (names.includes(ANY_HOST)) return () => true
  const exact = new Set([host.toLowerCase(), ...names.filter((name) => !name.startsWith('.'))])
  const domains = names.filter((name) => name.startsWith('.'))
  return (hostHeader) => {
    const name = hostnameOf(hostHeader)
    if (name === undefined) return false
    if (isLoopback(name) || name.endsWith('.localhost') || isIP(name.replace(/^\[|\]$/g, '')) !== 0) return true
    return exact.has(name) || domains.some((domain) => name === domain.slice(1) || name.endsWith(domain))
  }
}

/** The lower-case name of a Host header without its port (`[::1]` keeps its brackets), or undefined when it is none. */
function hostnameOf (hostHeader: string | undefined): string | undefined {
  if (hostHeader === undefined || hostHeader === '') return undefined
  try {
    return new URL(`http://${hostHeader}`).hostname.replace(/\.$/, '')
  } catch {
    return undefined
  }
}
