import { adminEndpoints } from './admin';
import { auditEndpoints } from './audit';
import { automationEndpoints } from './automation';
import { calibrationEndpoints } from './calibration';
import { driftEndpoints } from './drift';
import { marketEndpoints } from './market';
import { modelMetricsEndpoints } from './modelMetrics';
import { openapiEndpoints } from './openapi';
import { predictionsEndpoints } from './predictions';
import { rolloutEndpoints } from './rollout';
import { scoreEndpoints } from './score';
import { signalPartsEndpoints } from './signalParts';
import { sloEndpoints } from './slo';
import { systemEndpoints } from './system';

/** Every endpoint of the API by feature: the source of the typed client, tests and API docs. */
export const API = {
  admin: adminEndpoints,
  audit: auditEndpoints,
  automation: automationEndpoints,
  calibration: calibrationEndpoints,
  drift: driftEndpoints,
  market: marketEndpoints,
  modelMetrics: modelMetricsEndpoints,
  openapi: openapiEndpoints,
  predictions: predictionsEndpoints,
  rollout: rolloutEndpoints,
  score: scoreEndpoints,
  signalParts: signalPartsEndpoints,
  slo: sloEndpoints,
  system: systemEndpoints,
};

type Features = typeof API;
/** Any one endpoint of the API (a union of their literal types). */
export type AnyEndpoint = { [F in keyof Features]: Features[F][keyof Features[F]] }[keyof Features];

export const ALL_ENDPOINTS: readonly AnyEndpoint[] = Object.values(API).flatMap(
  (feature) => Object.values(feature) as AnyEndpoint[],
);
