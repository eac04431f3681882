// What authorization-server metadata (RFC 8414) says about machine clients: the registration
// endpoint only while registration is possible (RFC 7591 §3), client ID metadata documents, and
// the resources a `resource` parameter (RFC 8707) may name (RFC 9728 §4).
import type { Executor } from '@/db/client'
import { config } from '../config'
import { resourceIdentifiers } from './resources'

export async function machineClientMetadata(db: Executor): Promise<Record<string, unknown>> {
  const settings = config()
  return {
    ...(settings.REGISTRATION_POLICY === 'closed' ? {} : { registration_endpoint: `${settings.ISSUER}/oauth/register` }),
    // draft-ietf-oauth-client-id-metadata-document: an https client_id is fetched as the client's metadata.
    client_id_metadata_document_supported: true,
    protected_resources: await resourceIdentifiers(db),
  }
}
