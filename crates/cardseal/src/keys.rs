//! Key formats (in progress)
