import { accountEndpoints } from './account';
import { adminEndpoints } from './admin';
import { archivesEndpoints } from './archives';
import { auditEndpoints } from './audit';
import { automationEndpoints } from './automation';
import { calibrationEndpoints } from './calibration';
import { chainEndpoints } from './chain';
import { canaryEndpoints } from './canary';
import { driftEndpoints } from './drift';
import { instrumentsEndpoints } from './instruments';
import { marketEndpoints } from './market';
import { modelMetricsEndpoints } from './modelMetrics';
import { modelsEndpoints } from './models';
import { openapiEndpoints } from './openapi';
import { paperVsLiveEndpoints } from './paperVsLive';
import { predictionsEndpoints } from './predictions';
import { queuesEndpoints } from './queues';
import { reportsEndpoints } from './reports';
import { rolloutEndpoints } from './rollout';
import { scoreEndpoints } from './score';
import { shadowEndpoints } from './shadow';
import { signalPartsEndpoints } from './signalParts';
import { sloEndpoints } from './slo';
import { systemEndpoints } from './system';
import { webhooksEndpoints } from './webhooks';
import { thresholdEndpoints } from './threshold';
import { weeklyReportEndpoints } from './weeklyReport';

/** Every endpoint of the API by feature: the source of the typed client, tests and API docs. */
export const API = {
  account: accountEndpoints,
  admin: adminEndpoints,
  archives: archivesEndpoints,
  audit: auditEndpoints,
  automation: automationEndpoints,
  calibration: calibrationEndpoints,
  chain: chainEndpoints,
  canary: canaryEndpoints,
  drift: driftEndpoints,
  instruments: instrumentsEndpoints,
  market: marketEndpoints,
  modelMetrics: modelMetricsEndpoints,
  models: modelsEndpoints,
  openapi: openapiEndpoints,
  paperVsLive: paperVsLiveEndpoints,
  predictions: predictionsEndpoints,
  queues: queuesEndpoints,
  reports: reportsEndpoints,
  rollout: rolloutEndpoints,
  score: scoreEndpoints,
  shadow: shadowEndpoints,
  signalParts: signalPartsEndpoints,
  slo: sloEndpoints,
  system: systemEndpoints,
  webhooks: webhooksEndpoints,
  threshold: thresholdEndpoints,
  weeklyReport: weeklyReportEndpoints,
};

type Features = typeof API;
/** Any one endpoint of the API (a union of their literal types). */
export type AnyEndpoint = { [F in keyof Features]: Features[F][keyof Features[F]] }[keyof Features];

export const ALL_ENDPOINTS: readonly AnyEndpoint[] = Object.values(API).flatMap(
  (feature) => Object.values(feature) as AnyEndpoint[],
);
