//! Message catalogues: every text a user reads comes from `locales/<lang>/*.ftl` (Fluent).
//! Italian is the first language; English the second, chosen by a cookie set from the
//! language switch, else by `Accept-Language`.

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid, static_loader};
use std::borrow::Cow;
use std::collections::HashMap;

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "it",
        // Unicode isolation marks around arguments would end up inside HTML attributes and e-mails.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static IT: LanguageIdentifier = langid!("it");
static EN: LanguageIdentifier = langid!("en");

pub const LANG_COOKIE: &str = "urp_lang";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    It,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::It, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::It => "it",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "it" => Some(Lang::It),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::It => &IT,
            Lang::En => &EN,
        }
    }

    /// Picks a language from the cookie, else the best `Accept-Language` entry we support,
    /// else Italian.
    pub fn negotiate(cookie: Option<&str>, accept_language: Option<&str>) -> Lang {
        if let Some(l) = cookie.and_then(Lang::from_code) {
            return l;
        }
        let Some(header) = accept_language else { return Lang::It };
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or_default().trim();
            let q = pieces.find_map(|p| p.trim().strip_prefix("q=")).and_then(|q| q.parse::<f32>().ok()).unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or_default();
            if let Some(lang) = Lang::from_code(primary)
                && best.is_none_or(|(bq, _)| q > bq)
            {
                best = Some((q, lang));
            }
        }
        best.map_or(Lang::It, |(_, l)| l)
    }

    pub fn t(self, key: &str) -> String {
        LOCALES.lookup(self.id(), key)
    }

    pub fn t_args(self, key: &str, args: &[(&'static str, String)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue> =
            args.iter().map(|(k, v)| (Cow::Borrowed(*k), FluentValue::from(v.clone()))).collect();
        LOCALES.lookup_with_args(self.id(), key, &map)
    }

    /// A message whose wording depends on a number (Fluent plural selectors need a number,
    /// not its text).
    pub fn t_count(self, key: &str, count_name: &'static str, count: i64, args: &[(&'static str, String)]) -> String {
        let mut map: HashMap<Cow<'static, str>, FluentValue> =
            args.iter().map(|(k, v)| (Cow::Borrowed(*k), FluentValue::from(v.clone()))).collect();
        map.insert(Cow::Borrowed(count_name), FluentValue::from(count));
        LOCALES.lookup_with_args(self.id(), key, &map)
    }

    pub fn has(self, key: &str) -> bool {
        LOCALES.try_lookup(self.id(), key).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation() {
        assert_eq!(Lang::negotiate(None, None), Lang::It);
        assert_eq!(Lang::negotiate(Some("en"), Some("it")), Lang::En);
        assert_eq!(Lang::negotiate(Some("xx"), Some("en-GB,en;q=0.9")), Lang::En);
        assert_eq!(Lang::negotiate(None, Some("de-DE,en;q=0.5,it;q=0.8")), Lang::It);
        assert_eq!(Lang::negotiate(None, Some("fr")), Lang::It);
    }

    /// Every key of the Italian catalogue exists in English and vice versa, so no page ever
    /// shows a raw key or falls back silently.
    #[test]
    fn catalogues_have_the_same_keys() {
        let keys = |lang: &str| {
            let dir = format!("{}/locales/{lang}", env!("CARGO_MANIFEST_DIR"));
            let mut keys = Vec::new();
            for entry in std::fs::read_dir(dir).unwrap() {
                let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
                for line in text.lines() {
                    if let Some((k, _)) = line.split_once(" =")
                        && !k.starts_with(' ')
                        && !k.starts_with('#')
                        && !k.is_empty()
                    {
                        keys.push(k.trim().to_string());
                    }
                }
            }
            keys.sort();
            keys
        };
        let it = keys("it");
        let en = keys("en");
        let mut dup = it.clone();
        dup.dedup();
        assert_eq!(dup.len(), it.len(), "duplicate keys in the Italian catalogue");
        assert_eq!(it, en);
        assert!(it.len() > 50);
        // Every message formats in both languages, with dummy values for its variables.
        for lang in ["it", "en"] {
            let dir = format!("{}/locales/{lang}", env!("CARGO_MANIFEST_DIR"));
            for entry in std::fs::read_dir(dir).unwrap() {
                let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
                let mut current: Option<(String, Vec<String>)> = None;
                let mut all = Vec::new();
                for line in text.lines() {
                    if let Some((k, _)) =
                        line.split_once(" =").filter(|(k, _)| !k.starts_with([' ', '#']) && !k.is_empty())
                    {
                        all.extend(current.take());
                        current = Some((k.trim().to_string(), Vec::new()));
                    }
                    if let Some((_, vars)) = current.as_mut() {
                        for piece in line.split('$').skip(1) {
                            let name: String = piece.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                            if !name.is_empty() && !vars.contains(&name) {
                                vars.push(name);
                            }
                        }
                    }
                }
                all.extend(current.take());
                let l = Lang::from_code(lang).unwrap();
                for (key, vars) in all {
                    let map: HashMap<Cow<'static, str>, FluentValue> =
                        vars.iter().map(|v| (Cow::Owned(v.clone()), FluentValue::from("1"))).collect();
                    assert!(LOCALES.try_lookup_with_args(l.id(), &key, &map).is_some(), "{lang}: {key}");
                }
            }
        }
    }

    #[test]
    fn plurals_select_on_numbers() {
        assert!(Lang::It.t_count("search-summary", "count", 0, &[("q", "x".into())]).starts_with("Nessun risultato"));
        assert!(Lang::It.t_count("search-summary", "count", 1, &[("q", "x".into())]).starts_with("1 risultato "));
        assert!(Lang::En.t_count("search-summary", "count", 3, &[("q", "x".into())]).starts_with("3 results"));
    }

    #[test]
    fn arguments_are_interpolated() {
        let s = Lang::It.t_args("footer-copyright", &[("name", "Comune di Prova".into())]);
        assert!(s.contains("Comune di Prova"), "{s}");
    }
}
