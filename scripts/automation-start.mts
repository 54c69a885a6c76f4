// npm run automation:start — does what the Start Automation button does, through the API with
// the internal token (INTERNAL_API_TOKEN), against FUSION_URL (default http://localhost:3000).
const base = process.env.FUSION_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
const token = process.env.INTERNAL_API_TOKEN;
if (!token) {
  console.error('INTERNAL_API_TOKEN is not set: the app refuses X-Internal-API-Token without it.');
  process.exit(2);
}
const response = await fetch(`${base}/api/automation/start`, {
  method: 'POST',
  headers: { 'x-internal-api-token': token },
}).catch((error: Error) => {
  console.error(`cannot reach ${base}: ${error.message}`);
  process.exit(1);
});
const body = await response.json();
console.log(JSON.stringify(body, null, 2));
process.exit(response.ok ? 0 : 1);
