import type { CheckResult } from './checks';

export interface Certification {
  target: string;
  at: string;
  passed: number;
  total: number;
  certified: boolean;
  checks: CheckResult[];
}

export function certification(target: string, at: Date, checks: CheckResult[]): Certification {
  const passed = checks.filter((c) => c.pass).length;
  return {
    target,
    at: at.toISOString(),
    passed,
    total: checks.length,
    certified: passed === checks.length,
    checks,
  };
}

/** One line per check with its evidence, then `N/N passed` and the verdict. */
export function formatCertification(result: Certification): string {
  const width = Math.max(...result.checks.map((c) => c.name.length));
  return [
    `certify ${result.target} at ${result.at}`,
    ...result.checks.map((c) => `${c.pass ? 'PASS' : 'FAIL'}  ${c.name.padEnd(width)}  ${c.line}`),
    `${result.passed}/${result.total} passed: ${result.certified ? 'CERTIFIED' : 'NOT certified'}`,
  ].join('\n');
}
