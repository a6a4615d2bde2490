//! Input rules shared by every screen, command and API that accepts the same data.
//! Each failure is a code; the web layer turns codes into Italian (or English) messages.

use chrono::NaiveDate;

/// Why a field was refused. `code()` is the message-catalogue key the web layer shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum FieldError {
    #[error("required")]
    Required,
    #[error("too long")]
    TooLong,
    #[error("invalid e-mail address")]
    Email,
    #[error("invalid IPA code")]
    IpaCode,
    #[error("invalid host name")]
    HostName,
    #[error("invalid day of the year")]
    DayOfYear,
    #[error("password too short")]
    PasswordTooShort,
    #[error("password too weak")]
    PasswordWeak,
    #[error("passwords differ")]
    PasswordMismatch,
    #[error("invalid slug")]
    Slug,
    #[error("invalid phone number")]
    Phone,
    #[error("invalid web address")]
    Url,
}

impl FieldError {
    pub fn code(self) -> &'static str {
        match self {
            FieldError::Required => "err-required",
            FieldError::TooLong => "err-too-long",
            FieldError::Email => "err-email",
            FieldError::IpaCode => "err-ipa-code",
            FieldError::HostName => "err-host-name",
            FieldError::DayOfYear => "err-day-of-year",
            FieldError::PasswordTooShort => "err-password-short",
            FieldError::PasswordWeak => "err-password-weak",
            FieldError::PasswordMismatch => "err-password-mismatch",
            FieldError::Slug => "err-slug",
            FieldError::Phone => "err-phone",
            FieldError::Url => "err-url",
        }
    }
}

pub const PASSWORD_MIN_CHARS: usize = 10;

/// A required single-line text: trimmed, not empty, at most `max` characters.
pub fn required_text(value: &str, max: usize) -> Result<String, FieldError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(FieldError::Required);
    }
    optional_text(v, max).map(|o| o.unwrap_or_default())
}

/// An optional text: trimmed, `None` when empty, at most `max` characters.
pub fn optional_text(value: &str, max: usize) -> Result<Option<String>, FieldError> {
    let v = value.trim();
    if v.is_empty() {
        Ok(None)
    } else if v.chars().count() > max {
        Err(FieldError::TooLong)
    } else {
        Ok(Some(v.to_string()))
    }
}

/// E-mail addresses are compared case-insensitively everywhere, so they are stored lower-case.
/// The check is deliberately practical (what a mail server would accept), not RFC 5322 in full.
pub fn email(value: &str) -> Result<String, FieldError> {
    let v = value.trim().to_lowercase();
    if v.is_empty() {
        return Err(FieldError::Required);
    }
    if v.len() > 254 {
        return Err(FieldError::TooLong);
    }
    let Some((local, domain)) = v.rsplit_once('@') else {
        return Err(FieldError::Email);
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local.chars().all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
    if !local_ok || host_name(domain).is_err() || !domain.contains('.') {
        return Err(FieldError::Email);
    }
    Ok(v)
}

pub fn optional_email(value: &str) -> Result<Option<String>, FieldError> {
    if value.trim().is_empty() { Ok(None) } else { email(value).map(Some) }
}

/// Codice IPA of an ente (Indice delle Pubbliche Amministrazioni), e.g. `c_h501`:
/// letters, digits and underscores, stored lower-case.
pub fn ipa_code(value: &str) -> Result<String, FieldError> {
    let v = value.trim().to_lowercase();
    if v.is_empty() {
        return Err(FieldError::Required);
    }
    if v.len() > 20 || !v.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(FieldError::IpaCode);
    }
    Ok(v)
}

/// A DNS host name (RFC 1123 labels), lower-case, without port or trailing dot.
pub fn host_name(value: &str) -> Result<String, FieldError> {
    let v = value.trim().trim_end_matches('.').to_lowercase();
    if v.is_empty() {
        return Err(FieldError::Required);
    }
    if v.len() > 253 {
        return Err(FieldError::HostName);
    }
    let labels_ok = v.split('.').all(|label| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    });
    if labels_ok { Ok(v) } else { Err(FieldError::HostName) }
}

