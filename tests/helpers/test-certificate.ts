// A throwaway self-signed certificate for 127.0.0.1 and localhost (with `openssl`, which Debian's
// postgresql and ca-certificates packages already pull in): an https server on loopback that
// Gatehouse trusts through CIMD_CA_FILE, the certificate being its own authority.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

export interface TestCertificate { key: Buffer; cert: Buffer; certFile: string }

export function loopbackCertificate(): TestCertificate {
  const folder = mkdtempSync(path.join(tmpdir(), 'gatehouse-cert-'))
  const keyFile = path.join(folder, 'key.pem')
  const certFile = path.join(folder, 'cert.pem')
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', keyFile, '-out', certFile], { stdio: 'ignore' })
  return { key: readFileSync(keyFile), cert: readFileSync(certFile), certFile }
}
