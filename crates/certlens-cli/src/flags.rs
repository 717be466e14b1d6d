//! Every command-line flag, defined once (as ripgrep's crates/core/flags/defs.rs does): its
//! name, whether it takes a value, the commands that accept it, and its help. The parser
//! ([`crate::args::Args::parse`]), the general usage ([`crate::help::usage`]) and each
//! command's `--help` ([`crate::help::of`]) are all built from [`FLAGS`] and [`COMMANDS`], so
//! adding a flag is one entry here.
//!
//! A name may have several entries when its meaning (and so its help) differs between
//! commands (`--out` writes mode 0600 for `values`, not for `chain`); a name has at most one
//! entry per command (a test checks it).

/// One flag of one or more commands.
#[derive(Debug, Clone, Copy)]
pub struct Flag {
    pub name: &'static str,
    /// `None`: a switch. `Some(word)`: takes a value, shown as `--name word` in usage lines.
    pub value: Option<&'static str>,
    /// The value's word in the options list when shorter than the usage line's
    /// (`--key-format F` for `--key-format pkcs8|pkcs1`).
    pub label: Option<&'static str>,
    /// The commands that accept it (`new` kinds as `"new csr"`).
    pub commands: &'static [&'static str],
    /// Must be given (shown without brackets).
    pub required: bool,
    /// May be given more than once (shown with `...`).
    pub repeat: bool,
    /// Left out of usage lines (an old name kept working).
    pub hidden: bool,
    /// Alternatives shown in one bracket: `[--rotate OLDKEY|- | --rotate-file F]`.
    pub group: Option<&'static str>,
    /// An input option every inspecting command takes: its help is listed only by the
    /// commands that say so ([`Command::lists_common`]).
    pub common: bool,
    /// The options list's text; lines after the first are indented under the first. Empty:
    /// not listed.
    pub help: &'static str,
}

const fn flag(
    name: &'static str,
    value: Option<&'static str>,
    commands: &'static [&'static str],
) -> Flag {
    Flag {
        name,
        value,
        label: None,
        commands,
        required: false,
        repeat: false,
        hidden: false,
        group: None,
        common: false,
        help: "",
    }
}

/// A switch.
const fn sw(name: &'static str, commands: &'static [&'static str]) -> Flag {
    flag(name, None, commands)
}

/// A flag with a value.
const fn val(name: &'static str, value: &'static str, commands: &'static [&'static str]) -> Flag {
    flag(name, Some(value), commands)
}

impl Flag {
    const fn help(self, help: &'static str) -> Flag {
        Flag { help, ..self }
    }
    const fn req(self) -> Flag {
        Flag {
            required: true,
            ..self
        }
    }
    const fn rep(self) -> Flag {
        Flag {
            repeat: true,
            ..self
        }
    }
    const fn hide(self) -> Flag {
        Flag {
            hidden: true,
            ..self
        }
    }
    const fn label(self, label: &'static str) -> Flag {
        Flag {
            label: Some(label),
            ..self
        }
    }
    const fn alt(self, group: &'static str) -> Flag {
        Flag {
            group: Some(group),
            ..self
        }
    }
    const fn common(self) -> Flag {
        Flag {
            common: true,
            ..self
        }
    }

    /// Whether `cmd` accepts this flag.
    pub fn applies_to(&self, cmd: &str) -> bool {
        self.commands.contains(&cmd)
    }
}

/// The commands that read certificates and keys (`--password-file`, `--now`).
const READERS: &[&str] = &[
    "inspect",
    "check",
    "chain",
    "values",
    "secret",
    "internal-tls",
    "custom-ca",
    "pins",
    "convert-key",
    "agents",
    "bundle",
];
const INSPECT: &[&str] = &["inspect", "check"];
const TLS_OUT: &[&str] = &["values", "secret"];
const ROOTED: &[&str] = &["values", "secret", "internal-tls"];
const NEW_CERT: &[&str] = &["new self-signed", "new internal-tls"];
const NEW: &[&str] = &["new self-signed", "new internal-tls", "new csr", "new next-key"];

