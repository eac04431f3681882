// A configuration that cannot serve (a bad variable, or no DATABASE_URL where the data folder is
// read-only) answers 503 naming what to set, on pages and endpoints alike, rather than failing
// every request with a 500.
import { ConfigError, config } from './config'
import { dataDirProblem, embeddedDatabaseProblem } from './data-dir'
import { OAuthError, oauthErrorResponse } from './oauth/errors'
import { toWebResponse } from './response'
import { misconfiguredPage } from './unavailable-page'

/** What stops this process from serving, or undefined. Cheap after the first call (the
 * configuration and the data-folder check are both kept). */
export function startupProblem(): ConfigError | undefined {
  try {
    const settings = config()
    if (!settings.usingPglite) return undefined
    const problem = dataDirProblem(settings.DATA_DIR)
    return problem ? new ConfigError(embeddedDatabaseProblem(problem), ['DATABASE_URL']) : undefined
  } catch (error) {
    if (error instanceof ConfigError) return error
    throw error
  }
}

/** The 503 for a request while the configuration cannot serve: JSON for machine endpoints, the
 * styled page otherwise. */
export function startupProblemResponse(problem: ConfigError, machineEndpoint: boolean): Response {
  if (!machineEndpoint) return misconfiguredPage(problem.variables)
  return toWebResponse(oauthErrorResponse(new OAuthError('temporarily_unavailable', `Not configured: set ${problem.variables.join(' and ') || 'a valid configuration'}`)))
}
