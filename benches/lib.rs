//! Benchmarks for cardseal live in `benches/*.rs` next to this file (run
//! `cargo bench -p cardseal-benches`). Peers run side by side in the same run and are
//! reported as ratios.
