/* ---- certlens: hand-written types (crates/certlens-wasm/src/types.d.ts) ----
 * Arguments: options objects are camelCase; unknown option names throw.
 * Results: the JSON contract (docs/json-contract.md), field names snake_case exactly as
 * `certlens inspect --json` prints them; absent values are null, never missing; indices are
 * 0-based, block numbers 1-based. */

/** Bytes or text of one input. Strings are UTF-8 text (PEM, Base64, YAML, JSON). */
export type InputData = string | Uint8Array | ArrayBuffer;
/** One named input of a pool (a dropped file). The name appears in `source` and messages. */
export interface InputFile { name: string; data: InputData; }
/** What every reading function takes: text, bytes, one named input, or a pool of them (a
 * chain may span inputs). A lone string or byte array is named "input". */
export type CertlensInput = InputData | InputFile | InputFile[];
/** "Now": a Date, milliseconds since 1970 (like Date.now()), or an RFC 3339 string such as
 * "2026-07-01T00:00:00Z". Default: Date.now(). */
export type Now = Date | number | string;

/** What every reading function accepts. */
export interface ReadOptions {
  /** Password of encrypted keys and PKCS#12 files. */
  password?: string;
  now?: Now;
}
export interface InspectOptions extends ReadOptions {
  /** DNS names or IP addresses the certificates must cover (report.names). */
  names?: string[];
  /** Kubernetes Service names: NAME, NAME.NS, NAME.NS.svc, NAME.NS.svc.cluster.local are checked. */
  services?: string[];
  /** Namespace for `services`. */
  namespace?: string;
  /** A `security_pinned_hashes` list to check (report.pin_check): text or one pin per element. */
  expectedPins?: string | string[];
  /** Check the signature on every chain link (default true). */
  verifySignatures?: boolean;
  /** Also check each root's signature with its own key, like `openssl verify -check_ss_sig`
   * (default false: clients never check it, and on a CA bundle it is most of the cost). */
  checkSelfSignatures?: boolean;
  /** Warn when a certificate expires within this many days (default 30). */
  warnDays?: number;
  /** Roots declared trusted (CLI --ca): each string PEM text with one or more certificates,
   * every one a trust anchor besides Mozilla's root store. A string without a certificate
   * throws, naming its index. A root merely given in the input is offered, never trusted. */
  trustAnchors?: string[];
  /** How much of each certificate `inspect` returns: "full" (the default, every field). For the
   * summary, see SummaryInspectOptions. Any other value throws. */
  certificates?: "full";
}
/** `inspect`'s options asking for each certificate's summary (`certificates: "summary"`): the
 * result is a SummaryReport. Chains, findings and validations are the same as with "full". */
