//! `ProfileText`'s Python surface (`#[pymethods]`): the constructor and the calls the
//! Python stage makes, around the text work in the parent module.

use super::*;

impl ProfileText {
    /// `build` kept in Rust: `(profile, df_ids)`, or None when Python must do it.
    /// `limits`: `(vec_terms, name_terms, max_df_terms)`; `known`: the crcs of the
    /// fingerprint's tokens of `text`, if any; `s`: buffers.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn vectors(
        &self,
        py: Python<'_>,
        headline: Option<&str>,
        text: &str,
        salient: &[u32],
        table: &[i32],
        docs: i64,
        limits: (usize, usize, usize),
        known: Option<Known<'_>>,
        s: &mut Scratch,
    ) -> PyResult<Option<(Vec<u32>, Vec<u32>)>> {
        let Some(t) = self.tokens(headline, text, salient, table, known, s) else {
            return Ok(None);
        };
        let built = self.weighted(py, &t, table, docs, limits, s);
        (s.ids, s.counts) = (t.ids, t.counts);
        built
    }

    /// `vectors` after the tokens.
    fn weighted(
        &self,
        py: Python<'_>,
        t: &Tokens,
        table: &[i32],
        docs: i64,
        limits: (usize, usize, usize),
        s: &mut Scratch,
    ) -> PyResult<Option<(Vec<u32>, Vec<u32>)>> {
        let n = t.ids.len();
        // `1 + log(tf)` and `log((N + 1) / (df + 1)) + 1`: one numpy `log` over both.
        let mut args: Vec<f64> = Vec::with_capacity(2 * n);
        args.extend(t.counts.iter().map(|&c| f64::from(c)));
        let top = docs as f64 + 1.0;
        for &id in &t.ids {
            let df = table.get(id as usize).copied().ok_or_else(|| {
                pyo3::exceptions::PyValueError::new_err("term id outside the DF table")
            })?;
            args.push(top / (f64::from(df) + 1.0));
        }
        let logs = self.log.bind(py).call1((args.into_pyarray(py),))?;
        let logs: PyReadonlyArray1<'_, f64> = logs.extract()?;
        let logs = logs.as_slice()?;
        let weights = &mut s.weights;
        weights.clear();
        weights.extend((0..n).map(|k| (1.0 + logs[k]) * (logs[n + k] + 1.0)));
        let (vec_terms, name_terms, max_df_terms) = limits;
        Ok(Some(finish_profile(
            &t.ids,
            weights,
            t.n_terms,
            &t.fixed,
            vec_terms,
            name_terms,
            max_df_terms,
            &mut s.order,
        )))
    }
}

#[pymethods]
impl ProfileText {
    #[new]
    #[pyo3(signature = (*, stop, max_chars, lead_terms, max_years, max_nums, max_quotes, log))]
    #[allow(clippy::too_many_arguments)]
    fn py_new(
        stop: Vec<String>,
        max_chars: usize,
        lead_terms: usize,
        max_years: usize,
        max_nums: usize,
        max_quotes: usize,
        log: Py<PyAny>,
    ) -> Self {
        Self {
            stop_shapes: shapes(stop.iter().map(String::as_bytes)),
            stop: stop.into_iter().map(|w| w.into_bytes().into()).collect(),
            log,
            max_chars,
            lead_terms,
            max_years,
            max_nums,
            max_quotes,
        }
    }

    /// `profile.build` of the article text in one call: the tokens, the document
    /// frequencies read from `counts` (`DocFreq.counts`, `docs` already at least
    /// `MIN_DOCS`), the TF-IDF weights with numpy's `log`, and the quantized profile.
    /// None when Python must do it.
    #[allow(clippy::too_many_arguments)]
    fn build<'py>(
        &self,
        py: Python<'py>,
        headline: Option<&Bound<'py, PyString>>,
        article: &Bound<'py, PyString>,
        salient: PyReadonlyArray1<'py, u32>,
        counts: PyReadonlyArray1<'py, i32>,
        docs: i64,
        vec_terms: usize,
        name_terms: usize,
        max_df_terms: usize,
    ) -> PyResult<Option<Profile<'py>>> {
        let headline = match headline {
            Some(h) => match h.to_str() {
                Ok(h) => Some(h),
                Err(_) => return Ok(None),
            },
            None => None,
        };
        let Ok(text) = article.to_str() else {
            return Ok(None);
        };
        let table = counts.as_slice()?;
        let built = self.vectors(
            py,
            headline,
            text,
            salient.as_slice()?,
            table,
            docs,
            (vec_terms, name_terms, max_df_terms),
            None,
            &mut Scratch::default(),
        )?;
        Ok(built.map(|(profile, df)| (profile.into_pyarray(py), df.into_pyarray(py))))
    }

    /// `DocFreq.add`: `counts[ids] += sign` (ids unique, as a story's `df_ids` are).
    #[staticmethod]
    fn df_add(
        mut counts: PyReadwriteArray1<'_, i32>,
        ids: PyReadonlyArray1<'_, u32>,
        sign: i32,
    ) -> PyResult<()> {
        let table = counts.as_slice_mut()?;
        let ids = ids.as_array(); // any layout (a view into a record's blob included)
        if ids.iter().any(|&i| i as usize >= table.len()) {
            return Err(pyo3::exceptions::PyValueError::new_err(
                "id outside the DF table",
            ));
        }
        for &i in ids {
            table[i as usize] += sign;
        }
        Ok(())
    }
}
