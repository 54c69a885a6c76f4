import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { unsupportedNodeMessage } from './nodeVersion.mjs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const pinned = readFileSync('.nvmrc', 'utf8').trim();

describe('the supported Node', () => {
  it('is the same version in .nvmrc, engines and the pinned binaries', () => {
    expect(unsupportedNodeMessage(pinned, pkg.engines.node)).toBeNull();
    expect(pkg.engines.node).toBe(`^${pinned}`);
    expect(pkg.devEngines.runtime.version).toBe(`^${pinned}`);
    const binaries = Object.entries(pkg.optionalDependencies as Record<string, string>);
    expect(binaries.length).toBeGreaterThan(0);
    for (const [name, version] of binaries) {
      expect(name).toMatch(/^node-(linux|darwin|win)-/);
      expect(version).toBe(pinned);
    }
  });

  it('is the Node these tests run on, wherever the registry has a binary for the platform', () => {
    const platformBinary = `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;
    if (platformBinary in pkg.optionalDependencies) expect(process.versions.node).toBe(pinned);
    else expect(unsupportedNodeMessage(process.versions.node, pkg.engines.node)).toBeNull();
  });

  it('refuses an older Node in one line that names both versions', () => {
    const message = unsupportedNodeMessage('20.20.2', '^26.10.0');
    expect(message).toContain('^26.10.0');
    expect(message).toContain('20.20.2');
    expect(message).not.toContain('\n');
    expect(unsupportedNodeMessage('26.9.1', '^26.10.0')).not.toBeNull();
    expect(unsupportedNodeMessage('27.0.0', '^26.10.0')).not.toBeNull();
    expect(unsupportedNodeMessage('26.11.0', '^26.10.0')).toBeNull();
  });
});