export interface SummaryInspectOptions extends Omit<InspectOptions, "certificates"> {
  certificates: "summary";
}
/** `inspect` with `certificates: "summary"`: each certificate's summary instead of every field. */
export function inspect(input: CertlensInput, options: SummaryInspectOptions): SummaryReport;
export type ChartKeyFormat = "pkcs8" | "pkcs1";
export type TargetFormat = "pkcs8" | "pkcs1" | "sec1";
export interface TlsValuesOptions extends ReadOptions {
  /** The Helm release's full name (default "lightrun"): with an internal TLS CA in the input,
   * the main certificate must cover `<release>-backend` and chain to it. */
  release?: string;
  /** 0-based index into report.chains; default: the chain whose leaf has a key. */
  chain?: number;
  /** End tls.crt with the root CA when the input holds it (default true: the vendor's documented
   * chain is certificate → intermediate → root). false leaves it out (CLI --no-root). */
  includeRoot?: boolean;
  /** Absent (default): an unencrypted PKCS#1 or PKCS#8 key is kept as given, anything else
   * becomes PKCS#8. "pkcs8" / "pkcs1" force a format. */
  keyFormat?: ChartKeyFormat;
  /** Pins of the old side of a rotation (hex, Base64, sha256/...), see oldSidePins(). */
  oldPins?: string | string[];
  allowIncompleteChain?: boolean;
  /** secrets.defaults.keystore_password: tls.key is written as encrypted PKCS#8 (PBES2,
   * PBKDF2-HMAC-SHA256, AES-256-CBC; salt and IV from crypto.getRandomValues) and the values set
   * the password. Absent or "" (default): tls.key unencrypted, as the chart needs while
   * keystore_password is empty. "pkcs1" with a password is refused. */
  keystorePassword?: string;
}
export interface TlsSecretOptions extends ReadOptions {
  /** metadata.name, default "lightrun-tls". */
  name?: string;
  /** metadata.namespace; left out when absent. */
  namespace?: string;
  chain?: number;
  /** Default true; false leaves the root out of tls.crt (CLI --no-root). */
  includeRoot?: boolean;
  /** Add ca.crt. */
  includeCa?: boolean;
  /** Absent (default): a PKCS#1 or PKCS#8 key as given; see TlsValuesOptions. */
  keyFormat?: ChartKeyFormat;
  allowIncompleteChain?: boolean;
}
export interface InternalTlsOptions extends ReadOptions {
  /** The release's full name, e.g. "lightrun". Required. */
  release: string;
  /** The release namespace. Required. */
  namespace: string;
  /** Values keys (frontend, keycloak, keycloak_cluster, redis, rabbitmq, data_streamer, artifacts); default: all seven (every key the chart mounts). A narrowed list must fill the others through existingSecrets, or it throws internal_tls_incomplete. */
  services?: string[];
  /** Keys whose Secret you already have, e.g. { artifacts: "my-artifacts-tls" }: written into the values, no Secret made. */
  existingSecrets?: Record<string, string>;
  caSecretName?: string;
  /** Default true; false leaves the root out of each tls.crt (CLI --no-root). */
  includeRoot?: boolean;
  allowIncompleteChain?: boolean;
}
export interface PinsOptions extends ReadOptions {
  /** The pins in Base64, for information only: the yaml is then comments, not a values block
   * (the chart's security_pinned_hashes takes 64 hex characters). */
  base64?: boolean;
}
export interface ConvertKeyOptions extends ReadOptions {
  to: TargetFormat;
  /** 0-based index into report.private_keys; may be left out when there is exactly one. */
  key?: number;
}
export interface ChainPemOptions extends ReadOptions {
  chain?: number;
  /** Default true, as for every output (the CLI's `chain` without --no-root). */
  includeRoot?: boolean;
}
export interface CustomCaOptions extends ReadOptions {
  /** The release's full name, default "lightrun": the chart's Secret is <release>-custom-ca-certificate. */
  release?: string;
  /** The alternative Secret's namespace; left out when absent. */
  namespace?: string;
  /** The alternative Secret's name; default <release>-custom-ca-certificate. */
  secretName?: string;
}
export interface AgentsOptions extends ReadOptions {
  /** Required: the host the agents connect to (general.lightrun_endpoint), without https://. */
  serverHost: string;
  /** The javaAgents entries' names; default ["lightrun-agent"]. */
  agents?: string[];
  /** The agents' namespace; default "default". */
  namespace?: string;
  /** The agent key from the server's UI; absent: the outputs hold REPLACE-WITH-YOUR-LIGHTRUN-KEY and a warning says so. */
  lightrunKey?: string;
  /** The chain to use (0-based) when the input holds several. */
  chain?: number;
}
export interface EncryptionKeyOptions {
  /** The backend Secret, default "lightrun-backend". */
  secretName?: string;
  namespace?: string;
  /** The (new) key; default: a new key from crypto.getRandomValues. */
  key?: string;
}

/** What a thrown Error carries besides `message` (the CLI's sentence). */
export interface CertlensError extends Error {
  /** "invalid_argument", an OutputError kind ("no_matching_key", "missing_intermediate",
   * "key_locked", ...), "no_chain", "no_private_key", "several_private_keys", "no_randomness". */
  kind: string;
  /** For output errors: the core's OutputError, e.g. { kind: "no_matching_key", leaf, hint }. */
  details?: { kind: string; [field: string]: unknown };
}

/* ---- the Report (inspect) ---- */
export type ValidityStatus = "valid" | "expired" | "not_yet_valid";
export type SignatureStatus = "valid" | "invalid" | "unsupported" | "not_checked";
/** Why a signature was not verified; match on this, not on the sentences. May grow. */
export type NotCheckedReason = "not_requested" | "budget_spent" | "key_too_large" | "unsupported_algorithm";
/** The hash of a certificate's signature algorithm. May grow. */
export type SignatureHash =
  | "md2" | "md4" | "md5" | "sha1" | "sha224" | "sha256" | "sha384" | "sha512" | "intrinsic" | "parameters";
