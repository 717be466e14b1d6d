// Type-checked (never run) by summary.test.mjs with `tsc --strict --noEmit`: `inspect` with
// `certificates: "summary"` is typed as a SummaryReport, without it as a Report.
import { inspect } from '../../pkg/certlens.js';
import type { Report, SummaryReport, CertificateSummary, Certificate } from '../../pkg/certlens.js';

export function example(pem: string): void {
  const s: SummaryReport = inspect(pem, { now: new Date(), certificates: 'summary', verifySignatures: false });
  const first: CertificateSummary = s.certificates[0];
  const marked: true = first.summary;
  const pin: string = first.spki_sha256_base64;
  const dns: string[] = first.san.dns;
  // @ts-expect-error a summary has no extensions
  void first.extensions;
  // @ts-expect-error nor is it a full Report
  const wrong: Report = inspect(pem, { certificates: 'summary' });
  const full: Report = inspect(pem, { certificates: 'full' });
  const byDefault: Certificate = inspect(pem).certificates[0];
  // @ts-expect-error only "full" or "summary"
  inspect(pem, { certificates: 'brief' });
  void [marked, pin, dns, wrong, full, byDefault, s.findings, s.chains];
}
