//! Vector runner for the `upay` family (ops documented in test-vectors/README.md).

use crate::common::{Args, Outputs};

/// Runs `op` if it belongs to this family; `None` otherwise.
pub fn run(op: &str, args: &Args) -> Option<cardseal::Result<Outputs>> {
    let _ = (op, args);
    None
}
