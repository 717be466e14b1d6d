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
                .map(|i| list.item(i).unwrap().dyn_into::<HtmlElement>().unwrap().inner_text())
                .collect();
        }
        sleep(20).await;
    }
    panic!("{selector} never reached {count} element(s); page text: {}", root.text_content().unwrap_or_default());
}

#[wasm_bindgen_test]
async fn dropped_chain_lists_three_certificate_blocks() {
    let root = mount();
    sleep(10).await;
    drop_files(&root, &[file("chain.pem", CHAIN)]);
    let blocks = wait_for(&root, "li.file[data-file='chain.pem'] li.block", 3).await;
    assert_eq!(blocks.len(), 3);
    for (i, b) in blocks.iter().enumerate() {
        assert!(b.contains(&format!("#{}", i + 1)), "{b}");
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
    drop_files(&root, &[file("good.pem", CHAIN), file("cut.pem", TRUNCATED)]);
    let errors = wait_for(&root, "li.file[data-file='cut.pem'] li.error", 1).await;
    assert!(errors[0].starts_with("cut.pem, block 1"), "{}", errors[0]);
    assert!(errors[0].contains("missing END line"), "{}", errors[0]);
    let good = wait_for(&root, "li.file[data-file='good.pem'] li.block", 3).await;
    assert_eq!(good.len(), 3);
    root.remove();
}
