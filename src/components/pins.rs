use certlens_core::Report;
use certlens_core::{PinCheck as Verdict, RotationState};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::state::Shared;

#[derive(Properties, PartialEq)]
pub struct PinsProps {
    pub report: Shared<Report>,
    pub pins: AttrValue,
    pub on_change: Callback<String>,
}

/// Check a pasted `security_pinned_hashes` list against everything loaded.
#[component]
pub fn PinCheck(props: &PinsProps) -> Html {
    let oninput = {
        let cb = props.on_change.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(t) = e.target_dyn_into::<HtmlTextAreaElement>() {
                cb.emit(t.value());
            }
        })
    };
    let r = &props.report;
    let from_values = props.pins.trim().is_empty() && r.pin_check.is_some();
    let verdict = r
        .pin_check
        .as_ref()
        .map(|pc| headline(r, pc))
        .unwrap_or_default();
    html! {
        <section id="pins" class="pins" aria-labelledby="pins-heading">
            <h2 id="pins-heading">{ "Pin check" }</h2>
            <p class="hint">{ "Paste certificate.security_pinned_hashes (YAML list, comma-separated, any case). Each pin is the SHA-256 of a SubjectPublicKeyInfo." }</p>
            <label for="pins-box" class="field-label">{ "Expected pins" }</label>
            <textarea id="pins-box" rows="3" spellcheck="false" value={props.pins.clone()} {oninput} placeholder="- 31b95a20…" />
            if from_values {
                <p class="hint">{ "Checking the pins found in the loaded values.yaml." }</p>
            }
            if let Some(pc) = &r.pin_check {
                <div class="pin-result">
                    <p class={classes!("rotation", if verdict.0 { "ok" } else { "warning" })}>{ verdict.1 }</p>
                    <ul class="pin-entries">
                        for (i, e) in pc.entries.iter().enumerate() {
                            <li class={classes!("pin-entry", if e.error.is_some() { "error" } else if pc.unmatched_entries.contains(&i) { "warning" } else { "ok" })}>
                                <code class="mono wrap">{ e.normalized.clone().unwrap_or_else(|| e.raw.clone()) }</code>
                                { " — " }
                                { entry_status(r, pc, i) }
                            </li>
                        }
                    </ul>
                    <ul class="pin-messages">
                        // An invalid entry's reason is already shown next to it.
                        for m in pc.messages.iter().filter(|m| !repeats_entry_error(pc, m)) { <li>{ m.clone() }</li> }
                    </ul>
                </div>
            }
        </section>
    }
}

/// The one-line verdict over the list, most serious first, and whether it is good news.
/// Green only when every entry is a valid pin and the leaf's key is among them.
fn headline(r: &Report, pc: &Verdict) -> (bool, String) {
    let invalid = pc.entries.iter().filter(|e| e.error.is_some()).count();
    // A certificate that is not a CA is a server's (leaf) certificate.
    let leaf_loaded = r.certificates.iter().any(|c| !c.is_ca);
    if invalid > 0 {
        let (n, verb) = if invalid == 1 {
            ("1 entry is".to_string(), "fix it")
        } else {
            (format!("{invalid} entries are"), "fix them")
        };
        return (
            false,
            format!("{n} not a valid pin (marked below): {verb} before deploying the list."),
        );
    }
    // A pinned CA lets through every certificate it issues: worth saying wherever it happens.
    let ca_pinned = pc
        .entries
        .iter()
        .filter_map(|e| e.normalized.as_deref())
        .any(|pin| {
            r.certificates
                .iter()
                .any(|c| c.is_ca && c.spki_sha256.eq_ignore_ascii_case(pin))
        });
    match pc.rotation {
        RotationState::Empty => return (false, "No valid pin in the list.".into()),
        _ if leaf_loaded && !pc.leaf_pinned && ca_pinned => return (
            false,
            "The leaf is not pinned, a CA is: every certificate that CA issues passes the pin check."
                .into(),
        ),
        _ if leaf_loaded && !pc.leaf_pinned => return (
            false,
            "No pin matches the leaf certificate or its CAs: clients that pin will refuse this server."
                .into(),
        ),
        _ => {}
    }
    let ok = pc.leaf_pinned;
    let text = match pc.rotation {
        RotationState::SinglePin => return (false, "One pin only: no overlap for a key rotation.".into()),
        RotationState::OldAndNew if ok && ca_pinned => return (
            false,
            "Two pins: the leaf's key and a CA's key. Every certificate that CA issues passes the pin check; for a rotation, pin the next key instead."
                .into(),
        ),
        RotationState::OldAndNew if ok => "Two pins: the leaf's key and one other (the old or the next key), side by side for a rotation.",
        RotationState::OldAndNew => "Two pins, side by side for a rotation; load the leaf certificate to check them against it.",
        _ if ok && ca_pinned => return (
            false,
            "Several pins, the leaf's key and a CA's among them: every certificate that CA issues passes the pin check."
                .into(),
        ),
        _ if ok => "Several pins, the leaf's key among them.",
        _ => "Several pins; load the leaf certificate to check them against it.",
    };
    (ok, text.into())
}

/// Whether summary line `m` only repeats an invalid entry's reason ("pin 3 (nothex): ...").
fn repeats_entry_error(pc: &Verdict, m: &str) -> bool {
    pc.entries.iter().enumerate().any(|(i, e)| {
        e.error
            .as_deref()
            .is_some_and(|err| m.starts_with(&format!("pin {} (", i + 1)) && m.ends_with(err))
    })
}

/// What an entry matches, by name: "certificate #2 (example.test), private key #0".
fn entry_status(r: &Report, pc: &Verdict, i: usize) -> String {
    let Some(e) = pc.entries.get(i) else {
        return String::new();
    };
    if let Some(err) = &e.error {
        return err.clone();
    }
    let Some(pin) = &e.normalized else {
        return String::new();
    };
    let same = |p: &str| p.eq_ignore_ascii_case(pin);
    let mut what: Vec<String> = Vec::new();
    // Copies of a certificate are one match listing every number: "#2, #4 (example.test)".
    let mut groups: Vec<([u8; 32], Vec<usize>, &certlens_core::Certificate)> = Vec::new();
    for c in r.certificates.iter().filter(|c| same(&c.spki_sha256)) {
        match groups.iter_mut().find(|g| g.0 == c.raw.fingerprint) {
            Some(g) => g.1.push(c.index),
            None => groups.push((c.raw.fingerprint, vec![c.index], c)),
        }
    }
    for (_, indices, c) in &groups {
        let name = c.common_name.clone().unwrap_or_else(|| c.subject.clone());
        let role = if c.is_ca {
            "CA certificate"
        } else {
            "leaf certificate"
        };
        let numbers: Vec<String> = indices.iter().map(|i| format!("#{i}")).collect();
        what.push(format!("{role} {} ({name})", numbers.join(", ")));
    }
    for k in r
        .private_keys
        .iter()
        .filter(|k| k.spki_sha256.as_deref().is_some_and(same))
    {
        what.push(format!("private key #{}", k.index));
    }
    for k in r.public_keys.iter().filter(|k| same(&k.spki_sha256)) {
        what.push(format!("public key #{}", k.index));
    }
    if what.is_empty() {
        "matches nothing loaded here (the old or the next key?)".into()
    } else {
        format!("matches {}", what.join(", "))
    }
}
