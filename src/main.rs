fn main() {
    yew::Renderer::<certlens_web::App>::new().render();
}
