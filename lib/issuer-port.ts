// The issuer must be the URL clients reach: a relying party's discovery compares the document's
// `issuer` with the URL it fetched (OpenID Connect Discovery 1.0 §4.3, RFC 8414 §3.3), so
// `PORT=3100` with the default issuer left at another port breaks every client.
//
// Gatehouse itself serves plain HTTP only, so an https issuer always sits behind a proxy that
// may listen on any port; an http issuer naming another port than the one we listen on is
// almost always a forgotten ISSUER.

/** A warning for an http issuer whose port is not the listening port; null when they agree. */
export function issuerPortWarning(issuer: string, listeningPort: number): string | null {
  const url = new URL(issuer)
  if (url.protocol !== 'http:') return null
  const issuerPort = Number(url.port || 80)
  if (issuerPort === listeningPort) return null
  return `ISSUER ${issuer} names port ${issuerPort} but the server listens on port ${listeningPort}: ` +
    'clients will fail issuer checks unless a proxy forwards that port here. Set ISSUER to the URL clients use.'
}
