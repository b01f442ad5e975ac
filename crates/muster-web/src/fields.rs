//! A posted HTML form as name → values. Browsers send a field once per input,
//! and repeat names for rows (team members, lessons, preventive actions), so
//! this keeps every value in order rather than the last one.

use axum::body::Bytes;
use muster_app::AppError;
use std::str::FromStr;

#[derive(Debug, Default)]
pub struct Fields(Vec<(String, String)>);

impl Fields {
    pub fn parse(body: &Bytes) -> Fields {
        Fields(
            form_urlencoded::parse(body)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// The first value of `name`, trimmed; empty counts as absent.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// Every value of `name`, in the order the form sent them (empty ones too,
    /// so that parallel rows stay aligned).
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .collect()
    }

    pub fn text(&self, name: &str) -> Result<String, AppError> {
        self.get(name)
            .map(str::to_owned)
            .ok_or_else(|| AppError::invalid(name, format!("fill in `{}`", label(name))))
    }

    pub fn opt(&self, name: &str) -> Option<String> {
        self.get(name).map(str::to_owned)
    }

    /// A field holding one of the product's words (role, phase, status…).
    pub fn word<T: FromStr<Err = String>>(&self, name: &str) -> Result<T, AppError> {
        let raw = self.text(name)?;
        raw.parse::<T>()
            .map_err(|e| AppError::invalid(name, format!("`{}`: {e}", label(name))))
    }

    pub fn opt_word<T: FromStr<Err = String>>(&self, name: &str) -> Result<Option<T>, AppError> {
        match self.get(name) {
            None => Ok(None),
            Some(_) => self.word(name).map(Some),
        }
    }

    /// A checkbox: present (any value but "false") means yes.
    pub fn checked(&self, name: &str) -> bool {
        self.all(name).iter().any(|v| *v != "false" && *v != "no")
    }

    pub fn number(&self, name: &str) -> Result<u64, AppError> {
        let raw = self.text(name)?;
        raw.parse::<u64>().map_err(|_| {
            AppError::invalid(name, format!("`{}` must be a whole number", label(name)))
        })
    }
}

/// Field names as a person reads them.
pub fn label(name: &str) -> String {
    name.replace('_', " ")
}
