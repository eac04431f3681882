// What authorization-server metadata (RFC 8414) says about machine clients: the registration
// endpoint only while registration is possible (RFC 7591 §3), and client ID metadata documents.
import { config } from '../config'

export function machineClientMetadata(): Record<string, unknown> {
  const settings = config()
  return {
    ...(settings.REGISTRATION_POLICY === 'closed' ? {} : { registration_endpoint: `${settings.ISSUER}/oauth/register` }),
    // draft-ietf-oauth-client-id-metadata-document: an https client_id is fetched as the client's metadata.
    client_id_metadata_document_supported: true,
  }
}
