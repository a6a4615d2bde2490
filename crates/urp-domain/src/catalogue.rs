//! The service catalogue's rules: the intake definition of a service (the extra fields a
//! citizen fills when opening a case for it, with the Open311 datatypes), the checks a
//! definition must pass before it is saved, and the validation of a citizen's answers.
//! Errors are message-catalogue keys; the web layer shows them next to each field.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// The Open311 GeoReport v2 attribute datatypes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Datatype {
    /// One line of text (`<input>`).
    String,
    Number,
    /// A date and time (or a date alone), stored as ISO 8601.
    Datetime,
    /// Several lines of text (`<textarea>`).
    Text,
    Singlevaluelist,
    Multivaluelist,
}

impl Datatype {
    pub const ALL: [Datatype; 6] = [
        Datatype::String,
        Datatype::Number,
        Datatype::Datetime,
        Datatype::Text,
        Datatype::Singlevaluelist,
        Datatype::Multivaluelist,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Datatype::String => "string",
            Datatype::Number => "number",
            Datatype::Datetime => "datetime",
            Datatype::Text => "text",
            Datatype::Singlevaluelist => "singlevaluelist",
            Datatype::Multivaluelist => "multivaluelist",
        }
    }

    pub fn parse(code: &str) -> Option<Datatype> {
        Datatype::ALL.into_iter().find(|d| d.code() == code.trim())
    }

    pub fn is_list(self) -> bool {
        matches!(self, Datatype::Singlevaluelist | Datatype::Multivaluelist)
    }
}

/// One option of a list field: `key` is what is stored, `name` what the citizen reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListValue {
    pub key: String,
    pub name: String,
}

/// One extra field of an intake definition (an Open311 attribute).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntakeField {
    /// Stable identifier, unique within the definition (`attribute[code]` in Open311).
    pub code: String,
    /// The question the citizen reads next to the field.
    pub label: String,
    pub datatype: Datatype,
    pub required: bool,
    /// Position on the form: a positive integer, unique within the definition.
    pub order: u32,
    /// Help text shown under the field (Open311 `datatype_description`).
    pub help: String,
    /// Options, for the two list datatypes only.
    pub values: Vec<ListValue>,
}

pub const FIELD_CODE_MAX: usize = 40;
pub const FIELD_LABEL_MAX: usize = 200;
pub const FIELD_HELP_MAX: usize = 500;
pub const ANSWER_STRING_MAX: usize = 200;
pub const ANSWER_TEXT_MAX: usize = 2000;
pub const FIELDS_MAX: usize = 30;

/// A refused part of a definition: the field's position in the submitted list, which of its
/// attributes is wrong (`code`, `label`, `order`, `values`, `help`) and the message key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DefinitionError {
    pub index: usize,
    pub attr: &'static str,
    pub key: &'static str,
}

fn valid_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= FIELD_CODE_MAX
        && code.starts_with(|c: char| c.is_ascii_lowercase())
        && code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Checks a definition as a whole: codes well formed and unique, labels present, orders
/// positive and unique, list fields with at least one option and unique keys, options only
/// on list fields. Returns the fields sorted by order, or every error found.
pub fn check_definition(fields: &[IntakeField]) -> Result<Vec<IntakeField>, Vec<DefinitionError>> {
    let mut errors = Vec::new();
    let mut add = |index: usize, attr: &'static str, key: &'static str| {
        if !errors.iter().any(|e: &DefinitionError| e.index == index && e.attr == attr) {
            errors.push(DefinitionError { index, attr, key });
        }
    };
    if fields.len() > FIELDS_MAX {
        add(FIELDS_MAX, "code", "cat-err-too-many-fields");
    }
    for (i, f) in fields.iter().enumerate() {
        if !valid_code(&f.code) {
            add(i, "code", "cat-err-field-code");
        } else if fields[..i].iter().any(|g| g.code == f.code) {
            add(i, "code", "cat-err-duplicate-code");
        }
        if f.label.trim().is_empty() {
            add(i, "label", "err-required");
        } else if f.label.chars().count() > FIELD_LABEL_MAX {
            add(i, "label", "err-too-long");
        }
        if f.help.chars().count() > FIELD_HELP_MAX {
            add(i, "help", "err-too-long");
        }
        if f.order == 0 {
            add(i, "order", "cat-err-order");
        } else if fields[..i].iter().any(|g| g.order == f.order) {
            add(i, "order", "cat-err-order-clash");
        }
        if f.datatype.is_list() {
            if f.values.is_empty() {
                add(i, "values", "cat-err-empty-list");
            }
            for (j, v) in f.values.iter().enumerate() {
                if v.key.trim().is_empty() || v.name.trim().is_empty() {
                    add(i, "values", "cat-err-list-value");
                } else if f.values[..j].iter().any(|w| w.key == v.key) {
                    add(i, "values", "cat-err-duplicate-key");
                }
            }
        } else if !f.values.is_empty() {
            add(i, "values", "cat-err-values-not-list");
        }
    }
    if errors.is_empty() {
        let mut sorted = fields.to_vec();
        sorted.sort_by_key(|f| f.order);
        Ok(sorted)
    } else {
        Err(errors)
    }
}

