//! wirestream's dedup hot path in compiled code.
//!
//! The Python modules `stream.core.dedup.fingerprint`, `index`, `profile` and `events`
//! are the reference; this module computes the same values (tested equal on the
//! evaluation set and on generated text) without CPython's per-token work.

use pyo3::prelude::*;

mod bands;
mod decide;
mod events;
mod fingerprint;
mod hint;
mod mix;
mod names;
mod profile;
mod record;
mod scan;
mod sort;

#[pymodule]
fn wirestream_native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<fingerprint::Fingerprinter>()?;
    m.add_class::<bands::BandIndex>()?;
    m.add_class::<profile::ProfileText>()?;
    m.add_class::<events::EventCore>()?;
    m.add_class::<decide::FastPath>()?;
    m.add_function(wrap_pyfunction!(record::pack_u32, m)?)?;
    m.add_function(wrap_pyfunction!(record::near_check, m)?)?;
    Ok(())
}
