import { endpoints } from '@/lib/endpoints'

export const dynamic = 'force-dynamic'
export const GET = endpoints['/api/resources'].GET!
export const POST = endpoints['/api/resources'].POST!
