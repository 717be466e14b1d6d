//! The app in a real browser (wasm-bindgen-test in headless Chromium): mount it, hand it files
//! the way a drop does, and read what the DOM shows.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{DataTransfer, DragEvent, DragEventInit, Element, File, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

// A real chain made by tests/fixtures/generate.sh with openssl.
const CHAIN: &str = include_str!("fixtures/inputs/chain-correct.pem");
const TRUNCATED: &str = include_str!("fixtures/inputs/bad/truncated.pem");

async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    JsFuture::from(p).await.unwrap();
}

fn mount() -> Element {
    let doc = web_sys::window().unwrap().document().unwrap();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<certlens_web::App>::with_root(root.clone()).render();
    root
}

fn file(name: &str, text: &str) -> File {
    let parts = js_sys::Array::of1(&text.into());
    File::new_with_str_sequence(&parts, name).unwrap()
}

fn drop_files(root: &Element, files: &[File]) {
    let dt = DataTransfer::new().unwrap();
    for f in files {
        dt.items().add_with_file(f).unwrap();
    }
    let init = DragEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_data_transfer(Some(&dt));
    let ev = DragEvent::new_with_event_init_dict("drop", &init).unwrap();
    // Drop on an inner element: the whole page is the drop target.
    let target = root.query_selector("h1").unwrap().unwrap();
    target.dispatch_event(&ev).unwrap();
}

async fn wait_for(root: &Element, selector: &str, count: u32) -> Vec<String> {
    for _ in 0..100 {
        let list = root.query_selector_all(selector).unwrap();
        if list.length() >= count {
            return (0..list.length())
                .map(|i| {
                    list.item(i)
                        .unwrap()
                        .dyn_into::<HtmlElement>()
                        .unwrap()
                        .inner_text()
                })
                .collect();
        }
        sleep(20).await;
    }
    panic!(
        "{selector} never reached {count} element(s); page text: {}",
        root.text_content().unwrap_or_default()
    );
}

#[wasm_bindgen_test]
async fn dropped_chain_lists_three_certificate_blocks() {
    let root = mount();
    sleep(10).await;
    drop_files(&root, &[file("chain.pem", CHAIN)]);
    let blocks = wait_for(&root, "li.file[data-file='chain.pem'] li.block", 3).await;
    assert_eq!(blocks.len(), 3);
    for (i, b) in blocks.iter().enumerate() {
        assert!(b.contains(&format!("block {}", i + 1)), "{b}");
        assert!(b.contains("CERTIFICATE"), "{b}");
    }
    let head = wait_for(&root, "li.file[data-file='chain.pem'] .file-head", 1).await;
    assert!(head[0].contains("3 blocks"), "{}", head[0]);
    root.remove();
}

#[wasm_bindgen_test]
async fn truncated_file_shows_an_error_naming_the_block_and_keeps_the_good_file() {
    let root = mount();
    sleep(10).await;
    drop_files(
        &root,
        &[file("good.pem", CHAIN), file("cut.pem", TRUNCATED)],
    );
    let errors = wait_for(&root, "li.file[data-file='cut.pem'] li.error", 1).await;
    assert!(errors[0].starts_with("cut.pem, block 1"), "{}", errors[0]);
    assert!(errors[0].contains("missing END line"), "{}", errors[0]);
    let good = wait_for(&root, "li.file[data-file='good.pem'] li.block", 3).await;
    assert_eq!(good.len(), 3);
    root.remove();
}

// ---- Components on their own, with reports made by the core from openssl fixtures ----------

use certlens_web::components::{ChainView, Findings, PasswordPrompt};
use certlens_web::state::Shared;
use std::cell::RefCell;
use std::rc::Rc;

const SHUFFLED: &str = include_str!("fixtures/inputs/chain-shuffled.pem");
const ENCRYPTED_KEY: &str = include_str!("fixtures/keys/rsa-leaf.pkcs8-enc.pem");
// 2026-07-01T00:00:00Z, the fixtures' reference time.
const NOW: i64 = 1_782_864_000;
const SECRET_TLS: &str = include_str!("fixtures/inputs/secret-tls.yaml");
const CHAIN_DUP: &str = include_str!("fixtures/inputs/chain-dup.pem");

fn report(files: &[(&str, &str)]) -> Shared<certlens_core::Report> {
    let inputs: Vec<_> = files
        .iter()
        .map(|(n, t)| certlens_core::Input::new(*n, *t))
        .collect();
    Shared(Rc::new(certlens_core::inspect(
        &inputs,
        &certlens_core::Options::at(NOW),
    )))
}

fn root() -> Element {
    let doc = web_sys::window().unwrap().document().unwrap();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    root
}

/// The root in tls.crt and in ca.crt of one Secret is a note; a certificate twice in one
/// file is a warning.
#[wasm_bindgen_test]
async fn chain_view_tells_copies_in_one_place_from_one_certificate_in_two() {
    for (file, text, warning) in [
        ("secret.yaml", SECRET_TLS, false),
        ("dup.pem", CHAIN_DUP, true),
    ] {
        let el = root();
        yew::Renderer::<ChainView>::with_root_and_props(
            el.clone(),
            certlens_web::components::ChainProps {
                report: report(&[(file, text)]),
                on_trust: Default::default(),
            },
        )
        .render();
        wait_for(&el, ".chain-card", 1).await;
        let notes: Vec<String> = el
            .query_selector_all(".chains > p.note")
            .map(|l| {
                (0..l.length())
                    .filter_map(|i| l.item(i).and_then(|n| n.text_content()))
                    .collect()
            })
            .unwrap_or_default();
        let dup = notes.iter().any(|n| n.starts_with("Duplicates: "));
        let elsewhere = notes
            .iter()
            .any(|n| n.starts_with("Loaded from more than one place"));
        assert_eq!((dup, elsewhere), (warning, !warning), "{file}: {notes:?}");
        el.remove();
    }
}