/** What an `errors[]` entry is; match on this, not on `message` or `detail`. May grow. */
export type ErrorKind =
  | "pem_missing_end" | "pem_mismatched_end" | "pem_bad_base64" | "pem_line_too_long" | "pem_empty"
  | "empty_input" | "unrecognised" | "base64_not_material" | "base64_too_deep" | "bad_base64_value"
  | "yaml" | "nothing_in_yaml" | "too_large" | "too_many_blocks"
  | "need_password" | "wrong_password" | "unsupported_encryption" | "cost_too_high" | "malformed_encryption"
  | "truncated" | "invalid_certificate" | "invalid_key" | "invalid_request" | "invalid_pkcs7"
  | "empty_pkcs12" | "mislabelled" | "unknown_der" | "unknown_label" | "other";
export type Severity = "error" | "warning" | "info";
export type KeyFormat = "pkcs1" | "pkcs8" | "pkcs8_encrypted" | "sec1" | "pkcs1_legacy_encrypted" | "sec1_legacy_encrypted" | "dsa" | "dsa_legacy_encrypted" | "openssh" | "pkcs12";

export interface Attribute { name: string; oid: string; value: string; }
export interface Sans { dns: string[]; ip: string[]; email: string[]; uri: string[]; other: string[]; }
/** `algorithm`: "rsa", "rsa-pss", "ec", "ed25519", "ed448", "x25519", "x448", "dsa", "dh" (PKCS#3 Diffie-Hellman, `bits` the prime's), "unknown", or the dotted OID of any other algorithm. */
export interface PublicKeyDesc { algorithm: string; bits: number | null; curve: string | null; }
export interface Validity { status: ValidityStatus; days_left: number; seconds_left: number; }
export interface BasicConstraints { ca: boolean; path_len: number | null; critical: boolean; }
export interface Extension { oid: string; name: string; critical: boolean; }
export interface Certificate {
  index: number; source: string; block: number; location: string;
  subject: string; subject_attributes: Attribute[];
  issuer: string; issuer_attributes: Attribute[];
  common_name: string | null; serial_hex: string; version: number;
  not_before: string; not_after: string; not_before_unix: number; not_after_unix: number;
  validity: Validity; san: Sans; public_key: PublicKeyDesc;
  signature_algorithm: string; signature_algorithm_oid: string; signature_hash: SignatureHash | null;
  is_ca: boolean; basic_constraints: BasicConstraints | null;
  key_usage: string[]; extended_key_usage: string[];
  subject_key_id: string | null; authority_key_id: string | null;
  ocsp_urls: string[]; ca_issuer_urls: string[]; crl_urls: string[];
  extensions: Extension[];
  self_issued: boolean; self_signed: boolean; self_signature: SignatureStatus | null; self_signature_detail: string | null;
  /** Absent when the own signature was verified (or the certificate is not self-issued). */
  self_signature_reason?: NotCheckedReason;
  fingerprint_sha256: string; fingerprint_sha1: string;
  /** SHA-256 of the SubjectPublicKeyInfo, hex: the pin. */
  spki_sha256: string; spki_sha256_base64: string;
  /** Encodings strict TLS clients refuse or question; [] for a clean certificate. */
  encoding_issues: EncodingIssue[];
}
/** A certificate's summary (`inspect(…, { certificates: "summary" })`, CLI `--json --summary`):
 * these fields of Certificate with the same values, and `summary: true`; nothing else. */
