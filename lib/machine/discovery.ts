// What authorization-server metadata (RFC 8414) says about machine clients: the registration
// endpoint only while registration is possible (RFC 7591 §3).
import { config } from '../config'

export function machineClientMetadata(): Record<string, unknown> {
  const settings = config()
  return settings.REGISTRATION_POLICY === 'closed' ? {} : { registration_endpoint: `${settings.ISSUER}/oauth/register` }
}