/// Every flag, in the order usage lines and options lists show them.
pub const FLAGS: &[Flag] = &[
    // What to check, whom it is for.
    val("--host", "NAME", &["check"]).rep().help("a name the certificate must cover (repeatable)"),
    val("--service", "NAME", &["check"])
        .rep()
        .help("a service whose NAME, NAME.NS, NAME.NS.svc must be covered (repeatable)"),
    val("--namespace", "NS", &["check"]).help("the namespace for --service"),
    val("--pins", "FILE", &["check"])
        .help("a security_pinned_hashes list (or values.yaml) to check against the keys"),
    val("--release", "NAME", &["internal-tls"]).req().help("the release's full name (e.g. lightrun)"),
    val("--namespace", "NS", &["internal-tls"]).req().help("the release namespace"),
    val("--service", "KEY", &["internal-tls"])
        .rep()
        .help("a values key (frontend, keycloak, ...; repeatable; default: all)"),
    val("--ca-secret", "N", &["internal-tls"]).help("the CA Secret's name"),
    val("--existing", "KEY=SECRET", &["internal-tls"]).rep(),
    val("--name", "N", &["secret"]).help("the Secret's name (default lightrun-tls)"),
    val("--namespace", "NS", &["secret"]).help("the release namespace"),
    sw("--with-ca", &["secret"]).help("add ca.crt (the chain's root CA)"),
    val("--release", "NAME", &["custom-ca"]),
    val("--namespace", "NS", &["custom-ca"]),
    val("--secret-name", "N", &["custom-ca"]),
    val("--release", "R", &["doctor"]).help("the Helm release name (default lightrun)"),
    val("--namespace", "NS", &["doctor"])
        .help("the release namespace (default: the one every Secret given names,\nelse lightrun)"),
    val("--server-host", "H", &["agents"])
        .req()
        .help("the host the agents connect to (general.lightrun_endpoint), no https://"),
    val("--agent", "NAME", &["agents"])
        .rep()
        .help("a javaAgents entry's name (repeatable; default lightrun-agent)"),
    val("--namespace", "NS", &["agents"]).help("the agents' namespace (default default)"),
    val("--key-file", "F", &["agents"]).help(
        "the agent key (lightrun_key) from the server's UI, first line of F;\nwithout it the outputs hold REPLACE-WITH-YOUR-LIGHTRUN-KEY",
    ),
    sw("--existing-secret", &["agents"]).help(
        "print the agent Secrets (kubectl apply) and the existingSecret values\ninstead of the values with apiKey and pinnedCertHash",
    ),
    val("--to", "pkcs8|pkcs1|sec1", &["convert-key"]).req(),
    val("--key", "N", &["convert-key"]),
    val("--rotate", "OLDKEY|-", &["keygen"]).alt("rotate"),
    val("--rotate-file", "F", &["keygen"]).alt("rotate"),
    val("--rotate-from", "SECRET-OR-VALUES|-", &["keygen"]).alt("rotate"),
    val("--secret-name", "N", &["keygen"]),
    val("--namespace", "NS", &["keygen"]),
    // Shown in keycheck's positional word instead: [VALUE|- | --file F].
    val("--file", "F", &["keycheck"]).hide(),
    val("--host", "NAME", &["new self-signed"]).req().rep(),
    val("--host", "NAME", &["new csr"])
        .rep()
        .help("a name to request (repeatable; with --from, default: the certificate's)"),
    val("--key-out", "FILE", &["new csr"]).help("where the new key goes (required without --key)"),
    val("--key", "FILE", &["new csr"]).help(
        "renew with this existing key (PEM, DER, PKCS#12...): same key, same pin;\nno new key is made",
    ),
    val("--from", "CERT", &["new csr"])
        .help("the certificate to renew: its subject and names are requested again"),
    val("--from", "CERT", &["new next-key"])
        .req()
        .help("the current certificate (tls.crt, or a values.yaml): its pin, subject, names"),
    val("--key-out", "FILE", &["new next-key"]).req().help("the next key (mode 0600): keep it until the renewal"),
    val("--csr-out", "FILE", &["new next-key"]).req().help("the next key's request, for the CA"),
    val("--in-password-file", "F", &["new csr", "new next-key"])
        .help("the password of an encrypted key or PKCS#12 file given"),
    val("--release", "NAME", &["new internal-tls"]).req(),
    val("--namespace", "NS", &["new internal-tls"]).req(),
    val("--cluster-domain", "D", &["new internal-tls"])
        .help("general.cluster_domain (default cluster.local)"),
    val("--main-host", "H", &["new internal-tls"]).rep(),
    val("--key-type", "T", NEW).help("ecdsa-p256 (default), rsa2048, rsa3072, rsa4096, ed25519"),
    val("--days", "N", NEW_CERT).help(
        "server certificates' validity (default: self-signed one day under the\npublic limit at --now, 199 from 2026-03-15; internal-tls 397)",
    ),
    val("--ca-days", "N", &["new internal-tls"]).help("the CA's validity (default 3650)"),
    sw("--no-name-constraints", &["new internal-tls"]),
    val("--org", "O", &["new csr"]),
    val("--org-unit", "OU", &["new csr"]),
    val("--country", "C", &["new csr"]),
    val("--dir", "DIR", &["new internal-tls"]),
    val("--cert-out", "FILE", &["new self-signed"]),
    val("--key-out", "FILE", &["new self-signed"]),
    val("--password-file", "F", &["p12"]).req().help("the new file's password (first line of F)"),
    val("--out", "FILE", &["p12"]).req().help("written with mode 0600"),
    val("--name", "N", &["p12"]).help("the friendly name (keytool's alias); default the leaf's CN"),
    sw("--leaf-only", &["p12"]).help("without the CA certificates"),
    val("--in-password-file", "F", &["p12"])
        .help("the password of an encrypted key or PKCS#12 file in the input"),
    sw("--csv", &["inventory"])
        .alt("format")
        .help("RFC 4180 CSV (cells that a spreadsheet would run as formulas are prefixed ')"),
    sw("--json", &["inventory"]).alt("format").help("the inventory as JSON (docs/json-contract.md)"),
    sw("--ics", &["inventory"]).alt("format").help(
        "an iCalendar file: one event per certificate on its expiry date, with a\nreminder --warn-days before (default 30)",
    ),
    sw("--json", &["doctor"]).help("the report as JSON (docs/json-contract.md)"),
    sw("--show-secrets", &["doctor"]).help(
        "print the corrected encryption keys a fix hands over (hidden by default:\ndoctor output ends up in logs and tickets)",
    ),
    sw("--json", INSPECT).help("the documented JSON report (docs/json-contract.md)"),
    sw("--full", INSPECT).help("every field of every certificate"),
    sw("--summary", INSPECT).help(
        "with --json: each certificate's summary (names, dates, SANs, key, pins;\n\"summary\": true) instead of every field; verdicts are the same",
    ),
    sw("--self-signatures", INSPECT).help("also check each root's signature with its own key"),
    // The chain and what is written of it.
    sw("--no-root", &["chain"]).help("leave the root CA out"),
    sw("--no-root", TLS_OUT).help("leave the root CA out of tls.crt"),
    sw("--no-root", &["internal-tls"]).help("leave the root CA out of each tls.crt"),
    sw("--with-root", ROOTED)
        .hide()
        .help("(old name; the root is included by default, so it changes nothing)"),
    sw("--kubectl", &["secret"]).help("print the equivalent kubectl line instead of the manifest"),
    val("--key-format", "pkcs8|pkcs1", &["values"])
        .label("F")
        .help("force pkcs8 or pkcs1 (RSA only) instead of keeping the key's format"),
    val("--key-format", "pkcs8|pkcs1", &["secret"]).label("F").help("force pkcs8 or pkcs1 (RSA only)"),
    val("--old-pins", "FILE", &["values", "bundle"]).rep().help(
        "the old side of a key rotation: a certificate, key, values.yaml or pin\nlist whose pins follow the new one (repeatable)",
    ),
    val("--keystore-password-file", "F", &["values"]).help(
        "write tls.key encrypted with the first line of F and set\nsecrets.defaults.keystore_password to it (default: tls.key unencrypted,\nas the chart needs when keystore_password is empty)",
    ),
    val("--chain", "N", &["chain"]).help("the chain to write when the input holds several (from 1)"),
    val("--chain", "N", &["values", "secret", "p12", "agents"])
        .help("the chain to use when the input holds several (from 1)"),
    sw("--allow-incomplete", ROOTED).help("write a chain whose intermediate is missing"),
    val("--release", "NAME", &["values"]).help(
        "the release's full name (default lightrun): with an internal TLS CA in\nthe input, the main certificate must cover NAME-backend and chain to it",
    ),
    sw("--base64", &["pins"]),
    val("--values-out", "FILE", &["internal-tls", "new internal-tls", "agents"])
        .help("write the values apart from the manifests"),
    // The bundle.
    val("--release", "NAME", &["bundle"]).help("the release's full name (default lightrun)"),
    val("--namespace", "NS", &["bundle"]).req().help("the release namespace"),
    val("--endpoint", "HOST", &["bundle"])
        .help("general.lightrun_endpoint (with --make: the main certificate's name)"),
    sw("--make", &["bundle"]).help(
        "make a private CA, every internal service's certificate and the main\none (for --endpoint) instead of reading files; the CA's key goes to --dir",
    ),
    val("--deploy-secrets", "on|off", &["bundle"]).label("on|off").help(
        "general.deploy_secrets.enabled (default on: the encryption key chart-managed;\noff: existing_cert, existingCaSecret and an external backend Secret)",
    ),
    sw("--existing-cert", &["bundle"])
        .help("certificate.existing_cert and a kubernetes.io/tls Secret instead of certificate.tls"),
    val("--dir", "DIR", &["bundle"]).help("write the bundle's files there (mode 0600 for those holding keys)"),
    val("--zip", "FILE", &["bundle"]).help("write the bundle as one zip (mode 0600)"),
    // Input options.
    val("--password-file", "F", READERS)
        .common()
        .help("the password of an encrypted key or PKCS#12 file"),
    val(
        "--now",
        "RFC3339",
        &[
            "inspect",
            "check",
            "chain",
            "values",
            "secret",
            "internal-tls",
            "custom-ca",
            "pins",
            "convert-key",
            "agents",
            "new self-signed",
            "new internal-tls",
            "p12",
            "doctor",
            "inventory",
            "bundle",
        ],
    )
    .common()
    .help("judge validity at this time instead of now"),
    val("--ca", "FILE", &["inspect", "check"]).rep().help(
        "a root CA to trust (PEM bundle, DER or PKCS#7: every certificate in it\nbecomes a trust anchor; repeatable)",
    ),
    val("--warn-days", "N", &["inspect", "check", "doctor", "inventory"])
        .help("warn when a certificate expires within N days (default 30)"),
    // Where the output goes.
    val("--out", "FILE", &["chain"]).help("write to FILE instead of standard output"),
    val("--out", "FILE", TLS_OUT).help("write to FILE (mode 0600: it holds the key)"),
    val(
        "--out",
        "FILE",
        &[
            "internal-tls",
            "custom-ca",
            "pins",
            "convert-key",
            "agents",
            "keygen",
            "new self-signed",
            "new internal-tls",
            "new csr",
            "inventory",
        ],
    ),
    val("--out", "FILE", &["new next-key"])
        .help("write the values (security_pinned_hashes: current, next) to FILE"),
];