export interface CertificateSummary {
  index: number; source: string; block: number; location: string;
  subject: string; issuer: string; common_name: string | null; serial_hex: string;
  not_before: string; not_after: string; not_before_unix: number; not_after_unix: number;
  validity: Validity; san: Sans; public_key: PublicKeyDesc;
  is_ca: boolean; self_signed: boolean;
  fingerprint_sha256: string; spki_sha256: string; spki_sha256_base64: string;
  /** Always true: the fields above are all a summary has (a missing field is not "none"). */
  summary: true;
}
/** The report with each certificate's summary; every other part as in Report. */
export interface SummaryReport extends Omit<Report, "certificates"> {
  certificates: CertificateSummary[];
}
export type EncodingIssueKind = "trailing_data" | "ber_encoding" | "negative_serial" | "zero_serial" | "long_serial" | "serial_encoding" | "time_format" | "time_year_rule" | "duplicate_extension" | "unknown_critical_extension" | "empty_san" | "key_unused_bits" | "pem_base64";
/** One encoding problem; `rejected_by` names the clients that refuse it (empty: a standards violation they read). */
export interface EncodingIssue { kind: EncodingIssueKind; rejected_by: string[]; detail: string; }
export interface PrivateKeyReport {
  index: number; source: string; block: number; location: string;
  format: KeyFormat; format_description: string;
  encrypted: boolean; encryption: string | null; needs_password: boolean;
  public_key: PublicKeyDesc | null; spki_sha256: string | null; spki_sha256_base64: string | null;
  matches: number[];
  /** Indices of the public keys that are CSRs made with this key. */
  requests: number[];
  note: string | null;
  /** "budget_spent": the public key was not derived (the pool's work budget was spent). */
  not_checked?: NotCheckedReason;
}
export interface PublicKeyReport {
  index: number; source: string; block: number; location: string;
  format: "spki" | "pkcs1" | "openssh" | "csr"; subject: string | null;
  public_key: PublicKeyDesc; spki_sha256: string; spki_sha256_base64: string; matches: number[];
  /** For a CSR: what it requests, its own signature, the names checked against it. */
  csr?: CsrDetails;
}
export interface CsrDetails {
  requested_san: Sans; requested_extensions: Extension[]; key_usage: string[]; extended_key_usage: string[];
  signature: SignatureStatus; signature_detail: string; signature_reason?: NotCheckedReason; names: NameCoverage[]; problems: string[];
  common_name: string | null;
}
export interface OtherReport { source: string; block: number; location: string; kind: string; }
export interface ErrorReport { source: string; block: number | null; label: string | null; kind: ErrorKind; message: string; detail: string; }
export interface BlockSummary { index: number; label: string; path: string[]; line: number | null; size: number; }
export interface InputReport { name: string; size: number; blocks: BlockSummary[]; errors: number; }
export interface PinsFound { source: string; path: string; pins: string[]; }
export interface Locked { source: string; block: number; location: string; what: string; }
export interface Link { child: number; parent: number; signature: SignatureStatus; /** Absent when verified. */ reason?: NotCheckedReason; }
export interface Chain { order: number[]; misordered: boolean; complete: boolean; missing_intermediate: boolean; root_included: boolean; links: Link[];
  /** The issuer the chain misses (not in the input, not a public root), or null. */
  missing_issuer: MissingIssuer | null;
  /** The chain against the input and the public root store (Mozilla's, offline snapshot). */
  trust: ChainTrust | null;
  /** Path validation: one verdict per client family, against declared trust anchors only; absent for a CA bundle's chains. */
  validation?: PathValidation;
  /** The issuers loop: index of the certificate in the chain that issued the last one. */
  issuer_loop?: number;
  /** Cut at 64 certificates: the last one's issuer is in the input but was not followed. */
  cut?: boolean;
}
export type Client = "openssl" | "java" | "go" | "browser";
export type PathRule = "unknown_issuer" | "root_not_trusted" | "expired" | "not_yet_valid" | "bad_signature" | "unsupported_algorithm" | "issuer_not_ca" | "basic_constraints_not_critical" | "no_key_cert_sign" | "path_len_exceeded" | "name_constraints" | "name_constraints_invalid" | "leaf_eku_no_server_auth" | "intermediate_eku_no_server_auth" | "leaf_key_usage" | "ca_as_leaf" | "weak_signature_hash" | "weak_key" | "key_identifiers" | "serial" | "unknown_critical_extension" | "malformed" | "hostname_mismatch" | "path_too_long" | "budget";
export interface ClientVerdict { client: Client; outcome: "accept" | "reject" | "not_checked"; rule: PathRule | null; depth: number | null; certificate: number | null; error: string | null; message: string; }
export interface PathAnchor { source: "declared" | "root_store"; name: string; certificate: number | null; }
export interface PathValidation { overall: "works" | "fails" | "not_checked"; clients: ClientVerdict[]; path: number[]; anchor: PathAnchor | null; offered_anchor: number | null;
  /** Certificates of the input on no path judged (unused input, not a fault): the first 16 at most. */
  unused: number[];
  /** How many certificates of the input are on no path judged, in all (`unused` names the first few). */
  unused_count: number;
  names: string[]; }
