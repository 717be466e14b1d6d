//! `certlens SUBCOMMAND --help` (or `-h`, anywhere before `--`; or `certlens help SUBCOMMAND`):
//! each subcommand's own help, with an example. A subcommand without its own text here gets the
//! general usage.

/// The help of `cmd`, when it has one.
pub fn of(cmd: &str) -> Option<&'static str> {
    HELP.iter().find(|(c, _)| *c == cmd).map(|(_, h)| *h)
}

/// Whether `--help` or `-h` appears among the arguments (before a `--`).
pub fn asked(rest: &[String]) -> bool {
    rest.iter()
        .take_while(|a| a.as_str() != "--")
        .any(|a| a == "--help" || a == "-h")
}

const HELP: &[(&str, &str)] = &[
    (
        "inspect",
        "\
certlens inspect — what certificates and keys a file holds

usage: certlens inspect [--json] [--full] [--self-signatures] [--password-file F]
                        [--now RFC3339] [--warn-days N] FILE...

  --json             the documented JSON report (docs/json-contract.md)
  --full             every field of every certificate
  --self-signatures  also check each root's signature with its own key
  --password-file F  the password of an encrypted key or PKCS#12 file
  --now RFC3339      judge validity at this time instead of now
  --warn-days N      warn when a certificate expires within N days (default 30)

example:
  certlens inspect chain.pem tls.key",
    ),
    (
        "check",
        "\
certlens check — inspect, then judge: names, pins, chain, expiry (exit 1 on an error finding)

usage: certlens check [--host NAME]... [--service NAME]... [--namespace NS] [--pins FILE]
                      [--warn-days N] [--json] [--self-signatures] [--password-file F]
                      [--now RFC3339] FILE...

  --host NAME        a name the certificate must cover (repeatable)
  --service NAME     a service whose NAME, NAME.NS, NAME.NS.svc must be covered (repeatable)
  --namespace NS     the namespace for --service
  --pins FILE        a security_pinned_hashes list (or values.yaml) to check against the keys

example:
  certlens check --host lightrun.example.com full-chain.crt tls.key",
    ),
    (
        "chain",
        "\
certlens chain — the full chain as PEM, leaf → intermediate → root, whatever the input order

usage: certlens chain [--no-root] [--chain N] [--password-file F] [--now RFC3339]
                      [--out FILE] FILE...

The root CA is included when the input holds it (the vendor's documented chain is
certificate → intermediate → root); standard error says what was written and whether the
root is missing from the input.

  --no-root          leave the root CA out
  --chain N          the chain to write when the input holds several (from 1)
  --out FILE         write to FILE instead of standard output

example:
  certlens chain my-cert.crt intermediate.crt root.crt --out full-chain.crt",
    ),
    (
        "values",
        "\
certlens values — certificate.tls (crt, key) and security_pinned_hashes for values.yaml

usage: certlens values [--no-root] [--key-format pkcs8|pkcs1] [--old-pins FILE]... [--chain N]
                       [--allow-incomplete] [--release NAME] [--password-file F]
                       [--now RFC3339] [--out FILE] FILE...

tls.crt is the one-line Base64 of the full chain, leaf → intermediate → root (the root when
the input holds it; a warning says when it does not). tls.key is the leaf's key: an
unencrypted PKCS#1 or PKCS#8 key is kept as given; SEC1, encrypted and PKCS#12 keys become
unencrypted PKCS#8 (the header comment says so). The pins are hex.

  --no-root          leave the root CA out of tls.crt
  --with-root        (old name; the root is included by default, so it changes nothing)
  --key-format F     force pkcs8 or pkcs1 (RSA only) instead of keeping the key's format
  --old-pins FILE    the old side of a key rotation: a certificate, key, values.yaml or pin
                     list whose pins follow the new one (repeatable)
  --chain N          the chain to use when the input holds several (from 1)
  --allow-incomplete write a chain whose intermediate is missing
  --release NAME     the release's full name (default lightrun): with an internal TLS CA in
                     the input, the main certificate must cover NAME-backend and chain to it
  --out FILE         write to FILE (mode 0600: it holds the key)

example:
  certlens values my-cert.crt intermediate.crt root.crt tls.key --out values-certificate.yaml",
    ),
    (
        "secret",
        "\
certlens secret — a kubernetes.io/tls Secret for certificate.existing_cert

usage: certlens secret [--name N] [--namespace NS] [--with-ca] [--no-root] [--kubectl]
                       [--key-format pkcs8|pkcs1] [--chain N] [--allow-incomplete]
                       [--password-file F] [--now RFC3339] [--out FILE] FILE...

tls.crt is the full chain, leaf → intermediate → root (the root when the input holds it);
tls.key the leaf's key, kept as given when PKCS#1 or PKCS#8.

  --name N           the Secret's name (default lightrun-tls)
  --namespace NS     the release namespace
  --with-ca          add ca.crt (the chain's root CA)
  --no-root          leave the root CA out of tls.crt
  --with-root        (old name; the root is included by default, so it changes nothing)
  --kubectl          print the equivalent kubectl line instead of the manifest
  --key-format F     force pkcs8 or pkcs1 (RSA only)
  --out FILE         write to FILE (mode 0600: it holds the key)

example:
  certlens secret --name lightrun-tls --namespace lr-prod full-chain.crt tls.key",
    ),
    (
        "internal-tls",
        "\
certlens internal-tls — Secrets and general.internal_tls values for the chart's internal TLS

usage: certlens internal-tls --release NAME --namespace NS [--service KEY]... [--ca-secret N]
                             [--no-root] [--allow-incomplete] [--values-out FILE]
                             [--password-file F] [--now RFC3339] [--out FILE] FILE...

Each tls.crt is the full chain, leaf → intermediate → root (the root when the input holds it).

  --release NAME     the release's full name (e.g. lightrun)
  --namespace NS     the release namespace
  --service KEY      a values key (frontend, keycloak, ...; repeatable; default: all)
  --ca-secret N      the CA Secret's name
  --no-root          leave the root CA out of each tls.crt
  --with-root        (old name; the root is included by default, so it changes nothing)
  --values-out FILE  write the values apart from the manifests

example:
  certlens internal-tls --release lightrun --namespace lr-prod services.pem services.key ca.pem",
    ),
    (
        "pins",
        "\
certlens pins — certificate.security_pinned_hashes: the leaf keys' SHA-256 pins, hex

usage: certlens pins [--base64] [--password-file F] [--now RFC3339] [--out FILE] FILE...

The chart takes 64 hex characters per pin. --base64 lists the same pins in Base64 for
information only (to compare with another tool): that output is not a values block.

example:
  certlens pins full-chain.crt",
    ),
    (
        "convert-key",
        "\
certlens convert-key — a private key in another format, unencrypted PEM

usage: certlens convert-key --to pkcs8|pkcs1|sec1 [--key N] [--password-file F] [--out FILE] FILE...

The chart takes PKCS#1 or PKCS#8; values and secret already keep such a key as given and
convert only what the chart does not accept.

example:
  certlens convert-key --to pkcs8 --password-file pw.txt encrypted.key --out tls.key",
    ),
    (
        "keygen",
        "\
certlens keygen — a backend encryption key (Base64 of 32 random bytes), or a rotation

usage: certlens keygen [--rotate OLDKEY|- | --rotate-file F] [--secret-name N] [--namespace NS]
                       [--out FILE]

example:
  certlens keygen --rotate-file old.key --namespace lr-prod",
    ),
    (
        "keycheck",
        "\
certlens keycheck — is this a usable encryption key (Base64 of 32 bytes, 44 characters)?

usage: certlens keycheck [VALUE|- | --file F]

example:
  certlens keycheck --file enc.key",
    ),
    (
        "new",
        "\
certlens new — make certificates: a test certificate, a private CA for internal TLS, a CSR

usage: certlens new self-signed --host NAME... [--key-type T] [--days N] [--out FILE]
                                [--cert-out FILE] [--key-out FILE]
       certlens new internal-tls --release NAME --namespace NS [--cluster-domain D]
                                [--main-host H]... [--key-type T] [--days N] [--ca-days N]
                                [--no-name-constraints] [--dir DIR] [--out FILE]
                                [--values-out FILE]
       certlens new csr --host NAME... --key-out FILE [--key-type T] [--org O]
                                [--org-unit OU] [--country C] [--out FILE]

Keys are made from the operating system's random numbers and never leave this machine.

self-signed   the vendor's `openssl req -x509 ...` done right: SANs for every --host
              (general.lightrun_endpoint first), prints the certificate.tls values, marked
              testing only (clients trust it only if told to)
internal-tls  a private CA (CA:TRUE, name constraints to the release's names unless
              --no-name-constraints) and one certificate per Service the chart mounts, each for
              NAME, NAME.NS, NAME.NS.svc, NAME.NS.svc.<cluster domain>; writes the Secrets and the
              CA Secret (--out) and the general.internal_tls + secrets.customCa values
              (--values-out). --main-host also makes the main certificate from the same CA,
              covering <release>-backend, and adds its certificate.tls values. --dir keeps every
              certificate and key as PEM (the CA's key too: it signs more later)
csr           a request with the names in its extensionRequest, for a public or corporate CA;
              the key goes to --key-out

  --key-type T   ecdsa-p256 (default), rsa2048, rsa3072, rsa4096, ed25519
  --days N       server certificates' validity (default 397); --ca-days N the CA's (3650)
  --cluster-domain D  general.cluster_domain (default cluster.local)

Files that hold a key are written with mode 0600.

examples:
  certlens new self-signed --host lightrun.example.com --out values.yaml
  certlens new internal-tls --release lightrun --namespace lightrun \\
      --main-host lightrun.example.com --dir pem --out secrets.yaml --values-out values.yaml
  certlens new csr --host lightrun.example.com --key-out tls.key --out tls.csr",
    ),
    (
        "p12",
        "\
certlens p12 — a password-protected PKCS#12 file of a certificate and its key

usage: certlens p12 --password-file F --out FILE [--name N] [--chain N] [--leaf-only]
                    [--in-password-file F] [--now RFC3339] FILE...

Reads the files as one pool (any order, any format), takes the chain whose leaf has its key,
and writes the leaf, its CA certificates and the key as OpenSSL 3 does by default: PBES2
(PBKDF2-HMAC-SHA256, AES-256-CBC), SHA-256 MAC, 2,048 iterations. openssl pkcs12 and Java's
keytool read it.

  --password-file F     the new file's password (first line of F)
  --name N              the friendly name (keytool's alias); default the leaf's CN
  --leaf-only           without the CA certificates
  --in-password-file F  the password of an encrypted key or PKCS#12 file in the input
  --out FILE            written with mode 0600

example:
  certlens p12 --password-file pw.txt --name lightrun --out lightrun.p12 tls.crt tls.key",
    ),
    (
        "doctor",
        "\
certlens doctor — will this deployment work? One verdict per setting, with its fix

usage: certlens doctor [--release R] [--namespace NS] [--warn-days N] [--json] [--now RFC3339]
                       FILE...

FILE: a Lightrun values.yaml with the Secrets it names (kubectl get secret NAME -o yaml), or
Ingress / cert-manager Certificate manifests with their Secrets. Checks certificate.tls.crt/key
(one-line Base64, chain order, key match, expiry), existing_cert, general.lightrun_endpoint,
security_pinned_hashes, general.internal_tls (every mounted key, names, CA, the backend check),
secrets.customCa and the encryption keys. A Secret only named is \"not checked\": give it.

  --release R      the Helm release name (default lightrun)
  --namespace NS   the release namespace (default: the one every Secret given names,
                   else lightrun)
  --json           the report as JSON (docs/json-contract.md)

Exit status: 1 when any verdict is an error, 0 otherwise (not-checked verdicts included).

example:
  certlens doctor --namespace lr-prod values.yaml secrets.yaml",
    ),
    (
        "inventory",
        "\
certlens inventory — every certificate of a cluster's Secrets, soonest expiry first

usage: certlens inventory [--csv | --json | --ics] [--warn-days N] [--out FILE] [--now RFC3339]
                          FILE...

FILE: kubectl get secrets -A -o yaml (or -o json), or Secret manifests. Every key of every
Secret is read (Opaque Secrets holding PEM too); each Secret is its own pool.

  --csv            RFC 4180 CSV (cells that a spreadsheet would run as formulas are prefixed ')
  --json           the inventory as JSON (docs/json-contract.md)
  --ics            an iCalendar file: one event per certificate on its expiry date, with a
                   reminder --warn-days before (default 30)

Exit status: 1 when a certificate is expired or expires within --warn-days, or a Secret
could not be read.

example:
  kubectl get secrets -A -o yaml > secrets.yaml
  certlens inventory --ics --warn-days 21 secrets.yaml > expiry.ics",
    ),
];
