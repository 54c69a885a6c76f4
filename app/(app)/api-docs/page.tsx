import { ApiDocs } from '@/components/apiDocs/ApiDocs';
import { apiDocument } from '@/lib/openapi/apiDocument';

export const metadata = { title: 'API docs' };

/** The API document (GET /api/openapi.json) as a page: made on the server, once per process. */
export default function ApiDocsPage() {
  return (
    <>
      <h1>API docs</h1>
      <ApiDocs document={apiDocument().document} />
    </>
  );
}
