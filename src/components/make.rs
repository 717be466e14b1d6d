//! The "Make" panel: a test certificate, a private CA with every internal service's
//! certificate, or a CSR, made in the page's worker from `crypto.getRandomValues` (keys never
//! leave the tab), shown with Copy/Download (keys blurred until Show), downloads named per
//! service, and added to the pool so every other panel (chain, names, outputs) shows them.

use certlens_core::make::{KeyAlgorithm, DEFAULT_CLUSTER_DOMAIN, DEFAULT_DAYS};
use certlens_core::Input;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::browser::maker::{MakeUpdate, Maker};
use crate::components::actions::DownloadButton;
use crate::components::outputs::block::OutputBlock;
use crate::make_job::{split_names, MadeView, MakeRequest};
use crate::state::Shared;
use certlens_core::Report;

#[derive(Properties, PartialEq)]
pub struct MakeProps {
    /// The made certificates and keys, as pool inputs, with the PEM of a private CA made with
    /// them (the page declares it trusted).
    pub on_made: Callback<(Vec<Input>, Option<String>)>,
    /// The pool's report (what a PKCS#12 file is made of).
    pub report: Shared<Report>,
    /// The pool is empty: after "Clear all", what was made (keys included) goes too.
    #[prop_or_default]
    pub empty: bool,
    /// The release and namespace internal TLS was made for (emitted before `on_made`): the
    /// doctor, the name presets and the outputs use them from then on.
    #[prop_or_default]
    pub on_deployment: Callback<crate::state::Deployment>,
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Tab {
    SelfSigned,
    Internal,
    Csr,
    Pkcs12,
}

#[derive(Clone, PartialEq)]
enum Status {
    Idle,
    Working {
        done: usize,
        total: usize,
        key: KeyAlgorithm,
    },
    Failed(String),
    Done(MadeView),
    /// A PKCS#12 file was downloaded: what it holds.
    Downloaded(String),
}

fn value(r: &NodeRef) -> String {
    r.cast::<HtmlInputElement>()
        .map(|i| i.value())
        .or_else(|| r.cast::<HtmlSelectElement>().map(|s| s.value()))
        .unwrap_or_default()
}

fn checked(r: &NodeRef) -> bool {
    r.cast::<HtmlInputElement>().is_some_and(|i| i.checked())
}

fn key_select(id: &str, r: &NodeRef) -> Html {
    html! {
        <>
            <label class="field-label" for={id.to_string()}>{ "Key type" }</label>
            <select id={id.to_string()} ref={r.clone()}>
                { for KeyAlgorithm::ALL.iter().map(|k| html! {
                    <option value={k.name()} selected={*k == KeyAlgorithm::default()}>
                        { k.label() }{ if k.is_slow() { " (slow: takes seconds)" } else { "" } }
                    </option>
                }) }
            </select>
        </>
    }
}

#[component]
pub fn Make(props: &MakeProps) -> Html {
    let tab = use_state(|| Tab::SelfSigned);
    let status = use_state(|| Status::Idle);
    let maker = use_state(Maker::default);
    {
        // "Clear all" empties the pool: drop what was made with it (keys included).
        let status = status.clone();
        use_effect_with(props.empty, move |empty| {
            if *empty && matches!(*status, Status::Done(_) | Status::Downloaded(_)) {
                status.set(Status::Idle);
            }
        });
    }
    let (hosts, key, days) = (use_node_ref(), use_node_ref(), use_node_ref());
    let (release, namespace, domain, main_hosts, ikey, constraints) = (
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
    );
    let (p12_password, p12_name, p12_leaf) = (use_node_ref(), use_node_ref(), use_node_ref());
    let (csr_hosts, ckey, org, ou, country) = (
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
    );

    let request = {
        let tab = *tab;
        let refs = (
            hosts.clone(),
            key.clone(),
            days.clone(),
            release.clone(),
            namespace.clone(),
            domain.clone(),
            main_hosts.clone(),
            ikey.clone(),
            constraints.clone(),
            csr_hosts.clone(),
            ckey.clone(),
            org.clone(),
            ou.clone(),
            country.clone(),
        );
        move || -> Result<MakeRequest, String> {
            let (
                hosts,
                key,
                days,
                release,
                namespace,
                domain,
                main_hosts,
                ikey,
                constraints,
                csr_hosts,
                ckey,
                org,
                ou,
                country,
            ) = &refs;
            let alg = |r: &NodeRef| KeyAlgorithm::parse(&value(r)).map_err(|e| e.to_string());
            Ok(match tab {
                Tab::SelfSigned => MakeRequest::SelfSigned {
                    hosts: split_names(&value(hosts)),
                    key: alg(key)?,
                    days: value(days)
                        .trim()
                        .parse()
                        .map_err(|_| "the days must be a whole number".to_string())?,
                },
                Tab::Internal => MakeRequest::Internal {
                    release: value(release),
                    namespace: value(namespace),
                    cluster_domain: value(domain),
                    main_hosts: split_names(&value(main_hosts)),
                    key: alg(ikey)?,
                    name_constraints: checked(constraints),
                },
                Tab::Pkcs12 => return Err("PKCS#12 is made in the page".into()),
                Tab::Csr => MakeRequest::Csr {
                    hosts: split_names(&value(csr_hosts)),
                    key: alg(ckey)?,
                    organization: value(org),
                    organizational_unit: value(ou),
                    country: value(country),
                },
            })
        }
    };

    let p12 = {
        let status = status.clone();
        let report = props.report.clone();
        let (pw, name, leaf) = (p12_password.clone(), p12_name.clone(), p12_leaf.clone());
        move || {
            let password = value(&pw);
            let friendly = value(&name);
            let opts = certlens_core::make::Pkcs12Options {
                chain: None,
                password,
                friendly_name: Some(friendly).filter(|f| !f.trim().is_empty()),
                include_chain: !checked(&leaf),
            };
            let seed = match crate::browser::maker::seed() {
                Ok(s) => s,
                Err(e) => return status.set(Status::Failed(e)),
            };
            match certlens_core::make::pkcs12_from_pool(&report, &opts, &seed) {
                Ok(p) => {
                    let _ = crate::browser::download::download(
                        &p.file_name,
                        &p.der,
                        "application/x-pkcs12",
                    );
                    status.set(Status::Downloaded(format!(
                        "Downloaded {}: {} certificate{} and the key as “{}”, encrypted with AES-256-CBC (PBKDF2-SHA256) and a SHA-256 MAC, as OpenSSL 3 writes it; openssl pkcs12 and Java's keytool open it with the password.",
                        p.file_name,
                        p.certificates,
                        if p.certificates == 1 { "" } else { "s" },
                        p.friendly_name
                    )));
                }
                Err(e) => status.set(Status::Failed(e.to_string())),
            }
        }
    };

    let onsubmit = {
        let status = status.clone();
        let maker = maker.clone();
        let on_made = props.on_made.clone();
        let on_deployment = props.on_deployment.clone();
        let p12 = p12.clone();
        let is_p12 = *tab == Tab::Pkcs12;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if is_p12 {
                return p12();
            }
            let req = match request() {
                Ok(r) => r,
                Err(m) => return status.set(Status::Failed(m)),
            };
            let total = req.keys();
            status.set(Status::Working {
                done: 0,
                total,
                key: req.key(),
            });
            let key = req.key();
            let status = status.clone();
            let on_made = on_made.clone();
            let made_for = match &req {
                MakeRequest::Internal {
                    release, namespace, ..
                } => Some(crate::state::Deployment {
                    release: release.trim().to_string(),
                    namespace: namespace.trim().to_string(),
                }),
                _ => None,
            };
            let on_deployment = on_deployment.clone();
            let on_update = Callback::from(move |u: MakeUpdate| match u {
                MakeUpdate::Progress(done, total) => {
                    status.set(Status::Working { done, total, key })
                }
                MakeUpdate::Done(Ok(view)) => {
                    if let Some(d) = made_for.clone() {
                        on_deployment.emit(d);
                    }
                    on_made.emit((
                        view.pool
                            .iter()
                            .map(|(n, t)| Input::new(n.clone(), t.as_bytes().to_vec()))
                            .collect(),
                        view.trusted_ca.clone(),
                    ));
                    status.set(Status::Done(view));
                }
                MakeUpdate::Done(Err(e)) => status.set(Status::Failed(e)),
            });
            maker.send(req, (js_sys::Date::now() / 1000.0) as i64, on_update);
        })
    };

    let tab_button = |t: Tab, label: &str| {
        let tab = tab.clone();
        let status = status.clone();
        let selected = *tab == t;
        html! {
            <button type="button" role="tab" aria-selected={selected.to_string()}
                class={classes!("tab", selected.then_some("active"))}
                onclick={Callback::from(move |_| { tab.set(t); status.set(Status::Idle); })}>
                { label.to_string() }
            </button>
        }
    };
    let working = matches!(*status, Status::Working { .. });

    let form = match *tab {
        Tab::SelfSigned => html! {
            <>
                <p class="hint">{ "For testing: the vendor's openssl req -x509 command done right, with the names as Subject Alternative Names (clients ignore the CN). Marked testing only: clients trust it only if told to." }</p>
                <label class="field-label" for="make-hosts">{ "Names (general.lightrun_endpoint first; commas or spaces between)" }</label>
                <input id="make-hosts" ref={hosts.clone()} type="text" required=true placeholder="lightrun.example.com" autocomplete="off" spellcheck="false" />
                { key_select("make-key", &key) }
                <label class="field-label" for="make-days">{ "Valid for (days)" }</label>
                <input id="make-days" ref={days.clone()} type="number" min="1" max="36500" value={DEFAULT_DAYS.to_string()} />
            </>
        },
        Tab::Internal => html! {
            <>
                <p class="hint">{ "For general.internal_tls with existing_certificates: a private CA and one certificate per Service the chart mounts (NAME, NAME.ns, NAME.ns.svc, NAME.ns.svc.<cluster domain>; serverAuth and clientAuth), the Secrets, the CA Secret, the values and secrets.customCa for Keycloak." }</p>
                <label class="field-label" for="make-release">{ "Release (full name)" }</label>
                <input id="make-release" ref={release.clone()} type="text" required=true value={certlens_core::output::DEFAULT_RELEASE} autocomplete="off" spellcheck="false" />
                <label class="field-label" for="make-namespace">{ "Namespace" }</label>
                <input id="make-namespace" ref={namespace.clone()} type="text" required=true placeholder="lightrun" autocomplete="off" spellcheck="false" />
                <label class="field-label" for="make-domain">{ "Cluster domain (general.cluster_domain)" }</label>
                <input id="make-domain" ref={domain.clone()} type="text" value={DEFAULT_CLUSTER_DOMAIN} autocomplete="off" spellcheck="false" />
                <label class="field-label" for="make-main">{ "Main certificate too, for (optional: general.lightrun_endpoint; it also covers <release>-backend, so the router's check of the backend passes)" }</label>
                <input id="make-main" ref={main_hosts.clone()} type="text" placeholder="lightrun.example.com" autocomplete="off" spellcheck="false" />
                { key_select("make-ikey", &ikey) }
                <label class="check"><input id="make-constraints" ref={constraints.clone()} type="checkbox" checked=true />{ " Limit the CA to these names (name constraints)" }</label>
            </>
        },
        Tab::Csr => html! {
            <>
                <p class="hint">{ "For a public or corporate CA: a request with the names in its extensionRequest, and its key. Send the request; keep the key." }</p>
                <label class="field-label" for="make-csr-hosts">{ "Names (commas or spaces between)" }</label>
                <input id="make-csr-hosts" ref={csr_hosts.clone()} type="text" required=true placeholder="lightrun.example.com" autocomplete="off" spellcheck="false" />
                { key_select("make-ckey", &ckey) }
                <label class="field-label" for="make-org">{ "Organization (O, optional)" }</label>
                <input id="make-org" ref={org.clone()} type="text" autocomplete="off" />
                <label class="field-label" for="make-ou">{ "Organizational unit (OU, optional)" }</label>
                <input id="make-ou" ref={ou.clone()} type="text" autocomplete="off" />
                <label class="field-label" for="make-country">{ "Country (C, two letters, optional)" }</label>
                <input id="make-country" ref={country.clone()} type="text" maxlength="2" autocomplete="off" />
            </>
        },
        Tab::Pkcs12 => html! {
            <>
                <p class="hint">{ "A password-protected .p12 (PKCS#12) file of the certificate in the pool that has its key (given or made here), with its CA certificates: for Java keystores, Windows, and tools that want one file." }</p>
                <label class="field-label" for="make-p12-password">{ "Password (required)" }</label>
                <input id="make-p12-password" ref={p12_password.clone()} type="password" required=true autocomplete="new-password" />
                <label class="field-label" for="make-p12-name">{ "Friendly name (keytool's alias; empty: the certificate's CN)" }</label>
                <input id="make-p12-name" ref={p12_name.clone()} type="text" autocomplete="off" spellcheck="false" />
                <label class="check"><input id="make-p12-leaf" ref={p12_leaf.clone()} type="checkbox" />{ " The certificate only, without its CA certificates" }</label>
            </>
        },
    };

    let result = match &*status {
        Status::Idle => html! {},
        Status::Working { done, total, key } => html! {
            <div class="make-progress" role="status" aria-live="polite">
                // Indeterminate until the first key is done: one RSA key is one long step.
                if *done == 0 { <progress /> } else { <progress max={total.to_string()} value={done.to_string()} /> }
                <span>{ format!("Generating keys: {done} of {total} ({}){}", key.label(), if key.is_slow() { " — RSA primes take a few seconds each" } else { "" }) }</span>
            </div>
        },
        Status::Failed(e) => html! { <p class="error make-error" role="alert">{ e.clone() }</p> },
        Status::Downloaded(m) => html! { <p class="make-summary" role="status">{ m.clone() }</p> },
        Status::Done(v) => html! {
            <div class="make-result">
                <p class="make-summary" role="status">{ v.summary.clone() }</p>
                { for v.warnings.iter().map(|w| html! { <p class="warning">{ w.clone() }</p> }) }
                { for v.blocks.iter().map(|b| html! {
                    <OutputBlock title={b.title.clone()} text={b.text.clone()} filename={b.filename.clone()}
                        note={b.note.clone().map(AttrValue::from)} secret={b.secret} />
                }) }
                if !v.pairs.is_empty() {
                    <h4>{ "Certificates and keys, one pair per service" }</h4>
                    <ul class="made-files">
                        { for v.pairs.iter().map(|p| html! {
                            <li data-name={p.name.clone()}>
                                <strong>{ p.name.clone() }</strong>{ format!(" — {}", p.role) }
                                <DownloadButton name={format!("{}.crt", p.name)} text={p.certificate_pem.clone()} />
                                <DownloadButton name={format!("{}.key", p.name)} text={p.key_pem.clone()} />
                            </li>
                        }) }
                    </ul>
                }
            </div>
        },
    };

    html! {
        <section class="make-panel" id="make" aria-labelledby="make-heading">
            <h2 id="make-heading">{ "No certificate yet? Make one" }</h2>
            <p class="hint">{ "Keys are generated in this tab from the browser's secure random numbers and never leave it." }</p>
            <div class="make-tabs" role="tablist" aria-label="What to make">
                { tab_button(Tab::SelfSigned, "Test certificate") }
                { tab_button(Tab::Internal, "Private CA (internal TLS)") }
                { tab_button(Tab::Csr, "CSR") }
                { tab_button(Tab::Pkcs12, "PKCS#12 file") }
            </div>
            <form class="make-form" {onsubmit}>
                // Keyed by tab: each tab gets fresh fields. Unkeyed, Yew would reuse the previous
                // tab's <input> elements in place, and what was typed there (a PKCS#12
                // password) would show up in this tab's field (the names of a certificate).
                <div key={format!("{:?}", *tab)} class="make-fields">{ form }</div>
                <div class="input-row">
                    <button type="submit" disabled={working}>{ if working { "Making…" } else if *tab == Tab::Pkcs12 { "Download .p12" } else { "Make" } }</button>
                </div>
            </form>
            { result }
        </section>
    }
}
