//! Bringing a result where the eye is: scrolled to the top of the window, its heading focused,
//! so a keyboard or screen-reader user lands on it too (on a phone the result sits above the
//! form that made it; on a wide screen the form's column may have been scrolled away).

use wasm_bindgen::JsCast;

/// Reveals the first element `selector` finds (a result section): scrolls it to the top and
/// focuses its first heading (made focusable by script only: `tabindex=-1` keeps it out of the
/// Tab order). Whether something was found.
pub fn reveal(selector: &str) -> bool {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    let Ok(Some(el)) = doc.query_selector(selector) else {
        return false;
    };
    el.scroll_into_view_with_bool(true);
    let heading = el
        .query_selector("h2")
        .ok()
        .flatten()
        .unwrap_or_else(|| el.clone());
    if !heading.has_attribute("tabindex") {
        let _ = heading.set_attribute("tabindex", "-1");
    }
    if let Some(h) = heading.dyn_ref::<web_sys::HtmlElement>() {
        // Already in view: the focus does not scroll again.
        let _ = h.focus();
    }
    true
}