/// Parses the list options as an editor types them: one per line, `key = name` (or just a
/// name, whose key is then the name itself).
pub fn parse_list_values(text: &str) -> Vec<ListValue> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| match l.split_once('=') {
            Some((k, n)) => ListValue { key: k.trim().to_string(), name: n.trim().to_string() },
            None => ListValue { key: l.to_string(), name: l.to_string() },
        })
        .collect()
}

/// The list options back in the editor's one-per-line form.
pub fn list_values_text(values: &[ListValue]) -> String {
    values.iter().map(|v| format!("{} = {}", v.key, v.name)).collect::<Vec<_>>().join("\n")
}

/// A valid answer to one field, normalised: numbers in canonical form, date-times as
/// `YYYY-MM-DDTHH:MM` (or `YYYY-MM-DD`), list answers as option keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub code: String,
    pub values: Vec<String>,
}

/// A refused answer: the field's code and the message key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerError {
    pub code: String,
    pub key: &'static str,
}

fn normalise_number(v: &str) -> Option<String> {
    // Italians write a decimal comma; thousands separators are not accepted (ambiguous).
    let s = v.trim().replace(',', ".");
    let n: f64 = s.parse().ok()?;
    if !n.is_finite() {
        return None;
    }
    Some(if n.fract() == 0.0 && n.abs() < 1e15 { format!("{}", n as i64) } else { format!("{n}") })
}

fn normalise_datetime(v: &str) -> Option<String> {
    let s = v.trim();
    for f in ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, f) {
            return Some(dt.format("%Y-%m-%dT%H:%M").to_string());
        }
    }
    for f in ["%Y-%m-%d", "%d/%m/%Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, f) {
            return Some(d.format("%Y-%m-%d").to_string());
        }
    }
    None
}

/// Validates the answers (`raw`: every value sent for each code; a multi-value list sends
/// several) against a definition. Unknown codes are ignored. Returns the answers in the
/// definition's order, or an error for each refused field.
pub fn validate_answers(fields: &[IntakeField], raw: &[(String, String)]) -> Result<Vec<Answer>, Vec<AnswerError>> {
    let mut answers = Vec::new();
    let mut errors = Vec::new();
    let mut sorted: Vec<&IntakeField> = fields.iter().collect();
    sorted.sort_by_key(|f| f.order);
    for f in sorted {
        let given: Vec<&str> =
            raw.iter().filter(|(k, _)| *k == f.code).map(|(_, v)| v.trim()).filter(|v| !v.is_empty()).collect();
        let mut fail = |key: &'static str| errors.push(AnswerError { code: f.code.clone(), key });
        if given.is_empty() {
            if f.required {
                fail("err-required");
            }
            continue;
        }
        let values: Option<Vec<String>> = match f.datatype {
            Datatype::String | Datatype::Text => {
                let max = if f.datatype == Datatype::String { ANSWER_STRING_MAX } else { ANSWER_TEXT_MAX };
                if given.len() > 1 {
                    fail("cat-err-one-value");
                    None
                } else if given[0].chars().count() > max {
                    fail("err-too-long");
                    None
                } else {
                    Some(vec![given[0].to_string()])
                }
            }
            Datatype::Number => match (given.len(), normalise_number(given[0])) {
                (1, Some(n)) => Some(vec![n]),
                _ => {
                    fail("cat-err-number");
                    None
                }
            },
            Datatype::Datetime => match (given.len(), normalise_datetime(given[0])) {
                (1, Some(d)) => Some(vec![d]),
                _ => {
                    fail("cat-err-datetime");
                    None
                }
            },
            Datatype::Singlevaluelist | Datatype::Multivaluelist => {
                let known = given.iter().all(|v| f.values.iter().any(|o| o.key == *v));
                if !known {
                    fail("cat-err-not-in-list");
                    None
                } else if f.datatype == Datatype::Singlevaluelist && given.len() > 1 {
                    fail("cat-err-one-value");
                    None
                } else {
                    let mut keys: Vec<String> = Vec::new();
                    for v in given {
                        if !keys.iter().any(|k| k == v) {
                            keys.push(v.to_string());
                        }
                    }
                    Some(keys)
                }
            }
        };
        if let Some(values) = values {
            answers.push(Answer { code: f.code.clone(), values });
        }
    }
    if errors.is_empty() { Ok(answers) } else { Err(errors) }
}

