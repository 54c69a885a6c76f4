import { findActiveModel, findModel } from '@/lib/db/models';
import { notFound } from '@/lib/http/errors';
import { authorize } from '@/lib/http/guard';
import { route, searchParams } from '@/lib/http/route';
import { calibrationReport } from '@/lib/queries/calibration';
import { calibrationEndpoints as calibrationApi } from '@/lib/contracts/calibration';
import { reply } from '@/lib/http/reply';

/** Reliability per horizon and bucket, ECE, Brier and the calibration maps of one model. */
export const GET = route(async (request) => {
  await authorize(request, { role: 'viewer' });
  const query = searchParams(request, calibrationApi.report.query);
  const model = query.model ? await findModel(query.model) : await findActiveModel();
  if (!model) {
    throw query.model
      ? notFound('model', `no model version ${JSON.stringify(query.model)}`)
      : notFound('model', 'there is no active model: name one with ?model=');
  }
  const report = await calibrationReport({ ...query, model: model.id, now: new Date() });
  return reply(calibrationApi.report, report);
});
