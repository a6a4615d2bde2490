//! Forms that build themselves from a service's intake definition: the same fields on the
//! portal and at the desk, answers checked by the domain rules with a message next to each
//! field, and answers read back against the definition version the case was opened with.

use crate::forms::{Errors, FormData};
use crate::intake::ServiceIntake;
use crate::{AppError, AppState};
use urp_domain::TenantId;
use urp_domain::catalogue::{self, Answer, Datatype, IntakeField};
use urp_store::{Service, ServiceDefinition};

/// The form name of an extra field (kept apart from the case's own fields).
pub fn input_name(code: &str) -> String {
    format!("a_{code}")
}

pub struct Choice {
    pub key: String,
    pub name: String,
    pub selected: bool,
}

/// One extra field ready to render.
pub struct FieldView {
    pub name: String,
    pub label: String,
    pub help: String,
    pub required: bool,
    /// `input` (string), `number`, `datetime`, `textarea`, `select` or `checkboxes`.
    pub widget: &'static str,
    pub value: String,
    pub choices: Vec<Choice>,
}

impl FieldView {
    /// The id of the n-th checkbox of a multiple choice (the first one carries the field's id,
    /// so the error summary's link lands on it).
    pub fn choice_id(&self, n: &usize) -> String {
        if *n == 0 { format!("f-{}", self.name) } else { format!("f-{}-{n}", self.name) }
    }
}

/// The fields of a definition with what was typed (`raw`), in the definition's order.
pub fn views(fields: &[IntakeField], raw: &FormData) -> Vec<FieldView> {
    let mut sorted: Vec<&IntakeField> = fields.iter().collect();
    sorted.sort_by_key(|f| f.order);
    sorted
        .into_iter()
        .map(|f| {
            let name = input_name(&f.code);
            let given = raw.all(&name);
            FieldView {
                label: f.label.clone(),
                help: f.help.clone(),
                required: f.required,
                widget: match f.datatype {
                    Datatype::String => "input",
                    Datatype::Number => "number",
                    Datatype::Datetime => "datetime",
                    Datatype::Text => "textarea",
                    Datatype::Singlevaluelist => "select",
                    Datatype::Multivaluelist => "checkboxes",
                },
                value: given.first().map(|v| v.to_string()).unwrap_or_default(),
                choices: f
                    .values
                    .iter()
                    .map(|v| Choice {
                        key: v.key.clone(),
                        name: v.name.clone(),
                        selected: given.contains(&v.key.as_str()),
                    })
                    .collect(),
                name,
            }
        })
        .collect()
}

/// Checks the answers; refusals go next to each field and into the summary by its label.
pub fn check(fields: &[IntakeField], raw: &FormData, errors: &mut Errors) -> Option<Vec<Answer>> {
    let pairs: Vec<(String, String)> = fields
        .iter()
        .flat_map(|f| raw.all(&input_name(&f.code)).into_iter().map(|v| (f.code.clone(), v.to_string())))
        .collect();
    match catalogue::validate_answers(fields, &pairs) {
        Ok(a) => Some(a),
        Err(list) => {
            for e in list {
                let label = fields.iter().find(|f| f.code == e.code).map(|f| f.label.clone()).unwrap_or_default();
                errors.add_named(input_name(&e.code), label, e.key);
            }
            None
        }
    }
}

/// (question, answer) rows of a case's answers, read against the version it was opened with.
pub fn rows(fields: &[IntakeField], answers: &[Answer]) -> Vec<(String, String)> {
    answers
        .iter()
        .map(|a| match fields.iter().find(|f| f.code == a.code) {
            Some(f) => (f.label.clone(), catalogue::answer_text(f, a)),
            None => (a.code.clone(), a.values.join(", ")),
        })
        .collect()
}

/// A service and the definition new cases are opened with; `None` when there is no such
/// service (or, for the public, it is not published).
pub async fn load(
    state: &AppState,
    t: TenantId,
    code: &str,
    published_only: bool,
) -> Result<Option<(Service, ServiceDefinition)>, AppError> {
    let Some(s) = state.store.service_by_code(t, code).await? else { return Ok(None) };
    if published_only && !s.data.published {
        return Ok(None);
    }
    let Some(def) = s.current_definition_id else { return Ok(None) };
    let def = state.store.service_definition(t, def).await?;
    Ok(Some((s, def)))
}

/// What the case keeps of the service it was opened for.
pub fn intake_of(s: &Service, def: &ServiceDefinition, answers: Vec<Answer>) -> ServiceIntake {
    ServiceIntake { service_id: s.id, definition_id: def.id, term: s.data.term, answers }
}
