// The keys a grant signs with, resolved before its transaction opens.
import { loadSigningKey, peekSigningKey, type LoadedKey } from '../../keys/store'

/** The current signing keys, for code that signs inside a database transaction: a key read from
 * there could wait on a connection the transaction itself holds (PGlite has only one, and a
 * pool may be exhausted by requests queued behind the transaction's row lock). */
export interface SigningKeys { accessToken: LoadedKey; idToken: LoadedKey }

export async function currentSigningKeys(): Promise<SigningKeys> {
  return {
    accessToken: peekSigningKey('ES256') ?? await loadSigningKey('ES256'),
    idToken: peekSigningKey('RS256') ?? await loadSigningKey('RS256'),
  }
}