export interface NotIssuer { certificate: number; reason: "subject_mismatch" | "key_id_mismatch"; detail: string; }
export interface MissingIssuer { subject: string; authority_key_id: string | null; ca_issuers: string[]; not_it: NotIssuer[]; }
export interface ChainTrust { verdict: "public_root" | "private_root" | "issuer_missing"; anchor: string; anchor_in_input: boolean; store: string; message: string; }
export interface ChainExpiry { chain: number; certificate: number; not_after: string; days_left: number; status: ValidityStatus; expires_soon: boolean; }
export interface NameCoverage { name: string; covered: boolean; certificate: number | null; san: string | null; kind: "exact" | "wildcard" | "ip" | "common_name_only" | null; note: string | null;
  /** Certificate requests and no certificate: the public key index of the CSR that asks for the name. */
  requested_by: number | null; }
export interface PinEntry { raw: string; normalized: string | null; error: string | null; }
export interface PinMatch { entry: number; pin: string; targets: number[]; }
export interface PinCheck {
  entries: PinEntry[]; matches: PinMatch[]; unmatched_entries: number[]; unpinned_certificates: number[];
  leaf_pinned: boolean; duplicates: number[]; rotation: "empty" | "single_pin" | "old_and_new" | "multiple"; messages: string[];
}
/** One thing worth telling the user, with its fix. Findings that say the same of many certificates
 *  are told once (`grouped: true`): the message starts with their count ("10,000 certificates: the
 *  issuer of each is missing ...") and `certificates` lists every one of them. */
export interface Finding { severity: Severity; code: string; message: string; fix: string; certificates: number[]; private_keys: number[];
  /** Present (true) when this finding stands for the same finding on each of `certificates`. */
  grouped?: true; }
/** The JSON contract: everything certlens found in a pool of inputs. Certificates in input order. */
export interface Report {
  now: string;
  inputs: InputReport[];
  certificates: Certificate[];
  private_keys: PrivateKeyReport[];
  public_keys: PublicKeyReport[];
  other: OtherReport[];
  password_needed: Locked[];
  pinned_hashes: PinsFound[];
  errors: ErrorReport[];
  chains: Chain[];
  duplicates: number[][];
  unrelated: number[];
  chain_expiry: ChainExpiry[];
  names: NameCoverage[];
  pin_check: PinCheck | null;
  findings: Finding[];
}

/* ---- outputs ---- */
export type PinLevel = "ok" | "warning" | "error";
/** chainVerdicts: a chain's path validation in the core's words, as the CLI and the page show it. */
export type PathVerdictLevel = "ok" | "error" | "not_checked";
export interface ClientLine { client: Client; level: PathVerdictLevel; text: string; }
export interface VerdictText { level: PathVerdictLevel; headline: string; clients: ClientLine[]; anchor: string | null; offered_anchor: string | null; }
/** pinVerdict: the pin list judged once, in the core, as the CLI and the page show it. */
export interface PinEntryVerdict { entry: number; pin: string; level: PinLevel; description: string; }
export interface PinVerdict { level: PinLevel; headline: string; entries: PinEntryVerdict[]; notes: string[]; }
export interface ChainMember { index: number; role: "leaf" | "intermediate" | "root"; name: string; subject: string; not_after: string; included: boolean; }
export interface TlsValues {
  /** The values.yaml fragment. Holds the private key. */
  yaml: string; crt_base64: string; key_base64: string; full_chain_pem: string; key_pem: string;
  key_format: TargetFormat; key_input_format: KeyFormat; key_converted: boolean;
  /** tls.key is encrypted with keystorePassword (and yaml sets secrets.defaults.keystore_password). */
  key_encrypted: boolean;
  chain_index: number; chain: ChainMember[]; key_index: number;
  leaf_pin: string; old_pins: string[]; pins: string[]; warnings: string[]; notes: string[];
}
export interface TlsSecret {
  yaml: string; name: string; namespace: string | null; kubectl: string; values_yaml: string;
  crt_base64: string; key_base64: string; ca_base64: string | null;
  full_chain_pem: string; key_pem: string; ca_pem: string | null; ca_certificate: number | null;
  key_format: TargetFormat; key_input_format: KeyFormat; key_converted: boolean;
  chain_index: number; chain: ChainMember[]; key_index: number;
  leaf_pin: string; warnings: string[]; notes: string[];
}
export interface ServiceTls {
  key: string; service: string | null; secret_name: string; chain_index: number; certificate: number;
  key_index: number; names: NameCoverage[]; covered: boolean; with_ca: boolean;
  yaml: string; crt_base64: string; key_base64: string; key_format: TargetFormat; key_how: string;
}
export interface InternalTls {
  yaml: string; values_yaml: string; text: string; services: ServiceTls[];
  ca_secret_name: string; ca_secret_yaml: string; ca_pem: string; ca_certificates: number[];
  warnings: string[]; notes: string[];
  /** The main certificate against <release>-backend and ca.crt; null when it is not in the input. */
  backend: BackendCheck | null;
  /** secrets.customCa pointing at the internal CA, so Keycloak trusts it. */
  custom_ca: CustomCa;
}
export interface BackendCheck { certificate: number; names: NameCoverage[]; covered: boolean; chains_to_ca: boolean; ok: boolean; }
export interface CustomCa {
  ca_pem: string; ca_base64: string; certificates: number[]; values_yaml: string;
  secret_name: string; secret_yaml: string; existing_values_yaml: string; text: string;
  notes: string[]; warnings: string[];
}
/** agents: the lightrun-agents chart's values and agent Secrets. pin: SHA-256 of the served
 * leaf's public key, 64 lowercase hex (the first certificate of tls.crt). values_yaml, secret_yaml
 * and text hold the agent key. */
