// npm run rollout -- <stage> --reason "…"      (stage: off, preview, 0.1, 0.5, 1.0)
// npm run rollout -- rollback --reason "…"    (to off: the card's rollback)
//   [--url <base URL>] [--process <URL of each app process>]… [--json]
// Changes the rollout stage through the API with an operator's credential (INTERNAL_API_TOKEN, or
// FUSION_API_TOKEN with the read, operate and score scopes), refusing what the ramp does not
// allow, and measures until every process serves the new stage with /api/healthz ok.
import { parseArgs } from 'node:util';
import { parseStageSetting } from '../lib/domain/rollout';
import { CREDENTIAL_HELP, credentialFromEnv, DeploymentApi } from '../lib/golive/api';
import { formatRolloutReport, rolloutExitCode, runStageChange } from '../lib/golive/rolloutCommand';

const USAGE =
  'usage: npm run rollout -- <off|preview|0.1|0.5|1.0|rollback> --reason "…" ' +
  '[--url <base URL>] [--process <process URL>]… [--json]';

let args;
try {
  args = parseArgs({
    allowPositionals: true,
    options: {
      reason: { type: 'string' },
      url: { type: 'string' },
      process: { type: 'string', multiple: true, default: [] },
      json: { type: 'boolean', default: false },
    },
  });
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
const [requested, ...extra] = args.positionals;
const rollback = requested === 'rollback';
const parsed = rollback ? null : parseStageSetting(requested);
const target = rollback ? 'off' : parsed?.ok ? parsed.stage : null;
const reason = args.values.reason?.trim() ?? '';
if (!requested || extra.length > 0 || !target || reason.length < 3) {
  console.error(
    !target && requested
      ? `"${requested}" is not a stage or "rollback"\n${USAGE}`
      : reason.length < 3
        ? `say why with --reason (at least 3 characters)\n${USAGE}`
        : USAGE,
  );
  process.exit(2);
}
const baseUrl =
  args.values.url ?? process.env.FUSION_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
const urls = [baseUrl, ...args.values.process];
const badUrl = urls.find((u) => !URL.canParse(u));
if (badUrl) {
  console.error(`"${badUrl}" is not a URL\n${USAGE}`);
  process.exit(2);
}
const credential = credentialFromEnv(process.env);
if (!credential) {
  console.error(`rollout needs an operator's credential: ${CREDENTIAL_HELP}.`);
  process.exit(2);
}

const report = await runStageChange({
  api: new DeploymentApi(baseUrl, credential),
  credential,
  target,
  rollback,
  reason,
  processUrls: args.values.process,
});
console.log(args.values.json ? JSON.stringify(report, null, 2) : formatRolloutReport(report));
process.exit(rolloutExitCode(report));