/// An answer as a citizen or operator reads it: list keys become option names.
pub fn answer_text(field: &IntakeField, answer: &Answer) -> String {
    if field.datatype.is_list() {
        answer
            .values
            .iter()
            .map(|k| field.values.iter().find(|o| o.key == *k).map_or(k.as_str(), |o| o.name.as_str()))
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        answer.values.join(", ")
    }
}

/// The channels through which a service can be requested.
pub const SERVICE_CHANNELS: [&str; 4] = ["online", "sportello", "posta", "pec"];

/// A service code: the stable identifier in URLs and the Open311 `service_code`.
pub fn valid_service_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 60
        && code.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !code.ends_with('-')
}

/// Checks a publication window: the start may not be in the past (unless it is the start the
/// notice already had), and the end must come after the start. Errors: (field, message key).
pub fn check_publication<T: PartialOrd + Copy>(
    from: T,
    until: Option<T>,
    now: T,
    previous_from: Option<T>,
) -> Result<(), Vec<(&'static str, &'static str)>> {
    let mut errors = Vec::new();
    if from < now && previous_from != Some(from) {
        errors.push(("publish_from", "notice-err-past"));
    }
    if until.is_some_and(|u| u <= from) {
        errors.push(("publish_until", "notice-err-inverted"));
    } else if until.is_some_and(|u| u <= now) {
        errors.push(("publish_until", "notice-err-past"));
    }
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(code: &str, datatype: Datatype, order: u32) -> IntakeField {
        IntakeField {
            code: code.into(),
            label: format!("Campo {code}"),
            datatype,
            required: false,
            order,
            help: String::new(),
            values: if datatype.is_list() {
                vec![
                    ListValue { key: "a".into(), name: "Alfa".into() },
                    ListValue { key: "b".into(), name: "Beta".into() },
                ]
            } else {
                vec![]
            },
        }
    }

    fn raw(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn datatype_codes_round_trip() {
        for d in Datatype::ALL {
            assert_eq!(Datatype::parse(d.code()), Some(d));
        }
        assert_eq!(Datatype::parse("boolean"), None);
    }

    #[test]
    fn a_good_definition_comes_back_sorted_by_order() {
        let fs = vec![field("targa", Datatype::String, 2), field("tipo", Datatype::Singlevaluelist, 1)];
        let sorted = check_definition(&fs).unwrap();
        assert_eq!(sorted.iter().map(|f| f.code.as_str()).collect::<Vec<_>>(), vec!["tipo", "targa"]);
    }

    #[test]
    fn duplicate_codes_order_clashes_and_empty_lists_are_refused_per_field() {
        let mut empty = field("zona", Datatype::Multivaluelist, 3);
        empty.values.clear();
        let fs = vec![field("targa", Datatype::String, 1), field("targa", Datatype::Number, 1), empty];
        let errs = check_definition(&fs).unwrap_err();
        assert!(errs.contains(&DefinitionError { index: 1, attr: "code", key: "cat-err-duplicate-code" }));
        assert!(errs.contains(&DefinitionError { index: 1, attr: "order", key: "cat-err-order-clash" }));
        assert!(errs.contains(&DefinitionError { index: 2, attr: "values", key: "cat-err-empty-list" }));
        assert_eq!(errs.len(), 3, "{errs:?}");
    }

    #[test]
    fn bad_codes_labels_orders_and_values_are_refused() {
        let mut a = field("Targa!", Datatype::String, 0);
        a.label = " ".into();
        a.values = vec![ListValue { key: "x".into(), name: "X".into() }];
        let mut b = field("tipo", Datatype::Singlevaluelist, 2);
        b.values.push(ListValue { key: "a".into(), name: "Ancora".into() });
        let errs = check_definition(&[a, b]).unwrap_err();
        let keys: Vec<_> = errs.iter().map(|e| (e.index, e.attr, e.key)).collect();
        assert!(keys.contains(&(0, "code", "cat-err-field-code")));
        assert!(keys.contains(&(0, "label", "err-required")));
        assert!(keys.contains(&(0, "order", "cat-err-order")));
        assert!(keys.contains(&(0, "values", "cat-err-values-not-list")));
        assert!(keys.contains(&(1, "values", "cat-err-duplicate-key")));
    }

    #[test]
    fn list_values_parse_from_lines() {
        let v = parse_list_values("auto = Automobile\n\n  moto=Motociclo \nAltro");
        assert_eq!(v.len(), 3);
        assert_eq!(v[0], ListValue { key: "auto".into(), name: "Automobile".into() });
        assert_eq!(v[1], ListValue { key: "moto".into(), name: "Motociclo".into() });
        assert_eq!(v[2], ListValue { key: "Altro".into(), name: "Altro".into() });
        assert_eq!(parse_list_values(&list_values_text(&v)), v);
    }

    #[test]
    fn each_datatype_validates_and_normalises() {
        let fs = vec![
            field("s", Datatype::String, 1),
            field("n", Datatype::Number, 2),
            field("d", Datatype::Datetime, 3),
            field("t", Datatype::Text, 4),
            field("one", Datatype::Singlevaluelist, 5),
            field("many", Datatype::Multivaluelist, 6),
        ];
        let a = validate_answers(
            &fs,
            &raw(&[
                ("s", " AB123CD "),
                ("n", "3,50"),
                ("d", "2026-12-04T09:30"),
                ("t", "riga 1\nriga 2"),
                ("one", "b"),
                ("many", "a"),
                ("many", "b"),
                ("many", "a"),
                ("ignota", "x"),
            ]),
        )
        .unwrap();
        let got: Vec<(&str, Vec<&str>)> =
            a.iter().map(|x| (x.code.as_str(), x.values.iter().map(String::as_str).collect())).collect();
        assert_eq!(
            got,
            vec![
                ("s", vec!["AB123CD"]),
                ("n", vec!["3.5"]),
                ("d", vec!["2026-12-04T09:30"]),
                ("t", vec!["riga 1\nriga 2"]),
                ("one", vec!["b"]),
                ("many", vec!["a", "b"]),
            ]
        );
        let d = validate_answers(&fs[2..3], &raw(&[("d", "04/12/2026")])).unwrap();
        assert_eq!(d[0].values, vec!["2026-12-04"]);
        let n = validate_answers(&fs[1..2], &raw(&[("n", "12")])).unwrap();
        assert_eq!(n[0].values, vec!["12"]);
    }

    #[test]
    fn wrong_answers_get_a_message_per_field() {
        let fs = vec![
            field("s", Datatype::String, 1),
            field("n", Datatype::Number, 2),
            field("d", Datatype::Datetime, 3),
            field("one", Datatype::Singlevaluelist, 4),
            field("many", Datatype::Multivaluelist, 5),
        ];
        let errs = validate_answers(
            &fs,
            &raw(&[
                ("s", &"x".repeat(ANSWER_STRING_MAX + 1)),
                ("n", "tre"),
                ("d", "31/02/2026"),
                ("one", "a"),
                ("one", "b"),
                ("many", "z"),
            ]),
        )
        .unwrap_err();
        let got: Vec<(&str, &str)> = errs.iter().map(|e| (e.code.as_str(), e.key)).collect();
        assert_eq!(
            got,
            vec![
                ("s", "err-too-long"),
                ("n", "cat-err-number"),
                ("d", "cat-err-datetime"),
                ("one", "cat-err-one-value"),
                ("many", "cat-err-not-in-list"),
            ]
        );
    }

    #[test]
    fn required_fields_must_be_answered_optional_may_be_blank() {
        let mut req = field("targa", Datatype::String, 1);
        req.required = true;
        let opt = field("note", Datatype::Text, 2);
        let errs = validate_answers(&[req.clone(), opt.clone()], &raw(&[("targa", "   "), ("note", "")])).unwrap_err();
        assert_eq!(errs, vec![AnswerError { code: "targa".into(), key: "err-required" }]);
        let ok = validate_answers(&[req, opt], &raw(&[("targa", "AB123CD")])).unwrap();
        assert_eq!(ok.len(), 1, "a blank optional answer is not stored");
    }

    #[test]
    fn answers_read_with_option_names() {
        let f = field("many", Datatype::Multivaluelist, 1);
        let a = Answer { code: "many".into(), values: vec!["b".into(), "a".into()] };
        assert_eq!(answer_text(&f, &a), "Beta, Alfa");
    }

    #[test]
    fn publication_windows() {
        assert_eq!(check_publication(10, Some(20), 10, None), Ok(()));
        assert_eq!(check_publication(15, None, 10, None), Ok(()));
        assert_eq!(check_publication(5, None, 10, None), Err(vec![("publish_from", "notice-err-past")]));
        // Editing a notice already online keeps its start even though it has passed.
        assert_eq!(check_publication(5, None, 10, Some(5)), Ok(()));
        assert_eq!(check_publication(15, Some(12), 10, None), Err(vec![("publish_until", "notice-err-inverted")]));
        assert_eq!(check_publication(15, Some(15), 10, None), Err(vec![("publish_until", "notice-err-inverted")]));
        assert_eq!(check_publication(5, Some(8), 10, Some(5)), Err(vec![("publish_until", "notice-err-past")]));
    }

    #[test]
    fn service_codes() {
        assert!(valid_service_code("carta-identita-elettronica"));
        assert!(valid_service_code("001"));
        assert!(!valid_service_code("Carta identità"));
        assert!(!valid_service_code("-x") && !valid_service_code("x-") && !valid_service_code(""));
    }
}
