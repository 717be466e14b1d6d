fn main() {
    // The same module runs in the page's worker, where there is nothing to render.
    if web_sys::window().is_some() {
        yew::Renderer::<certlens_web::App>::new().render();
    }
}
