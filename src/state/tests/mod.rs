//! The reducer's tests: every action on real fixtures, no browser.

use super::*;

// 2026-07-01T00:00:00Z, the fixtures' reference time.
const NOW: i64 = 1_782_864_000;

/// Reduce, then do what the page does: hand a new generation to the worker (here
/// `job::run` inline) and reduce every update it sends.
fn apply(state: Rc<State>, action: Action) -> Rc<State> {
    let before = state.generation;
    let mut s = state.reduce(action);
    if s.generation != before {
        if let Some(w) = s.work.clone() {
            let mut updates = Vec::new();
            crate::job::run(&w.job, &s.inputs, &mut |u| updates.push(u));
            for u in updates {
                s = s.reduce(match u {
                    crate::job::Update::Progress(p) => Action::Progress(w.job.generation, p),
                    crate::job::Update::Doctor(d) => {
                        Action::Doctor(w.job.generation, d.map(|d| Shared(Rc::new(*d))))
                    }
                    crate::job::Update::Inventory(i) => {
                        Action::Inventory(w.job.generation, i.map(|i| Shared(Rc::new(*i))))
                    }
                    crate::job::Update::Report { report, last } => Action::Analysed {
                        generation: w.job.generation,
                        report: Shared(Rc::new(report)),
                        last,
                    },
                });
            }
            assert!(s.work.is_none(), "the last report ends the work");
        }
    }
    s
}

fn start() -> Rc<State> {
    apply(Rc::new(State::default()), Action::Now(NOW))
}

