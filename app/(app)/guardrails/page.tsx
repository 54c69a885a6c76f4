import { GuardrailsPanel } from '@/components/slo/GuardrailsPanel';
import { roleAtLeast } from '@/lib/auth/roles';
import { requirePageSession } from '@/lib/auth/session';

export const metadata = { title: 'Guardrails' };

export default async function GuardrailsPage() {
  const user = await requirePageSession();
  return (
    <>
      <h1>Guardrails</h1>
      <GuardrailsPanel canChange={roleAtLeast(user.role, 'operator')} />
    </>
  );
}
