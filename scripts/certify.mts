// npm run certify -- <base URL> [--commit <sha>] [--json]
// The go-live card's certification of a deployment: one line per check with its evidence and
// `N/N passed`; exit code 0 only when every check passes. The credential comes from the
// environment (INTERNAL_API_TOKEN or FUSION_API_TOKEN), never from the command line. It writes
// nothing on the target but its smoke scores, marked `origin: certification` in the audit log.
import { parseArgs } from 'node:util';
import { runChecks } from '../lib/certify/checks';
import { gatherEvidence } from '../lib/certify/evidence';
import { certification, formatCertification } from '../lib/certify/report';
import { CREDENTIAL_HELP, credentialFromEnv, DeploymentApi } from '../lib/golive/api';

const USAGE = 'usage: npm run certify -- <base URL> [--commit <sha>] [--json]';

let args;
try {
  args = parseArgs({
    allowPositionals: true,
    options: { commit: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
const [target, ...extra] = args.positionals;
if (!target || extra.length > 0 || !URL.canParse(target)) {
  console.error(USAGE);
  process.exit(2);
}
const credential = credentialFromEnv(process.env);
if (!credential) {
  console.error(`certify needs a credential: ${CREDENTIAL_HELP}.`);
  process.exit(2);
}

const api = new DeploymentApi(target, credential);
const evidence = await gatherEvidence(api);
const result = certification(
  target,
  new Date(),
  runChecks(evidence, { commit: args.values.commit }),
);
console.log(args.values.json ? JSON.stringify(result, null, 2) : formatCertification(result));
process.exit(result.certified ? 0 : 1);