/// A command: what its help says around the generated usage lines and options list.
#[derive(Debug, Clone, Copy)]
pub struct Command {
    /// As typed: `values`, or `new csr` for a kind of `new`.
    pub name: &'static str,
    /// The help's first line after `certlens NAME — `. Empty: no help page of its own (the
    /// kinds of `new`, shown in `new`'s).
    pub title: &'static str,
    /// What follows the flags in usage lines (`FILE...`).
    pub operands: &'static str,
    /// Kinds shown in this command's help, each with its usage line (`new`).
    pub kinds: &'static [&'static str],
    /// Paragraphs between the usage lines and the options list.
    pub about: &'static str,
    /// Whether the options list includes the common input options (`--password-file`, `--now`).
    pub lists_common: bool,
    /// Paragraphs after the options list.
    pub after: &'static str,
    /// The example(s), with their heading.
    pub example: &'static str,
    /// A remark under the command in the general usage.
    pub note: &'static str,
}

const fn cmd(name: &'static str, title: &'static str) -> Command {
    Command {
        name,
        title,
        operands: "FILE...",
        kinds: &[],
        about: "",
        lists_common: false,
        after: "",
        example: "",
        note: "",
    }
}

impl Command {
    const fn operands(self, operands: &'static str) -> Command {
        Command { operands, ..self }
    }
    const fn kinds(self, kinds: &'static [&'static str]) -> Command {
        Command { kinds, ..self }
    }
    const fn about(self, about: &'static str) -> Command {
        Command { about, ..self }
    }
    const fn lists_common(self) -> Command {
        Command {
            lists_common: true,
            ..self
        }
    }
    const fn after(self, after: &'static str) -> Command {
        Command { after, ..self }
    }
    const fn example(self, example: &'static str) -> Command {
        Command { example, ..self }
    }
    const fn note(self, note: &'static str) -> Command {
        Command { note, ..self }
    }
}

