import type { WaveScanRecord } from './responses';

/** One line for a finished scan: "Scan sc-1 (linux/amd64): 1 high, 2 low vulnerabilities." */
export function scanSummary(scan: WaveScanRecord): string {
  if (scan.status === 'FAILED') return `Scan ${scan.id} failed.`;
  const counts: Record<string, number> = {};
  for (const v of scan.vulnerabilities) counts[v.severity] = (counts[v.severity] ?? 0) + 1;
  const listed = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'].filter((s) => counts[s]);
  const parts = listed.map((s) => `${counts[s]} ${s.toLowerCase()}`);
  const where = scan.platform ? ` (${scan.platform})` : '';
  const total = listed.reduce((sum, s) => sum + counts[s], 0);
  // "1 medium vulnerability", "1 high, 2 low vulnerabilities" (#17.10).
  const noun = total === 1 ? 'vulnerability' : 'vulnerabilities';
  return parts.length === 0 ? `Scan ${scan.id}${where}: no vulnerabilities found.` : `Scan ${scan.id}${where}: ${parts.join(', ')} ${noun}.`;
}
