export declare const contentSecurityPolicy: string
export declare const strictTransportSecurity: string
export declare function securityHeadersFor(path: string, forwardedProto: string | null): Readonly<Record<string, string>>
export declare function nextConfigHeaders(): {
  source: string
  has?: { type: 'header'; key: string; value: string }[]
  headers: { key: string; value: string }[]
}[]
