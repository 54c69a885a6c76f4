import type { JsonSchema } from '@/lib/openapi/types';
import { Prose } from './Prose';
import { notesOf, schemaRows, typeLabel } from './schemaRows';
import { SideScroll } from '@/components/ui/SideScroll';

/** A schema as a table of its fields (nested ones indented); a scalar as its type alone. */
export function SchemaView({ schema, label }: { schema: JsonSchema; label: string }) {
  const rows = schemaRows(schema);
  const notes = notesOf(schema);
  return (
    <div>
      <p style={{ margin: '0.5rem 0 0.25rem' }}>
        {label}: <code>{typeLabel(schema)}</code>
        {notes.length > 0 && (
          <span className="muted">
            {' '}
            — <Prose text={notes.join('; ')} />
          </span>
        )}
      </p>
      {rows.length > 0 && (
        <SideScroll label={label}>
          <table aria-label={label} style={{ fontSize: '0.9rem' }}>
            <thead>
              <tr>
                <th>Field</th>
                <th>Type</th>
                <th>Notes</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, i) => (
                <tr key={i}>
                  <td style={{ paddingLeft: `${0.6 + row.depth * 1.1}rem`, whiteSpace: 'nowrap' }}>
                    <code>{row.name}</code>
                    {row.required && (
                      <span className="error" title="required">
                        {' '}
                        *
                      </span>
                    )}
                  </td>
                  <td style={{ minWidth: '9rem' }}>
                    <code style={{ overflowWrap: 'anywhere' }}>{row.type}</code>
                  </td>
                  <td className="muted" style={{ minWidth: '12rem', overflowWrap: 'anywhere' }}>
                    <Prose text={row.notes.join('; ')} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </SideScroll>
      )}
    </div>
  );
}