fn fixture(rel: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{rel}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[test]
fn debug_output_hides_the_password_and_the_inputs() {
    let key = String::from_utf8(fixture("keys/rsa-leaf.pkcs1.pem")).unwrap();
    let body = key.lines().nth(1).unwrap().to_string();
    let paste = Action::Paste(key.clone());
    let password = Action::Password("correct horse".into());
    for a in [&paste, &password] {
        let d = format!("{a:?}");
        assert!(!d.contains(&body) && !d.contains("correct horse"), "{d}");
    }
    let s = apply(start(), paste);
    let s = apply(s, password);
    assert!(s.password.is_some());
    // The state, its pool, and the job sent to the worker.
    let d = format!("{s:?}");
    assert!(!d.contains(&body) && !d.contains("correct horse"), "{d}");
    let added = Action::AddFiles(vec![Input::new("k.pem", key.into_bytes())]);
    assert!(!format!("{added:?}").contains(&body));
}

#[test]
fn clear_and_replace_drop_the_pool_which_wipes_it() {
    let s = apply(
        start(),
        Action::AddFiles(vec![Input::new(
            "k.pem",
            fixture("keys/rsa-leaf.pkcs1.pem"),
        )]),
    );
    let first = Rc::downgrade(&s.inputs.0);
    // A new pool (here: one input added) is a new buffer; the old one goes with its state.
    let s = apply(s, Action::Paste("x".into()));
    assert!(
        first.upgrade().is_none(),
        "the replaced pool was dropped (and so wiped)"
    );
    let second = Rc::downgrade(&s.inputs.0);
    let s = apply(s, Action::Clear);
    assert!(s.inputs.is_empty());
    assert!(
        second.upgrade().is_none(),
        "the cleared pool was dropped (and so wiped)"
    );
}

#[test]
fn add_paste_remove_clear() {
    let s = start();
    let s = apply(
        s,
        Action::AddFiles(vec![Input::new(
            "chain.pem",
            fixture("inputs/chain-shuffled.pem"),
        )]),
    );
    assert_eq!(s.report.certificates.len(), 3);
    assert_eq!(s.report.chains.len(), 1);
    assert!(s.report.chains[0].misordered);
    let s = apply(
        s,
        Action::Paste(String::from_utf8(fixture("keys/rsa-leaf.pkcs1.pem")).unwrap()),
    );
    assert_eq!(s.inputs[1].name, "pasted text 1");
    // The pasted key matches the leaf, which sits at index 2 of the shuffled file.
    assert_eq!(s.report.private_keys[0].matches, vec![2]);
    let s = apply(s, Action::Remove(0));
    assert_eq!(s.inputs.len(), 1);
    assert!(s.report.certificates.is_empty());
    let s = apply(s, Action::Remove(7));
    assert_eq!(s.inputs.len(), 1);
    let s = apply(s, Action::FileErrors(vec!["big.pem: too large".into()]));
    let s = apply(s, Action::Paste("x".into()));
    assert_eq!(
        s.file_errors.len(),
        1,
        "adding input keeps earlier file errors visible"
    );
    let s = apply(s, Action::Password("secret".into()));
    let s = apply(s, Action::Clear);
    assert!(s.inputs.is_empty() && s.password.is_none() && s.file_errors.is_empty());
    assert_eq!(s.now, NOW);
    assert!(s.report.certificates.is_empty());
}

#[test]
fn password_unlocks_encrypted_keys() {
    let s = apply(
        start(),
        Action::AddFiles(vec![Input::new(
            "k.pem",
            fixture("keys/rsa-leaf.pkcs8-enc.pem"),
        )]),
    );
    assert_eq!(s.report.password_needed.len(), 1);
    let s = apply(s, Action::Password("correct horse".into()));
    assert!(s.report.password_needed.is_empty());
    assert!(s.report.private_keys[0].spki_sha256.is_some());
    let s = apply(s, Action::Password("wrong".into()));
    assert!(s.report.errors[0].message.contains("wrong password"));
}

#[test]
fn names_presets_and_pins() {
    let s = apply(
        start(),
        Action::AddFiles(vec![Input::new(
            "svc.pem",
            fixture("certs/internal-services.pem"),
        )]),
    );
    let q = NameQuery {
        names: "example.test".into(),
        release: "lightrun".into(),
        namespace: "lightrun".into(),
        services: vec!["rabbitmq".into(), "data_streamer".into()],
    };
    assert_eq!(q.expanded().len(), 1 + 2 * 4);
    assert!(q
        .expanded()
        .contains(&"lightrun-mq.lightrun.svc.cluster.local".to_string()));
    let s = apply(s, Action::Names(q));
    let covered: Vec<bool> = s.report.names.iter().map(|n| n.covered).collect();
    assert_eq!(
        covered[0], false,
        "example.test is not in the internal-services certificate"
    );
    assert!(covered[1..].iter().all(|&c| c));
    let pin = s.report.certificates[0].spki_sha256.clone();
    let s = apply(s, Action::Pins(format!("- {}", pin.to_uppercase())));
    let check = s.report.pin_check.as_ref().unwrap();
    assert_eq!(check.matches.len(), 1);
}

#[test]
fn example_loads_a_misordered_chain_and_its_key() {
    let s = apply(start(), Action::LoadExample);
    let s = apply(s, Action::LoadExample);
    assert_eq!(
        s.inputs.len(),
        2,
        "loading twice does not duplicate the example"
    );
    assert!(s.report.errors.is_empty());
    assert_eq!(s.report.chains[0].order, vec![2, 0, 1]);
    assert!(s
        .report
        .findings
        .iter()
        .any(|f| f.code == "chain_misordered"));
    assert_eq!(s.report.private_keys[0].matches, vec![2]);
}

#[test]
fn reports_show_first_and_roots_are_checked_after() {
    let bundle = std::fs::read("/etc/ssl/certs/ca-certificates.crt").expect("Debian's CA bundle");
    let s = start().reduce(Action::AddFiles(vec![Input::new("ca.crt", bundle)]));
    let w = s.work.clone().expect("work for the worker");
    assert!(
        s.report.certificates.is_empty(),
        "nothing shown before the worker answers"
    );
    let mut updates = Vec::new();
    crate::job::run(&w.job, &s.inputs, &mut |u| updates.push(u));
    let reports: Vec<(Report, bool)> = updates
        .into_iter()
        .filter_map(|u| match u {
            crate::job::Update::Report { report, last } => Some((report, last)),
            _ => None,
        })
        .collect();
    assert_eq!(reports.len(), 2);
    let g = w.job.generation;
    let first = Shared(Rc::new(reports[0].0.clone()));
    let s = s.reduce(Action::Analysed {
        generation: g,
        report: first,
        last: false,
    });
    assert!(s.report.certificates.len() > 100);
    assert!(
        s.work.as_ref().is_some_and(|w| w.shown),
        "still checking roots"
    );
    // The user types a name meanwhile: the checks are redone in the worker (a new generation),
    // the shown report stays until its answer...
    let q = NameQuery {
        names: "example.com".into(),
        ..NameQuery::default()
    };
    let s = s.reduce(Action::Names(q));
    assert_eq!(s.generation, g + 1);
    assert!(s.report.certificates.len() > 100, "the shown report stays");
    assert_eq!(s.report.names.len(), 0, "not yet rechecked");
    assert_eq!(
        s.work.as_ref().map(|w| w.job.names.clone()),
        Some(vec!["example.com".to_string()])
    );
    // ...and the final report the worker made with the old (empty) names is dropped: its
    // generation is older.
    let last = Shared(Rc::new(reports[1].0.clone()));
    let stale = s.clone().reduce(Action::Analysed {
        generation: g,
        report: last.clone(),
        last: true,
    });
    assert!(Rc::ptr_eq(&stale, &s));
    let mut updates = Vec::new();
    let w = s.work.clone().expect("the recheck's work");
    crate::job::run(&w.job, &s.inputs, &mut |u| updates.push(u));
    let mut s = s;
    for u in updates {
        if let crate::job::Update::Report { report, last } = u {
            s = s.reduce(Action::Analysed {
                generation: g + 1,
                report: Shared(Rc::new(report)),
                last,
            });
        }
    }
    assert!(s.work.is_none());
    assert_eq!(s.report.names.len(), 1);
    assert!(s
        .report
        .certificates
        .iter()
        .all(|c| c.self_signed && c.self_signature == Some(certlens_core::SignatureStatus::Valid)));
}

#[test]
fn worker_failure_is_shown_and_stale_ones_ignored() {
    let s = apply(start(), Action::LoadExample);
    let g = s.generation;
    let s = s.reduce(Action::Paste("x".into()));
    let s2 = s.clone().reduce(Action::WorkerFailed(g, "old".into()));
    assert!(s2.worker_error.is_none());
    let s = s.reduce(Action::WorkerFailed(
        g + 1,
        "RuntimeError: unreachable".into(),
    ));
    assert_eq!(s.worker_error.as_deref(), Some("RuntimeError: unreachable"));
    assert!(!s.working());
}

#[test]
fn empty_paste_is_ignored_and_errors_are_kept() {
    let s = apply(start(), Action::Paste("   ".into()));
    assert!(s.inputs.is_empty());
    let s = apply(
        s,
        Action::AddFiles(vec![Input::new(
            "bad.pem",
            "-----BEGIN CERTIFICATE-----\nMAMC",
        )]),
    );
    assert_eq!(s.report.errors.len(), 1);
    assert!(s.report.errors[0].message.starts_with("bad.pem, block 1"));
}

#[test]
fn a_release_and_namespace_given_once_are_used_everywhere() {
    let s = start();
    assert_eq!(s.chosen, None);
    // Given by the Make panel (or the doctor's fields) before any input: nothing to
    // analyse, but the name presets and the outputs follow.
    let d = Deployment {
        release: "lr".into(),
        namespace: "lr-prod".into(),
    };
    let s = apply(s, Action::Deployment(d.clone()));
    assert_eq!(s.chosen.as_ref(), Some(&d));
    assert_eq!(s.deployment, d);
    assert_eq!(
        (s.names.release.as_str(), s.names.namespace.as_str()),
        ("lr", "lr-prod")
    );
    assert!(s.work.is_none());
    // The default release and namespace, given explicitly, count as given too.
    let s = apply(s, Action::Deployment(Deployment::default()));
    assert_eq!(s.chosen, Some(Deployment::default()));
    // With a service preset on, the names checked are the new namespace's.
    let mut q = s.names.clone();
    q.services = vec!["frontend".into()];
    let s = apply(s, Action::Names(q));
    let s = apply(s, Action::Deployment(d));
    assert!(
        s.names
            .expanded()
            .iter()
            .any(|n| n == "lr-frontend.lr-prod.svc"),
        "{:?}",
        s.names.expanded()
    );
}

fn path_case(case: &str, files: &[&str]) -> Vec<Input> {
    files
        .iter()
        .map(|f| Input::new(*f, fixture(&format!("paths/{case}/{f}"))))
        .collect()
}

fn validation(s: &State) -> &certlens_core::PathValidation {
    s.report.chains[0]
        .validation
        .as_ref()
        .expect("a validated chain")
}

#[test]
fn trusting_the_offered_root_makes_the_chain_work_and_clear_forgets_it() {
    use certlens_core::{AnchorSource, Outcome, Overall, PathRule};
    let files = path_case("good-rsa", &["leaf.pem", "int.pem", "root.pem"]);
    let s = apply(start(), Action::AddFiles(files));
    let v = validation(&s);
    // A root merely given beside the chain is offered, never assumed.
    assert_eq!(v.overall, Overall::Fails);
    let root = v.offered_anchor.expect("the root is offered");
    assert_eq!(
        s.report.certificates[root].common_name.as_deref(),
        Some("Paths Root")
    );
    assert!(
        v.clients
            .iter()
            .all(|c| c.outcome == Outcome::Reject && c.rule == Some(PathRule::RootNotTrusted)),
        "{:?}",
        v.clients
    );

    let declared = TrustedRoot::of(&s.report.certificates[root], false).unwrap();
    assert_eq!(declared.name, "Paths Root");
    assert_eq!(declared.fingerprint_sha256.len(), 64);
    let before = s.generation;
    let s = apply(s, Action::Trust(declared.clone()));
    // Reanalysed in the worker with the root as a declared anchor.
    assert_eq!(s.generation, before + 1);
    assert_eq!(s.job().trust_anchors, vec![declared.der.clone()]);
    let v = validation(&s);
    assert_eq!(v.overall, Overall::Works, "{:?}", v.clients);
    assert!(v.clients.iter().all(|c| c.outcome == Outcome::Accept));
    assert_eq!(v.offered_anchor, None);
    let anchor = v.anchor.as_ref().unwrap();
    assert_eq!(
        (anchor.source, anchor.name.as_str()),
        (AnchorSource::Declared, "Paths Root")
    );
    let (overall, rows) = crate::components::verdict_words(&s.report, v);
    assert_eq!(overall, "Works for OpenSSL, Java, Go and browsers");
    assert_eq!(rows.len(), 4);

    // Declaring it twice changes nothing (no second analysis).
    let again = apply(s.clone(), Action::Trust(declared.clone()));
    assert!(Rc::ptr_eq(&again, &s));
    // Removing an input keeps the declaration; "Stop trusting" drops it.
    let s = apply(s, Action::Untrust(declared.fingerprint_sha256.clone()));
    assert!(s.trusted.is_empty());
    assert_eq!(validation(&s).overall, Overall::Fails);
    let same = apply(s.clone(), Action::Untrust("00".repeat(32)));
    assert!(Rc::ptr_eq(&same, &s));
    let s = apply(s, Action::Trust(declared));
    assert_eq!(s.trusted.len(), 1);
    // Clearing the pool forgets the declared roots too.
    let s = apply(s, Action::Clear);
    assert!(s.trusted.is_empty() && s.job().trust_anchors.is_empty());
}

#[test]
fn per_client_verdicts_agree_with_the_real_clients_once_the_root_is_trusted() {
    use certlens_core::{Client, Outcome, Overall};
    let case = "intermediate-eku-no-serverauth";
    let expected: serde_json::Value =
        serde_json::from_slice(&fixture("paths/expected.json")).unwrap();
    let verdicts = &expected["cases"][case]["verdicts"];
    let accepts = |k: &str| verdicts[k]["accept"].as_bool().unwrap();
    let files = path_case(
        case,
        &["leaf-int-eku-client.pem", "int-eku-client.pem", "root.pem"],
    );
    let s = apply(start(), Action::AddFiles(files));
    let root = validation(&s).offered_anchor.unwrap();
    let declared = TrustedRoot::of(&s.report.certificates[root], false).unwrap();
    let s = apply(s, Action::Trust(declared));
    let v = validation(&s);
    let got: Vec<(Client, bool)> = v
        .clients
        .iter()
        .map(|c| (c.client, c.outcome == Outcome::Accept))
        .collect();
    assert_eq!(
        got,
        vec![
            (Client::OpenSsl, accepts("openssl")),
            (Client::Java, accepts("java")),
            (Client::Go, accepts("go")),
            (Client::Browser, accepts("pyca") && accepts("webpki")),
        ]
    );
    // The corpus says: only Java accepts an intermediate whose EKU excludes serverAuth.
    assert_eq!(got.iter().filter(|(_, a)| *a).count(), 1);
    assert_eq!(v.overall, Overall::Fails);
    let (overall, _) = crate::components::verdict_words(&s.report, v);
    assert_eq!(overall, "Fails: OpenSSL, Go and browsers reject it");
}

#[test]
fn a_private_ca_made_here_is_trusted_because_the_user_made_it() {
    use crate::make_job::{run, MakeRequest};
    use certlens_core::make::KeyAlgorithm;
    use certlens_core::{AnchorSource, Overall};
    let req = MakeRequest::Internal {
        release: "lightrun".into(),
        namespace: "lr".into(),
        cluster_domain: String::new(),
        main_hosts: vec!["lightrun.example.com".into()],
        key: KeyAlgorithm::EcdsaP256,
        name_constraints: true,
    };
    let view = run(
        &req,
        &certlens_core::make::Seed([7; 32]),
        NOW,
        &mut |_, _| {},
    )
    .unwrap();
    let ca = view.trusted_ca.clone().expect("the CA's certificate");
    let inputs: Vec<Input> = view
        .pool
        .iter()
        .map(|(n, t)| Input::new(n.clone(), t.as_bytes().to_vec()))
        .collect();
    let s = apply(
        start(),
        Action::AddMade {
            inputs,
            ca: Some(ca),
        },
    );
    assert_eq!(s.trusted.len(), 1);
    assert!(s.trusted[0].made);
    assert_eq!(s.trusted[0].name, "lightrun internal CA (lr)");
    assert_eq!(s.job().trust_anchors.len(), 1);
    // Every service chain ends at the declared CA (the name-constrained internal CA).
    for ch in &s.report.chains {
        let v = ch.validation.as_ref().unwrap();
        assert_eq!(
            v.anchor.as_ref().map(|a| a.source),
            Some(AnchorSource::Declared),
            "{:?}",
            v.clients
        );
        assert_eq!(v.offered_anchor, None);
        assert_eq!(v.overall, Overall::Works, "{:?}", v.clients);
    }
    // Made files without a CA (a CSR, a self-signed certificate) declare nothing.
    let s = apply(
        start(),
        Action::AddMade {
            inputs: vec![],
            ca: None,
        },
    );
    assert!(s.trusted.is_empty());
}

#[test]
fn declared_roots_travel_in_the_job_json() {
    let files = path_case("good-rsa", &["leaf.pem", "int.pem", "root.pem"]);
    let s = apply(start(), Action::AddFiles(files));
    let root = validation(&s).offered_anchor.unwrap();
    let declared = TrustedRoot::of(&s.report.certificates[root], false).unwrap();
    let s = apply(s, Action::Trust(declared));
    let job = s.job();
    let back: Job = serde_json::from_str(&serde_json::to_string(&job).unwrap()).unwrap();
    assert_eq!(back.trust_anchors, job.trust_anchors);
    assert_eq!(back.options().trust_anchors, vec![s.trusted[0].der.clone()]);
    // The debug form names the root, not its bytes.
    assert_eq!(
        format!("{:?}", Action::Trust(s.trusted[0].clone())),
        "Trust(\"Paths Root\")"
    );
}

#[test]
fn a_hop_of_the_doctor_map_opens_its_rows_and_closes_again() {
    let s = start();
    // No checklist yet: a hop id changes nothing.
    let s = apply(s, Action::Hop("agents".into()));
    assert_eq!(s.hop, None);
    // The fixture whose tls.crt begins with the intermediate (doctor/server.sh): the agents'
    // hop is an error, and its rows are the served pin's and the key's.
    let s = apply(
        s,
        Action::AddFiles(vec![Input::new(
            "values.yaml",
            fixture("doctor/server/values-pin-ca-first.yaml"),
        )]),
    );
    let d = s.doctor.clone().expect("a checklist");
    let agents = d.hops.iter().find(|h| h.id == "agents").unwrap();
    assert_eq!(agents.level, certlens_core::VerdictLevel::Error);
    let s = apply(s, Action::Hop("agents".into()));
    assert_eq!(s.hop.as_deref(), Some("agents"));
    let rows = open_rows(&s);
    let settings: Vec<&str> = rows.iter().map(|&i| d.verdicts[i].setting.as_str()).collect();
    assert_eq!(
        settings,
        [
            "certificate.tls.key",
            "certificate.tls.crt (served pin)",
            "secrets.defaults.keystore_password"
        ]
    );
    // Another hop replaces it; an unknown id is ignored; the same hop again closes it.
    let s = apply(s, Action::Hop("browsers".into()));
    assert_eq!(s.hop.as_deref(), Some("browsers"));
    let s = apply(s, Action::Hop("nowhere".into()));
    assert_eq!(s.hop.as_deref(), Some("browsers"));
    let s = apply(s, Action::Hop("browsers".into()));
    assert_eq!(s.hop, None);
    assert!(open_rows(&s).is_empty());
}

#[test]
fn what_the_user_adds_is_revealed_once_shown_and_rechecks_never_are() {
    let added = Action::AddFiles(vec![Input::new(
        "chain.pem",
        fixture("inputs/chain-shuffled.pem"),
    )]);
    // Before the worker answers, nothing is revealed: the report on screen is the old one.
    let pending = start().reduce(added.clone());
    assert_eq!(pending.reveal, Some(pending.generation));
    assert_eq!(pending.to_reveal(), None, "the worker has not answered yet");
    let s = apply(start(), added);
    assert_eq!(s.report.certificates.len(), 3);
    assert_eq!(s.to_reveal(), Some(s.generation));
    // Revealed once: a name or a password typed afterwards (a re-check, or a new generation)
    // never yanks the page away; a stale generation's "revealed" changes nothing.
    assert_eq!(apply(s.clone(), Action::Revealed(s.generation - 1)).to_reveal(), Some(s.generation));
    let g = s.generation;
    let s = apply(s, Action::Revealed(g));
    assert_eq!(s.to_reveal(), None);
    assert_eq!(s.report.certificates.len(), 3, "revealing keeps the report");
    let typed = apply(s.clone(), Action::Password("x".into()));
    assert!(typed.generation > s.generation);
    assert_eq!(typed.to_reveal(), None);
    let named = apply(
        s.clone(),
        Action::Names(NameQuery {
            names: "example.com".into(),
            ..NameQuery::default()
        }),
    );
    assert_eq!(named.to_reveal(), None);
    // A paste and the example are added by the user too; removing an input is not.
    let pasted = apply(
        s.clone(),
        Action::Paste(String::from_utf8(fixture("keys/rsa-leaf.pkcs1.pem")).unwrap()),
    );
    assert_eq!(pasted.to_reveal(), Some(pasted.generation));
    let example = apply(start(), Action::LoadExample);
    assert_eq!(example.to_reveal(), Some(example.generation));
    let removed = apply(pasted, Action::Remove(1));
    assert_eq!(removed.inputs.len(), 1);
    assert_eq!(removed.to_reveal(), None);
    // An empty pool has nothing to reveal.
    assert_eq!(apply(example, Action::Clear).to_reveal(), None);
}

/// The broken deployment's fix buttons: an action the checklist offers opens its panel for the
/// deployment's release and namespace (which the outputs then use); one it does not offer
/// changes nothing; pressing again asks again.
#[test]
fn a_fix_button_hands_its_action_to_the_panel_with_the_release_and_namespace() {
    let s = start();
    let rabbitmq = certlens_core::FixAction::MakeInternalTls {
        release: "lightrun".into(),
        namespace: "lr-prod".into(),
        services: vec!["rabbitmq".into()],
        main_host: Some("lightrun.doctor.test".into()),
    };
    // No checklist: nothing to fix.
    let s = apply(s, Action::Fix(rabbitmq.clone()));
    assert_eq!(s.fix, None);
    let s = apply(
        s,
        Action::AddFiles(vec![
            Input::new("values.yaml", fixture("doctor/values.yaml")),
            Input::new("secrets.yaml", fixture("doctor/secrets.yaml")),
        ]),
    );
    let d = s.doctor.clone().expect("a checklist");
    // The Secrets' namespace, lr-prod, is the checklist's: its actions carry it.
    assert_eq!(d.namespace, "lr-prod");
    assert_eq!(d.summary.line(), "11 errors · 1 warning · 7 ok · 1 not checked");
    let offered: Vec<&certlens_core::FixAction> = d
        .verdicts
        .iter()
        .flat_map(|v| &v.problems)
        .filter_map(|p| p.action.as_ref())
        .collect();
    assert!(offered.contains(&&rabbitmq), "{offered:?}");
    assert_eq!(s.chosen, None);
    let s = apply(s, Action::Fix(rabbitmq.clone()));
    let f = s.fix.clone().expect("the fix asked for");
    assert_eq!((f.id, &f.action), (1, &rabbitmq));
    let lr_prod = Deployment {
        release: "lightrun".into(),
        namespace: "lr-prod".into(),
    };
    assert_eq!(s.chosen.as_ref(), Some(&lr_prod));
    assert_eq!(s.deployment, lr_prod);
    // An action of another deployment (not in this checklist) is refused.
    let forged = certlens_core::FixAction::MakeCustomCa {
        release: "other".into(),
        namespace: "elsewhere".into(),
    };
    let s = apply(s, Action::Fix(forged));
    assert_eq!(s.fix.as_ref().map(|f| f.id), Some(1));
    // The same button again: a new request.
    let s = apply(s, Action::Fix(rabbitmq));
    assert_eq!(s.fix.as_ref().map(|f| f.id), Some(2));
    let s = apply(s, Action::Clear);
    assert_eq!(s.fix, None);
}