#[wasm_bindgen_test]
async fn chain_view_orders_cards_leaf_first_and_says_misordered() {
    let r = report(&[("chain.pem", SHUFFLED)]);
    let el = root();
    yew::Renderer::<ChainView>::with_root_and_props(
        el.clone(),
        certlens_web::components::ChainProps {
            report: r,
            on_trust: Default::default(),
        },
    )
    .render();
    let names = wait_for(&el, ".chain-card .card-name", 3).await;
    assert_eq!(
        names,
        vec![
            "example.test",
            "certlens Test RSA Intermediate CA",
            "certlens Test RSA Root CA"
        ]
    );
    let notes = wait_for(&el, ".chain-notes .note.error", 1).await;
    assert!(notes[0].starts_with("Misordered"), "{}", notes[0]);
    let links = wait_for(&el, ".chain-link.ok", 2).await;
    assert!(links.iter().all(|l| l.contains("signature valid")));
    el.remove();
}

#[wasm_bindgen_test]
async fn findings_list_errors_with_their_fix() {
    let r = report(&[("chain.pem", SHUFFLED)]);
    let el = root();
    yew::Renderer::<Findings>::with_root_and_props(
        el.clone(),
        certlens_web::components::FindingsProps {
            report: r,
            checklist: None,
        },
    )
    .render();
    let items = wait_for(&el, "li.finding.error", 1).await;
    assert!(
        items[0].contains("wrong order") && items[0].contains("Fix:"),
        "{}",
        items[0]
    );
    el.remove();
}

#[wasm_bindgen_test]
async fn password_prompt_appears_for_an_encrypted_key_and_hands_over_the_password() {
    let r = report(&[("key.pem", ENCRYPTED_KEY)]);
    let got: Rc<RefCell<Vec<String>>> = Rc::default();
    let sink = got.clone();
    let el = root();
    yew::Renderer::<PasswordPrompt>::with_root_and_props(
        el.clone(),
        certlens_web::components::PasswordProps {
            report: r,
            has_password: false,
            on_password: yew::Callback::from(move |p: String| sink.borrow_mut().push(p)),
        },
    )
    .render();
    let items = wait_for(&el, "#password li", 1).await;
    assert!(
        items[0].starts_with("key.pem, block 1 (ENCRYPTED PRIVATE KEY)"),
        "{}",
        items[0]
    );
    let input: web_sys::HtmlInputElement = el
        .query_selector("#password-input")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    input.set_value("correct horse");
    let form: web_sys::HtmlFormElement = el
        .query_selector("form")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    form.request_submit().unwrap();
    for _ in 0..50 {
        if !got.borrow().is_empty() {
            break;
        }
        sleep(20).await;
    }
    assert_eq!(*got.borrow(), vec!["correct horse".to_string()]);
    assert_eq!(input.value(), "", "the field is cleared after use");
    el.remove();
}

#[wasm_bindgen_test]
async fn work_status_shows_progress_and_errors() {
    use certlens_core::{Progress, Stage};
    use certlens_web::components::{WorkStatus, WorkStatusProps};
    use certlens_web::job::Job;
    use certlens_web::state::Work;
    let job = Job {
        generation: 3,
        now: NOW,
        password: None,
        names: vec![],
        warn_days: 30,
        expected_pins: None,
        release: String::new(),
        namespace: String::new(),
        trust_anchors: vec![],
    };
    let work = Work {
        job,
        progress: Some(Progress {
            stage: Stage::Describing,
            done: 2048,
            total: 14400,
        }),
        shown: false,
    };
    let el = root();
    yew::Renderer::<WorkStatus>::with_root_and_props(
        el.clone(),
        WorkStatusProps {
            work: Some(work),
            error: None,
            inputs: 1,
        },
    )
    .render();
    let label = wait_for(&el, ".work-status label", 1).await;
    assert_eq!(label, vec!["Describing blocks: 2,048 of 14,400"]);
    let bar = el.query_selector("progress").unwrap().unwrap();
    assert_eq!(bar.get_attribute("value").as_deref(), Some("0.142"));
    el.remove();

    let el = root();
    yew::Renderer::<WorkStatus>::with_root_and_props(
        el.clone(),
        WorkStatusProps {
            work: None,
            error: Some("RuntimeError: unreachable".into()),
            inputs: 1,
        },
    )
    .render();
    let alert = wait_for(&el, "[role=alert]", 1).await;
    assert!(
        alert[0].starts_with("The analysis stopped: RuntimeError: unreachable."),
        "{}",
        alert[0]
    );
    el.remove();
}

/// The worker's end of a transferred buffer (the password, an input): the bytes are copied into
/// WebAssembly memory and the JavaScript copy is overwritten with zeros.
#[wasm_bindgen_test]
fn the_worker_wipes_the_buffers_it_receives() {
    let secret = b"correct horse battery staple";
    let js = js_sys::Uint8Array::from(&secret[..]);
    let got = certlens_web::browser::worker::take_bytes(js.clone().into());
    assert_eq!(got.as_slice(), &secret[..]);
    assert_eq!(js.length() as usize, secret.len());
    assert!(
        js.to_vec().iter().all(|b| *b == 0),
        "the JavaScript copy is wiped"
    );
    let password = certlens_web::job::Password::from_utf8(&got).unwrap();
    assert_eq!(password.as_str(), "correct horse battery staple");
    assert!(!format!("{password:?}").contains("horse"));
    // Anything but a byte array gives nothing.
    assert!(certlens_web::browser::worker::take_bytes(wasm_bindgen::JsValue::UNDEFINED).is_empty());
}