export interface Agents {
  pin: string; served: string; server_host: string; host_covered: boolean; agents: string[];
  namespace: string; key_given: boolean; values_yaml: string; secret_yaml: string;
  existing_values_yaml: string; text: string; notes: string[]; warnings: string[];
}
export interface PinItem { kind: "certificate" | "private_key" | "public_key"; index: number; label: string; leaf: boolean; matches: number[]; hex: string; base64: string; }
/** values_block: whether yaml is a values block to paste (hex only; never for Base64). */
export interface Pins { yaml: string; values_block: boolean; list: string[]; form: "hex" | "base64"; all: PinItem[]; notes: string[]; }
export interface ConvertedKey {
  key_index: number; location: string; from: KeyFormat; to: TargetFormat;
  /** Unencrypted PEM. */
  pem: string; algorithm: string | null; spki_sha256: string | null; matches: number[];
  decrypted: boolean; notes: string[];
}
export interface EncryptionKeyEntry { name: string; value: string; }
export interface EncryptionKeys {
  secret_name: string; namespace: string | null; keys: EncryptionKeyEntry[]; form: string;
  secret_yaml: string; values_yaml: string; chart_managed_yaml: string; text: string; notes: string[];
  /** For encryptionKeyRotationFrom: where and in which form the existing keys were read. */
  read_from: string | null;
}
export interface KeyCheck { ok: boolean; normalized: string | null; problems: string[]; hints: string[]; }
// ---- Making certificates (newSelfSigned, newInternalTls, newCsr, p12) ----
export type KeyType = "ecdsa-p256" | "rsa2048" | "rsa3072" | "rsa4096" | "ed25519";
export interface SelfSignedOptions { hosts: string[]; keyType?: KeyType; days?: number; now?: string | number | Date; }
export interface NewInternalTlsOptions {
  release: string; namespace: string; clusterDomain?: string; mainHosts?: string[];
  keyType?: KeyType; days?: number; caDays?: number; nameConstraints?: boolean; now?: string | number | Date;
}
export interface NewCsrOptions { hosts: string[]; keyType?: KeyType; organization?: string; organizationalUnit?: string; country?: string; }
export interface P12Options { password: string; inputPassword?: string; name?: string; chain?: number; leafOnly?: boolean; now?: string | number | Date; }
/** One certificate made, with its key (unencrypted PKCS#8 PEM). */
export interface MadeFile { name: string; certificate_pem: string; key_pem: string; names: string[]; key_algorithm: string; }
export interface SelfSigned { file: MadeFile; values: TlsValues; pool: [string, string][]; }
export interface MadeService { keys: string[]; service: string; file: MadeFile; }
export interface MadeInternal {
  ca: MadeFile; services: MadeService[]; main: MadeFile | null; internal_tls: InternalTls;
  main_values: TlsValues | null; pool: [string, string][];
}
export interface MadeCsr { name: string; csr_pem: string; key_pem: string; names: string[]; subject: string; }
/** renewalCsr: a request with the key of the input; the pin stays (pin, 64 lowercase hex). */
export interface RenewalOptions { hosts?: string[]; chain?: number; inputPassword?: string; }
export interface MadeRenewal {
  name: string; csr_pem: string; names: string[]; subject: string; renews: string | null;
  pin: string; pin_base64: string; pin_note: string; notes: string[];
}
/** nextKey: the next key, its request, and security_pinned_hashes = [current, next]. */
export interface NextKeyOptions { hosts?: string[]; keyType?: KeyType; chain?: number; inputPassword?: string; }
export interface PinnedAhead { current: string; current_label: string; next: string; list: string[]; yaml: string; notes: string[]; }
export interface NextKeyPlan {
  name: string; key_pem: string; csr_pem: string; names: string[]; subject: string;
  pins: PinnedAhead; steps: string[];
}
export interface Pkcs12File { bytes: Uint8Array; file_name: string; friendly_name: string; certificates: number; }

