import { endpoints } from '@/lib/endpoints'

export const dynamic = 'force-dynamic'
export const POST = endpoints['/oauth/revoke'].POST!
