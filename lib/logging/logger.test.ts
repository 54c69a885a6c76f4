import { describe, expect, it, vi } from 'vitest';
import { withLogContext } from './context';
import { knownSecrets, logger, scrubbing } from './logger';

describe('knownSecrets', () => {
  it("takes the deployment's secrets, the database password both as written and decoded", () => {
    const secrets = knownSecrets({
      INTERNAL_API_TOKEN: 'internal-token-value',
      NEXTAUTH_SECRET: 'nextauth-secret-value',
      DATABASE_URL: 'postgresql://app:p%40ss%2Fword-123@db.internal:5432/fusion_ops',
    });
    expect(secrets.sort()).toEqual(
      [
        'internal-token-value',
        'nextauth-secret-value',
        'p%40ss%2Fword-123',
        'p@ss/word-123',
      ].sort(),
    );
  });

  it('leaves out what is unset or too short to be a secret rather than a word', () => {
    expect(knownSecrets({ INTERNAL_API_TOKEN: 'short', DATABASE_URL: 'not a url' })).toEqual([]);
  });
});

describe('scrubbing', () => {
  it('cuts every occurrence of every secret out of a line before it is written', () => {
    const written: string[] = [];
    const out = scrubbing(['s3cret-value', 'other-secret'], (line) => written.push(line));
    out.write('{"msg":"s3cret-value and s3cret-value, other-secret"}\n');
    out.write('{"msg":"nothing here"}\n');
    expect(written).toEqual([
      '{"msg":"[redacted] and [redacted], [redacted]"}\n',
      '{"msg":"nothing here"}\n',
    ]);
  });
});

describe('logger', () => {
  it('redacts secret keys and stamps the context of the work being done', async () => {
    const lines: string[] = [];
    const write = vi
      .spyOn(process.stdout, 'write')
      .mockImplementation((line) => lines.push(String(line)) > 0);
    try {
      await withLogContext({ reqId: 'req-42' }, async () => {
        await Promise.resolve();
        logger('test').info(
          { password: 'hunter2-hunter2', headers: { authorization: 'Bearer fo_abcdef' } },
          'signed in',
        );
      });
    } finally {
      write.mockRestore();
    }
    const text = lines.join('');
    expect(text).toContain('signed in');
    expect(text).toContain('req-42');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('fo_abcdef');
    expect(text.match(/\[redacted\]/g)).toHaveLength(2);
  });
});
