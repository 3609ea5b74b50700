//! The in-crate UniFFI bindings generator (`cargo run -p cardseal-uniffi --features bindgen
//! --bin uniffi-bindgen -- generate --library <lib> --language kotlin --out-dir <dir>`).
//! Its version always matches the `uniffi` the library was built with.

fn main() {
    uniffi::uniffi_bindgen_main()
}