/// Every command, in the general usage's order.
pub const COMMANDS: &[Command] = &[
    cmd("inspect", "what certificates and keys a file holds")
        .lists_common()
        .example("example:\n  certlens inspect chain.pem tls.key"),
    cmd("check", "inspect, then judge: names, pins, chain, expiry (exit 1 on an error finding)")
        .example("example:\n  certlens check --host lightrun.example.com full-chain.crt tls.key")
        .note("(--self-signatures also checks each root's signature with its own key,\nlike openssl verify -check_ss_sig; chain links are always checked)"),
    cmd("chain", "the full chain as PEM, leaf → intermediate → root, whatever the input order")
        .about("The root CA is included when the input holds it (the vendor's documented chain is
certificate → intermediate → root); standard error says what was written and whether the
root is missing from the input.")
        .example("example:\n  certlens chain my-cert.crt intermediate.crt root.crt --out full-chain.crt"),
    cmd("values", "certificate.tls (crt, key) and security_pinned_hashes for values.yaml")
        .about("tls.crt is the one-line Base64 of the full chain, leaf → intermediate → root (the root when
the input holds it; a warning says when it does not). tls.key is the leaf's key: an
unencrypted PKCS#1 or PKCS#8 key is kept as given; SEC1, encrypted and PKCS#12 keys become
unencrypted PKCS#8 (the header comment says so). The pins are hex.")
        .example("example:\n  certlens values my-cert.crt intermediate.crt root.crt tls.key --out values-certificate.yaml")
        .note("(values, secret, internal-tls: tls.crt is the full chain
leaf → intermediate → root, the root unless --no-root (--with-root is an
old name that changes nothing); a PKCS#1 or PKCS#8 key is kept as given)"),
    cmd("secret", "a kubernetes.io/tls Secret for certificate.existing_cert")
        .about("tls.crt is the full chain, leaf → intermediate → root (the root when the input holds it);
tls.key the leaf's key, kept as given when PKCS#1 or PKCS#8.")
        .example("example:\n  certlens secret --name lightrun-tls --namespace lr-prod full-chain.crt tls.key"),
    cmd("internal-tls", "Secrets and general.internal_tls values for the chart's internal TLS")
        .about("Each tls.crt is the full chain, leaf → intermediate → root (the root when the input holds it).")
        .example("example:\n  certlens internal-tls --release lightrun --namespace lr-prod services.pem services.key ca.pem")
        .note("(no --service: all seven keys the chart mounts)"),
    cmd("custom-ca", "secrets.customCa: the CA Keycloak trusts (LDAP over TLS, internal TLS)")
        .example("example:\n  certlens custom-ca --release lightrun --namespace lr-prod ca.pem --out custom-ca.yaml"),
    cmd("pins", "certificate.security_pinned_hashes: the leaf keys' SHA-256 pins, hex")
        .about("The chart takes 64 hex characters per pin. --base64 lists the same pins in Base64 for
information only (to compare with another tool): that output is not a values block.")
        .example("example:\n  certlens pins full-chain.crt"),
    cmd("agents", "the lightrun-agents chart's javaAgents values and agent Secrets (the pin)")
        .about("pinnedCertHash / pinned_cert_hash is the SHA-256 of the public key of the chain's leaf, 64
lowercase hex: the first certificate of the tls.crt certlens writes, the pin the backend
advertises. The agents take one pin (the chart documents one hash; the operator writes it
unchanged into the agent's pinned_certs=): when the server's certificate changes, update the
agents' pin as the server switches and restart their workloads. A warning says when the
certificate does not cover --server-host. The agent key is yours: give it with --key-file.")
        .example("example:\n  certlens agents --server-host lightrun.example.com --agent orders --namespace apps \\\n      --key-file agent.key full-chain.crt")
        .note("(the pin of the served tls.crt for every agent; --existing-secret: the\nagent Secrets for kubectl apply, then the values naming them)"),
    cmd("convert-key", "a private key in another format, unencrypted PEM")
        .about("The chart takes PKCS#1 or PKCS#8; values and secret already keep such a key as given and
convert only what the chart does not accept.")
        .example("example:\n  certlens convert-key --to pkcs8 --password-file pw.txt encrypted.key --out tls.key"),
    cmd("keygen", "a backend encryption key (Base64 of 32 random bytes), or a rotation")
        .operands("")
        .example("example:\n  certlens keygen --rotate-file old.key --namespace lr-prod")
        .note("(--rotate-from: every encryption-key-N of the existing backend Secret,
plus the new N+1, all written out; the backend mounts them only after
helm upgrade against the cluster: see certlens keygen --help)"),
    cmd("new", "make certificates: a test certificate, a private CA for internal TLS, a CSR")
        .kinds(&["new self-signed", "new internal-tls", "new csr", "new next-key"])
        .about("Keys are made from the operating system's random numbers and never leave this machine.

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
              the key goes to --key-out. With --key FILE [--from CERT]: a renewal with the key
              you have (the certificate's subject and names): the pin stays, and is printed
next-key      the next key and its request (the current certificate's subject and names), and
              the values listing the current pin and the next one: deploy them before the
              renewal, so that renewing with the new key changes nothing clients pin")
        .after("Files that hold a key are written with mode 0600.")
        .example("examples:
  certlens new self-signed --host lightrun.example.com --out values.yaml
  certlens new internal-tls --release lightrun --namespace lightrun \\
      --main-host lightrun.example.com --dir pem --out secrets.yaml --values-out values.yaml
  certlens new csr --host lightrun.example.com --key-out tls.key --out tls.csr
  certlens new csr --key tls.key --from tls.crt --out renew.csr
  certlens new next-key --from tls.crt --key-out next.key --csr-out next.csr --out pins.yaml"),
    cmd("new self-signed", "")
        .operands("")
        .note("(testing only: prints the certificate.tls values, SANs included)"),
    cmd("new internal-tls", "")
        .operands("")
        .note("(a private CA and every service's certificate: Secrets, CA Secret, values)"),
    cmd("new csr", "")
        .operands("")
        .note("(--key-type: ecdsa-p256 (default), rsa2048, rsa3072, rsa4096, ed25519;
--key FILE: renew with that key, the pin stays)"),
    cmd("new next-key", "")
        .operands("")
        .note("(the next key pinned ahead: key, request, security_pinned_hashes [current, next])"),
    cmd("p12", "a password-protected PKCS#12 file of a certificate and its key")
        .about("Reads the files as one pool (any order, any format), takes the chain whose leaf has its key,
and writes the leaf, its CA certificates and the key as OpenSSL 3 does by default: PBES2
(PBKDF2-HMAC-SHA256, AES-256-CBC), SHA-256 MAC, 2,048 iterations. openssl pkcs12 and Java's
keytool read it.")
        .example("example:\n  certlens p12 --password-file pw.txt --name lightrun --out lightrun.p12 tls.crt tls.key"),
    cmd("keycheck", "is this a usable encryption key (Base64 of 32 bytes, 44 characters)?")
        .operands("[VALUE|- | --file F]")
        .example("example:\n  certlens keycheck --file enc.key")
        .note("(a key given as an argument is visible to other users in the process
list: prefer --rotate-file/--file F, or - for standard input)"),
    cmd("doctor", "will this deployment work? One verdict per setting, with its fix")
        .about("FILE: a Lightrun values.yaml with the Secrets it names (kubectl get secret NAME -o yaml), or
Ingress / cert-manager Certificate manifests with their Secrets. Checks certificate.tls.crt/key
(one-line Base64, chain order, key match, expiry), existing_cert, general.lightrun_endpoint,
security_pinned_hashes, general.internal_tls (every mounted key, names, CA, the backend check),
secrets.customCa and the encryption keys. A Secret only named is \"not checked\": give it.")
        .after("Exit status: 1 when any verdict is an error, 0 otherwise (not-checked verdicts included).")
        .example("example:\n  certlens doctor --namespace lr-prod values.yaml secrets.yaml")
        .note("(a values.yaml with the Secrets it names, or Ingress / cert-manager
Certificate manifests with theirs: one verdict per setting, with its fix;
exit 1 on any error verdict)"),
    cmd("bundle", "one deployable bundle: a values file, a Secrets file, how to apply them")
        .about("From the certificates given (a chain and its key, internal TLS certificates when they cover
every service), or with --make from a private CA made here: ONE values file (certificate.tls
or existing_cert, security_pinned_hashes with the served leaf's pin only, general.internal_tls,
secrets.customCa and the encryption key in the forms that fit deploy_secrets), ONE Secrets
file, and README-apply.txt with the kubectl and helm commands. Before anything is written the
doctor checks the files exactly as `certlens doctor` would; its verdict is printed. Each
setting is printed with its consequence.")
        .lists_common()
        .after("Exit status: 0 when the bundle passes every check, 1 when the doctor found an error or a\nwarning (the files are still written) or nothing could be made, 2 usage error.")
        .example("examples:
  certlens bundle --make --endpoint lightrun.example.com --namespace lr-prod --dir bundle --zip bundle.zip
  certlens bundle --namespace lr-prod --endpoint lightrun.example.com --dir bundle full-chain.crt tls.key")
        .note("(one values file + one Secrets file + the commands, checked by the
doctor; --make: from a private CA made here)"),
    cmd("inventory", "every certificate of a cluster's Secrets, soonest expiry first")
        .about("FILE: kubectl get secrets -A -o yaml (or -o json), or Secret manifests. Every key of every
Secret is read (Opaque Secrets holding PEM too); each Secret is its own pool.")
        .after("Exit status: 1 when a certificate is expired or expires within --warn-days, or a Secret
could not be read.")
        .example("example:
  kubectl get secrets -A -o yaml > secrets.yaml
  certlens inventory --ics --warn-days 21 secrets.yaml > expiry.ics")
        .note("(kubectl get secrets -A -o yaml|json: one row per certificate, soonest
expiry first; --ics: a calendar with a reminder N days before each)"),
];

/// The definition of `name` for `cmd`, if `cmd` accepts it.
pub fn find(cmd: &str, name: &str) -> Option<&'static Flag> {
    FLAGS.iter().find(|f| f.name == name && f.applies_to(cmd))
}

/// The flags of `cmd`, in order.
pub fn of(cmd: &str) -> impl Iterator<Item = &'static Flag> + '_ {
    FLAGS.iter().filter(move |f| f.applies_to(cmd))
}

/// The command named `name`.
pub fn command(name: &str) -> Option<&'static Command> {
    COMMANDS.iter().find(|c| c.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flag_has_one_definition_per_command() {
        for (i, f) in FLAGS.iter().enumerate() {
            for g in &FLAGS[i + 1..] {
                if f.name == g.name {
                    for c in f.commands {
                        assert!(!g.applies_to(c), "{} is defined twice for {c}", f.name);
                    }
                }
            }
        }
    }

    #[test]
    fn every_flag_belongs_to_a_known_command() {
        for f in FLAGS {
            assert!(!f.commands.is_empty(), "{}", f.name);
            for c in f.commands {
                assert!(command(c).is_some(), "{}: unknown command {c}", f.name);
            }
        }
    }

    #[test]
    fn every_output_of_the_core_is_a_command_with_its_help() {
        for o in certlens_core::output::OUTPUTS {
            let c = command(o.command).unwrap_or_else(|| panic!("{:?}: no command", o.kind));
            assert!(!c.title.is_empty(), "{}", o.command);
        }
    }

    #[test]
    fn a_kind_of_new_is_a_command_without_its_own_help() {
        let new = command("new").unwrap();
        for k in new.kinds {
            assert_eq!(command(k).unwrap().title, "", "{k}");
        }
    }
}
