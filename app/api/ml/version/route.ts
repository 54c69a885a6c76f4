import { systemEndpoints as system } from '@/lib/contracts/system';
import { versionInfo } from '@/lib/buildInfo';
import { reply } from '@/lib/http/reply';

export const dynamic = 'force-dynamic';

export const GET = () => reply(system.version, versionInfo());
