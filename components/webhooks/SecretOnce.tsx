'use client';

import { useState } from 'react';

/** The signing secret of a subscription just created: shown this once, with a copy button. */
export function SecretOnce({
  url,
  secret,
  onDone,
}: {
  url: string;
  secret: string;
  onDone: () => void;
}) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  return (
    <div
      role="status"
      aria-label="Signing secret"
      className="panel"
      style={{ borderColor: 'var(--warn)', margin: '0.75rem 0' }}
    >
      <strong>Copy the signing secret now: it is not shown again.</strong>
      <p style={{ margin: '0.5rem 0' }}>
        Deliveries to <span style={{ overflowWrap: 'anywhere' }}>{url}</span> carry{' '}
        <code>X-FusionOps-Signature: t=…,v1=…</code>, an HMAC-SHA256 with this secret of{' '}
        <code>&lt;t&gt;.&lt;raw body&gt;</code>. Only its last 4 characters are kept on display.
      </p>
      <p style={{ margin: '0.5rem 0', overflowWrap: 'anywhere' }}>
        <span className="secret" data-testid="webhook-secret">
          {secret}
        </span>
      </p>
      <div className="row">
        <button
          type="button"
          onClick={() =>
            navigator.clipboard
              .writeText(secret)
              .then(() => setCopied('yes'))
              .catch(() => setCopied('failed'))
          }
        >
          Copy secret
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          I have stored it
        </button>
        {copied === 'yes' && <span className="muted">Copied.</span>}
        {copied === 'failed' && (
          <span className="error">The browser refused the clipboard: select and copy it.</span>
        )}
      </div>
    </div>
  );
}
