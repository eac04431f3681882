import { endpoints } from '@/lib/endpoints'

export const dynamic = 'force-dynamic'
export const GET = endpoints['/oauth/userinfo'].GET!
export const POST = endpoints['/oauth/userinfo'].POST!