/// A list of host names, one per line or separated by commas or spaces; duplicates removed.
pub fn host_names(value: &str) -> Result<Vec<String>, FieldError> {
    let mut out: Vec<String> = Vec::new();
    for part in value.split(|c: char| c == ',' || c.is_whitespace()).filter(|p| !p.is_empty()) {
        let h = host_name(part)?;
        if !out.contains(&h) {
            out.push(h);
        }
    }
    Ok(out)
}

/// The host part of an HTTP `Host` header: lower-case, without port. `None` when unusable.
pub fn host_from_header(value: &str) -> Option<String> {
    let v = value.trim();
    let host = if let Some(rest) = v.strip_prefix('[') {
        // IPv6 literal: keep as is, they are never configured as tenant hosts.
        return rest.split(']').next().map(|h| h.to_lowercase());
    } else {
        v.rsplit_once(':').map_or(v, |(h, port)| if port.chars().all(|c| c.is_ascii_digit()) { h } else { v })
    };
    host_name(host).ok()
}

/// A day of the year such as the patron saint's day, written `DD/MM` or `DD-MM`.
/// 29 February is allowed: the calendar treats it as a holiday in leap years only.
pub fn day_of_year(value: &str) -> Result<Option<(u32, u32)>, FieldError> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    let (d, m) = v.split_once(['/', '-', '.']).ok_or(FieldError::DayOfYear)?;
    let day: u32 = d.trim().parse().map_err(|_| FieldError::DayOfYear)?;
    let month: u32 = m.trim().parse().map_err(|_| FieldError::DayOfYear)?;
    // 2024 is a leap year, so every valid day of any year exists in it.
    NaiveDate::from_ymd_opt(2024, month, day).map(|_| Some((month, day))).ok_or(FieldError::DayOfYear)
}

/// Staff passwords: long enough to resist guessing, not trivially repetitive, not built on the
/// e-mail address.
pub fn new_password(password: &str, confirm: &str, email: &str) -> Result<(), FieldError> {
    if password.chars().count() < PASSWORD_MIN_CHARS {
        return Err(FieldError::PasswordTooShort);
    }
    let distinct: std::collections::HashSet<char> = password.chars().collect();
    let lower = password.to_lowercase();
    let local = email.split('@').next().unwrap_or_default().to_lowercase();
    // What is left once the e-mail's user name is taken out must still be a password.
    let rest = if local.len() >= 3 { lower.replace(&local, "") } else { lower.clone() };
    if distinct.len() < 4 || lower.contains(&email.to_lowercase()) || rest.chars().count() < 8 {
        return Err(FieldError::PasswordWeak);
    }
    if password != confirm {
        return Err(FieldError::PasswordMismatch);
    }
    Ok(())
}

/// A URL-safe identifier users see (tenant slugs): lower-case letters, digits and dashes.
pub fn slug(value: &str) -> Result<String, FieldError> {
    let v = value.trim().to_lowercase();
    if v.is_empty() {
        return Err(FieldError::Required);
    }
    if v.len() > 60
        || v.starts_with('-')
        || v.ends_with('-')
        || !v.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(FieldError::Slug);
    }
    Ok(v)
}

/// A phone number as people write it: digits, spaces, `+`, `/`, `-`, `.`, parentheses;
/// between 6 and 15 digits (E.164's maximum).
pub fn optional_phone(value: &str) -> Result<Option<String>, FieldError> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    let digits = v.chars().filter(char::is_ascii_digit).count();
    let chars_ok = v.chars().all(|c| c.is_ascii_digit() || " +/-.()".contains(c));
    if !chars_ok || !(6..=15).contains(&digits) {
        return Err(FieldError::Phone);
    }
    Ok(Some(v.to_string()))
}

