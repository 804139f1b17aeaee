/**
 * The registry: every API the server mounts, each under `/<id>`. Adding an API is a folder plus one line.
 */
import masstack from './masstack/index.js'

export const mocks = [masstack] as const
