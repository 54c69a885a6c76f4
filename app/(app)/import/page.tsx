import { requirePageSession } from '@/lib/auth/session';
import { CsvImportForm } from '@/components/market/CsvImportForm';

export const metadata = { title: 'Import candles' };

export default async function ImportPage() {
  await requirePageSession('operator');
  return (
    <>
      <h1>Import candles</h1>
      <CsvImportForm />
    </>
  );
}
