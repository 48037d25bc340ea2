//! SHA-256 in lowercase hex: the config text's fingerprint, the receipt's texts hash, the
//! receipt service's chain. A leaf: it imports nothing of the core.

#[allow(unused_imports)]
use crate::prelude::*;

use sha2::{Digest, Sha256};

/// SHA-256 of `bytes`, in lowercase hex.
#[must_use]
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// `bytes` in lowercase hex.
#[must_use]
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}
