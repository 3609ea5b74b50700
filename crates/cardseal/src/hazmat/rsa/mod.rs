//! RSA (in progress)
