import { endpoints } from '@/lib/endpoints'

export const dynamic = 'force-dynamic'
export const GET = endpoints['/api/me'].GET!