/* ---- doctor and inventory (crates/certlens-wasm/src/deploy.rs) ---- */
export interface DoctorOptions {
  now?: Now;
  /** The Helm release name (default "lightrun"). */
  release?: string;
  /** The release namespace (default: the one every Secret given names, else "lightrun");
   * manifests use their own namespace. */
  namespace?: string;
  /** Warn when a certificate expires within this many days (default 30). */
  warnDays?: number;
  /** Put the corrected encryption keys a fix hands over in the report (`secret.value`);
   * default false: they are withheld (`secret.hidden`), since doctor output ends up in logs. */
  showSecrets?: boolean;
}
export type VerdictLevel = "ok" | "not_checked" | "warning" | "error";
/** A secret value a fix hands over (the corrected encryption key): `value` only with
 * `showSecrets`, else `hidden` is true. */
export interface DoctorSecret { what: string; value?: string; hidden: boolean; }
/** A fix certlens can do itself, with the deployment's release and namespace (the CLI prints
 * its command, the page shows a button). More kinds may come: show `fix` for one you do not know. */
export type FixAction =
  | { kind: "make_internal_tls"; release: string; namespace: string;
      /** The values keys found wrong; every service is made, from one new CA. */
      services: string[];
      /** general.lightrun_endpoint: the main certificate is made too. */
      main_host?: string }
  | { kind: "make_custom_ca"; release: string; namespace: string }
  | { kind: "make_encryption_key"; release: string; namespace: string;
      /** encryption-key-N; absent for userEncryptionKey. */
      index?: number }
  | { kind: "reorder_chain"; setting: string };
