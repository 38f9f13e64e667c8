//! Entry point of the Margin Lab web app: mounts the root component into `<body>`.

fn main() {
    yew::Renderer::<margin_lab::app::App>::new().render();
}
