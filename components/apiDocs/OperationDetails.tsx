import type { OpenApiDocument, Operation } from '@/lib/openapi/types';
import { ERROR_REF, inlineRefs } from '@/lib/openapi/resolve';
import { Prose } from './Prose';
import { SchemaView } from './SchemaView';
import { notesOf, typeLabel } from './schemaRows';
import { SideScroll } from '@/components/ui/SideScroll';

/** What an operation takes (parameters, body) and what it answers (each status, its body). */
export function OperationDetails({
  title,
  operation,
  components,
}: {
  title: string;
  operation: Operation;
  components: OpenApiDocument['components'];
}) {
  return (
    <div style={{ paddingLeft: '0.5rem' }}>
      <p>
        <Prose text={operation.description} />
      </p>
      {operation.parameters && operation.parameters.length > 0 && (
        <>
          <h4 style={{ margin: '0.75rem 0 0.25rem' }}>Parameters</h4>
          <SideScroll label={`Parameters of ${title}`}>
            <table aria-label={`Parameters of ${title}`} style={{ fontSize: '0.9rem' }}>
              <thead>
                <tr>
                  <th>Name</th>
                  <th>In</th>
                  <th>Type</th>
                  <th>Notes</th>
                </tr>
              </thead>
              <tbody>
                {operation.parameters.map((p) => (
                  <tr key={`${p.in} ${p.name}`}>
                    <td style={{ whiteSpace: 'nowrap' }}>
                      <code>{p.name}</code>
                      {p.required && (
                        <span className="error" title="required">
                          {' '}
                          *
                        </span>
                      )}
                    </td>
                    <td>{p.in}</td>
                    <td style={{ minWidth: '9rem' }}>
                      <code style={{ overflowWrap: 'anywhere' }}>{typeLabel(p.schema)}</code>
                    </td>
                    <td className="muted" style={{ minWidth: '12rem', overflowWrap: 'anywhere' }}>
                      <Prose
                        text={[...notesOf(p.schema), p.description].filter(Boolean).join('; ')}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </SideScroll>
        </>
      )}
      {operation.requestBody && (
        <>
          <h4 style={{ margin: '0.75rem 0 0.25rem' }}>Request body</h4>
          {operation.requestBody.description && (
            <p>
              <Prose text={operation.requestBody.description} />
            </p>
          )}
          {Object.entries(operation.requestBody.content).map(([type, media]) => (
            <SchemaView key={type} label={type} schema={media.schema} />
          ))}
        </>
      )}
      <h4 style={{ margin: '0.75rem 0 0.25rem' }}>Responses</h4>
      {Object.entries(operation.responses).map(([status, response]) => (
        <div key={status} style={{ marginBottom: '0.5rem' }}>
          <strong className={Number(status) >= 400 ? 'error' : undefined}>{status}</strong>{' '}
          <Prose text={response.description} />
          {Object.entries(response.content ?? {}).map(([type, media]) =>
            media.schema.$ref === ERROR_REF ? (
              <span key={type} className="muted">
                {' '}
                → <code>{'{_err, message}'}</code>
              </span>
            ) : (
              <SchemaView
                key={type}
                label={type}
                schema={inlineRefs(media.schema, { components })}
              />
            ),
          )}
        </div>
      ))}
    </div>
  );
}
