//! Form handling shared by every screen: collecting field errors as translated messages next
//! to their fields, and small encoding helpers.

use crate::i18n::Lang;
use std::borrow::Cow;
use urp_domain::validate::FieldError;

/// The errors of one submitted form, in field order, already in the user's language.
pub struct Errors {
    lang: Lang,
    items: Vec<(Cow<'static, str>, String)>,
    /// Names for the summary of fields that have no `field-…` message key.
    labels: Vec<(String, String)>,
}

impl Errors {
    pub fn new(lang: Lang) -> Errors {
        Errors { lang, items: Vec::new(), labels: Vec::new() }
    }

    pub fn add(&mut self, field: &'static str, err: FieldError) {
        self.add_key(field, err.code());
    }

    pub fn add_key(&mut self, field: &'static str, key: &str) {
        if !self.has(field) {
            self.items.push((Cow::Borrowed(field), self.lang.t(key)));
        }
    }

    /// An error on a field whose name is built at run time (the rows of a definition, the
    /// extra fields of an intake form).
    /// `label` names the field in the summary above the form.
    pub fn add_named(&mut self, field: String, label: String, key: &str) {
        if !self.has(&field) {
            let msg = self.lang.t(key);
            self.labels.push((field.clone(), label));
            self.items.push((Cow::Owned(field), msg));
        }
    }

    /// Keeps the value when valid, records the error against `field` otherwise.
    pub fn check<T>(&mut self, field: &'static str, r: Result<T, FieldError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.add(field, e);
                None
            }
        }
    }

    pub fn has(&self, field: &str) -> bool {
        self.items.iter().any(|(f, _)| *f == field)
    }

    pub fn msg(&self, field: &str) -> Option<&str> {
        self.items.iter().find(|(f, _)| *f == field).map(|(_, m)| m.as_str())
    }

    pub fn any(&self) -> bool {
        !self.items.is_empty()
    }

    /// The summary lines above a form: "Field: message", so each line says which field it is
    /// about (WCAG 3.3.1), linked to the field.
    pub fn summary(&self) -> Vec<(String, String)> {
        self.items
            .iter()
            .map(|(field, msg)| {
                let key = format!("field-{field}");
                let named = self.labels.iter().find(|(f, _)| f == field).map(|(_, l)| l.clone());
                let line = match named {
                    Some(l) => format!("{l}: {msg}"),
                    None if self.lang.has(&key) => format!("{}: {msg}", self.lang.t(&key)),
                    None => msg.clone(),
                };
                (field.to_string(), line)
            })
            .collect()
    }
}

/// Percent-encodes a value for a query string.
pub fn encode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// A local path to return to after login or a language switch; anything else goes home, so
/// the parameter cannot send a user to another site.
pub fn safe_next(next: Option<&str>, default: &str) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/\\") && !n.contains(['\r', '\n']) => {
            n.to_string()
        }
        _ => default.to_string(),
    }
}

/// Form values as a multimap: checkboxes send the same name several times.
pub struct FormData(pub Vec<(String, String)>);

impl FormData {
    pub fn parse(bytes: &[u8]) -> FormData {
        FormData(form_urlencoded::parse(bytes).map(|(k, v)| (k.into_owned(), v.into_owned())).collect())
    }

    pub fn get(&self, name: &str) -> &str {
        self.0.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
    }

    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect()
    }

    pub fn checked(&self, name: &str) -> bool {
        !self.get(name).is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_must_be_local() {
        assert_eq!(safe_next(Some("/staff/admin"), "/staff"), "/staff/admin");
        assert_eq!(safe_next(Some("//evil.example"), "/staff"), "/staff");
        assert_eq!(safe_next(Some("https://evil.example"), "/staff"), "/staff");
        assert_eq!(safe_next(Some("/\\evil.example"), "/staff"), "/staff");
        assert_eq!(safe_next(None, "/"), "/");
    }

    #[test]
    fn form_multimap() {
        let f = FormData::parse(b"roles=admin&roles=manager&name=Maria+Rossi&active=1");
        assert_eq!(f.all("roles"), vec!["admin", "manager"]);
        assert_eq!(f.get("name"), "Maria Rossi");
        assert!(f.checked("active"));
        assert!(!f.checked("missing"));
    }

    #[test]
    fn errors_keep_first_message_per_field() {
        let mut e = Errors::new(Lang::It);
        assert_eq!(e.check("email", urp_domain::validate::email("x")), None);
        e.add("email", FieldError::Required);
        assert_eq!(e.summary().len(), 1);
        assert!(e.summary()[0].1.starts_with("E-mail: "), "the summary names the field");
        assert!(e.msg("email").is_some_and(|m| !m.is_empty()));
    }
}