export interface DoctorProblem {
  level: VerdictLevel;
  text: string;
  /** What to do, in words (no CLI command). */
  fix: string | null;
  /** Absent when the fix needs the user (a Secret to fetch, a key to find). */
  action?: FixAction;
  /** Absent when the fix hands over no secret. */
  secret?: DoctorSecret;
}
export interface Verdict {
  /** `certificate.tls.crt`, `general.internal_tls.certificates.existing_certificates.redis`,
   * `Ingress web/app, spec.tls[0]`, ... The agents' verdicts (hop "agents → router (pin)") start
   * with `javaAgents[` (`javaAgents[0] (orders).agentPoolCredentials`, `.serverHostname`) or
   * `agent Secret ` (`agent Secret apps/orders-secret`). */
  setting: string;
  source: string;
  line: number | null;
  level: VerdictLevel;
  summary: string;
  problems: DoctorProblem[];
  notes: string[];
}
/** One TLS connection of a Lightrun deployment, as the doctor's map draws it. */
export interface Hop {
  id: "agents" | "browsers" | "router-backend" | "backend-keycloak" | "backend-redis"
    | "backend-rabbitmq" | "backend-data-streamer" | "backend-artifacts"
    | "keycloak-cluster" | "keycloak-custom-ca";
  /** Who connects (and judges the certificate) and who presents it. */
  from: string;
  to: string;
  /** The client that judges the hop, and how. */
  client: string;
  /** The certificate presented, as far as known. */
  presented: string;
  /** What it is checked against: a pin, the first certificate of ca.crt, the public roots. */
  anchor: string;
  /** false: no (verified) TLS on this hop in this deployment; level is then "ok". */
  tls: boolean;
  level: VerdictLevel;
  summary: string;
  /** Indices into DoctorReport.verdicts of the rows behind the hop. */
  verdicts: number[];
}
export interface DoctorReport {
  now: string;
  release: string;
  namespace: string;
  /** No namespace was given: it is the one every Secret given names. */
  namespace_inferred: boolean;
  /** "values", "manifests" and/or "agents" (lightrun-agents values or agent Secrets). */
  modes: string[];
  verdicts: Verdict[];
  /** The deployment's TLS hops (values files only), each with the verdicts behind it. */
  hops: Hop[];
  errors: string[];
  unused: string[];
  summary: { ok: number; warnings: number; errors: number; not_checked: number };
  /** The reading order, indices into `verdicts`: errors, warnings, ok, not checked. */
  order: number[];
  /** The tally as one line, worst first: "11 errors · 1 warning · 7 ok · 1 not checked". */
  summary_line: string;
  /** Any error verdict or unreadable file (the CLI exits 1). */
  has_errors: boolean;
}
export interface InventoryOptions {
  now?: Now;
  /** Expiring = within this many days; the calendar's reminder comes this early (default 30). */
  warnDays?: number;
  /** "object" (default), or the text of "json", "csv" (RFC 4180) or "ics" (RFC 5545). */
  format?: "object" | "json" | "csv" | "ics";
}
export interface InventoryRow {
  namespace: string; name: string; secret_type: string; key: string;
  subject: string; common_name: string | null; sans: string[]; issuer: string;
  not_before: string; not_after: string; not_after_unix: number; days_left: number;
  status: "expired" | "expiring" | "valid" | "not_yet_valid";
  is_ca: boolean; chain: string; chain_ok: boolean; key_match: string; key_ok: boolean | null;
  fingerprint_sha256: string; spki_sha256: string; location: string;
}
export interface Inventory {
  now: string; warn_days: number; inputs: string[]; rows: InventoryRow[];
  secrets: number; secrets_with_certificates: number;
  errors: { location: string; message: string }[];
  notes: string[];
}

/* ---- the deployable bundle (crates/certlens-wasm/src/bundle.rs) ---- */
/** bundle(input, options): certificates given (a chain and its key), or `make: true` (input
 * null) for a private CA made here with every service's certificate and the main one. */
export interface BundleOptions {
  namespace: string;
  /** The release's full name (default "lightrun"). */
  release?: string;
  /** general.lightrun_endpoint; with make: the main certificate's name (required). */
  endpoint?: string;
  make?: boolean;
  /** general.deploy_secrets.enabled (default true: the encryption key chart-managed; false:
   * existing_cert, existingCaSecret and an external backend Secret). */
  deploySecrets?: boolean;
  /** certificate.existing_cert and a kubernetes.io/tls Secret instead of certificate.tls. */
  existingCert?: boolean;
  /** The old side's pins during a rotation (hex, Base64 or sha256/...). */
  oldPins?: string[];
  password?: string;
  now?: Now;
}
/** One file of the bundle; `secret`: it holds private keys or the encryption key. */
export interface BundleFile { name: "lightrun-secrets.yaml" | "lightrun-values.yaml" | "README-apply.txt"; title: string; text: string; secret: boolean; }
/** A setting as chosen, with its consequence (the same sentence on the page and the CLI). */
export interface BundleChoice { setting: string; chosen: string; consequence: string; }
export interface Bundle {
  release: string; namespace: string;
  files: BundleFile[];
  commands: string[];
  choices: BundleChoice[];
  /** security_pinned_hashes: the served leaf's pin, then old pins of a rotation. */
  pins: string[];
  internal_tls: boolean;
  /** The doctor's report on the files, as dropping them back gives it. */
  doctor: DoctorReport;
  /** No error and no warning from the doctor. */
  passes: boolean;
  /** "This bundle passes every check: 19 of 19 settings OK". */
  verdict: string;
  zip_name: string;
  /** The files as one zip. */
  zip: Uint8Array;
  warnings: string[];
  notes: string[];
}
