import { marketEndpoints as market } from '@/lib/contracts/market';
import { instrumentsWithLatest } from '@/lib/db/candles';
import { authorize } from '@/lib/http/guard';
import { reply } from '@/lib/http/reply';
import { route } from '@/lib/http/route';

export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  return reply(market.instruments, { instruments: await instrumentsWithLatest() });
});
