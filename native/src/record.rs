//! The store record's packed arrays (`stream.core.dedup.records`): base64 of
//! little-endian `u32`s, built here in one step instead of numpy concatenation plus
//! Python's base64 module.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use numpy::{PyReadonlyArray1, PyUntypedArrayMethods};
use pyo3::prelude::*;

/// `base64(le u32 [head] + a + b)`: what `records.encode_u32(np.concatenate(([head], a,
/// b)))` writes.
#[pyfunction]
pub fn pack_u32(head: u32, a: PyReadonlyArray1<'_, u32>, b: PyReadonlyArray1<'_, u32>) -> String {
    let mut bytes: Vec<u8> = Vec::with_capacity(4 * (1 + a.len() + b.len()));
    bytes.extend_from_slice(&head.to_le_bytes());
    for v in a.as_array().iter().chain(b.as_array().iter()) {
        bytes.extend_from_slice(&v.to_le_bytes());
    }
    STANDARD.encode(bytes)
}