/// An http(s) web address.
pub fn optional_url(value: &str) -> Result<Option<String>, FieldError> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    let rest = v.strip_prefix("https://").or_else(|| v.strip_prefix("http://")).ok_or(FieldError::Url)?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host_from_header(host).is_none() || v.len() > 500 || v.chars().any(char::is_whitespace) {
        return Err(FieldError::Url);
    }
    Ok(Some(v.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn emails() {
        assert_eq!(email("  Mario.Rossi@Comune.Example.IT "), Ok("mario.rossi@comune.example.it".into()));
        assert_eq!(email(""), Err(FieldError::Required));
        for bad in ["mario", "mario@", "@comune.it", "ma rio@comune.it", "mario@localhost", "a..b@c.it", "mario@-x.it"]
        {
            assert_eq!(email(bad), Err(FieldError::Email), "{bad}");
        }
    }

    #[test]
    fn ipa_codes() {
        assert_eq!(ipa_code("C_H501"), Ok("c_h501".into()));
        assert_eq!(ipa_code("c h501"), Err(FieldError::IpaCode));
        assert_eq!(ipa_code(""), Err(FieldError::Required));
    }

    #[test]
    fn hosts() {
        assert_eq!(host_name("Comune.Valfiorita.IT."), Ok("comune.valfiorita.it".into()));
        assert!(host_name("bad_host.it").is_err());
        assert!(host_name("-a.it").is_err());
        assert_eq!(host_names("a.it, b.it\nA.it  c.it"), Ok(vec!["a.it".into(), "b.it".into(), "c.it".into()]));
        assert_eq!(host_from_header("Comune.example.it:8080"), Some("comune.example.it".into()));
        assert_eq!(host_from_header("127.0.0.1:8080"), Some("127.0.0.1".into()));
        assert_eq!(host_from_header("[::1]:8080"), Some("::1".into()));
        assert_eq!(host_from_header("bad host"), None);
    }

    #[test]
    fn days_of_year() {
        assert_eq!(day_of_year("29/09"), Ok(Some((9, 29))));
        assert_eq!(day_of_year("29-02"), Ok(Some((2, 29))));
        assert_eq!(day_of_year(""), Ok(None));
        assert_eq!(day_of_year("31/04"), Err(FieldError::DayOfYear));
        assert_eq!(day_of_year("settembre"), Err(FieldError::DayOfYear));
    }

    #[test]
    fn passwords() {
        assert_eq!(new_password("short", "short", "a@b.it"), Err(FieldError::PasswordTooShort));
        assert_eq!(new_password("aaaaaaaaaaaa", "aaaaaaaaaaaa", "a@b.it"), Err(FieldError::PasswordWeak));
        assert_eq!(
            new_password("mario.rossi-2026", "mario.rossi-2026", "mario.rossi@b.it"),
            Err(FieldError::PasswordWeak)
        );
        assert_eq!(
            new_password("Giardino-Fiorito-7", "Giardino-Fiorito-8", "m@b.it"),
            Err(FieldError::PasswordMismatch)
        );
        assert_eq!(new_password("Giardino-Fiorito-7", "Giardino-Fiorito-7", "m@b.it"), Ok(()));
    }

    #[test]
    fn texts_phones_urls_slugs() {
        assert_eq!(required_text("  Anagrafe ", 10), Ok("Anagrafe".into()));
        assert_eq!(required_text("   ", 10), Err(FieldError::Required));
        assert_eq!(required_text("àèìòùàèìòù", 10), Ok("àèìòùàèìòù".into()));
        assert_eq!(required_text("àèìòùàèìòùx", 10), Err(FieldError::TooLong));
        assert_eq!(optional_phone("+39 0123 456789"), Ok(Some("+39 0123 456789".into())));
        assert_eq!(optional_phone("12"), Err(FieldError::Phone));
        assert_eq!(optional_phone("chiama"), Err(FieldError::Phone));
        assert_eq!(
            optional_url("https://www.comune.example.it/uffici"),
            Ok(Some("https://www.comune.example.it/uffici".into()))
        );
        assert_eq!(optional_url("javascript:alert(1)"), Err(FieldError::Url));
        assert_eq!(slug("Valfiorita"), Ok("valfiorita".into()));
        assert_eq!(slug("val fiorita"), Err(FieldError::Slug));
    }

    proptest! {
        #[test]
        fn email_normalisation_is_idempotent(s in "[a-zA-Z0-9._%+-]{1,20}@[a-zA-Z0-9-]{1,10}\\.[a-z]{2,4}") {
            if let Ok(e) = email(&s) {
                prop_assert_eq!(email(&e), Ok(e.clone()));
            }
        }

        #[test]
        fn required_text_never_returns_blank(s in ".{0,30}") {
            if let Ok(v) = required_text(&s, 30) {
                prop_assert!(!v.trim().is_empty());
                prop_assert_eq!(v.trim(), v.as_str());
            }
        }
    }
}
