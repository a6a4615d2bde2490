//! The service catalogue in Open311 GeoReport v2 form (JSON): the list of published services
//! and each service's definition (its intake fields as attributes).

use crate::context::Ctx;
use crate::{AppError, AppState};
use axum::Json;
use axum::extract::{Path, State};
use serde::Serialize;
use urp_domain::catalogue::IntakeField;

#[derive(Serialize)]
pub struct ServiceOut {
    service_code: String,
    service_name: String,
    description: String,
    /// Whether the service has extra fields (a definition to fetch).
    metadata: bool,
    #[serde(rename = "type")]
    kind: &'static str,
    keywords: String,
    group: String,
}

#[derive(Serialize)]
pub struct ValueOut {
    key: String,
    name: String,
}

#[derive(Serialize)]
pub struct AttributeOut {
    variable: bool,
    code: String,
    datatype: &'static str,
    required: bool,
    datatype_description: String,
    order: u32,
    description: String,
    values: Vec<ValueOut>,
}

#[derive(Serialize)]
pub struct DefinitionOut {
    service_code: String,
    /// URP extension: the version of the definition a case opened now would keep.
    version: i64,
    attributes: Vec<AttributeOut>,
}

fn attribute(f: IntakeField) -> AttributeOut {
    AttributeOut {
        variable: true,
        code: f.code,
        datatype: f.datatype.code(),
        required: f.required,
        datatype_description: f.help,
        order: f.order,
        description: f.label,
        values: f.values.into_iter().map(|v| ValueOut { key: v.key, name: v.name }).collect(),
    }
}

pub async fn services(State(state): State<AppState>, ctx: Ctx) -> Result<Json<Vec<ServiceOut>>, AppError> {
    let mut out = Vec::new();
    for s in state.store.list_services(ctx.tenant.id, true).await? {
        let metadata = match s.current_definition_id {
            Some(d) => !state.store.service_definition(ctx.tenant.id, d).await?.fields.is_empty(),
            None => false,
        };
        out.push(ServiceOut {
            service_code: s.data.code,
            service_name: s.data.name,
            description: s.data.description,
            metadata,
            kind: "realtime",
            keywords: String::new(),
            group: s.data.category,
        });
    }
    Ok(Json(out))
}

pub async fn definition(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> Result<Json<DefinitionOut>, AppError> {
    let code = code.strip_suffix(".json").unwrap_or(&code).to_string();
    let s = state
        .store
        .service_by_code(ctx.tenant.id, &code)
        .await?
        .filter(|s| s.data.published)
        .ok_or(AppError::NotFound)?;
    let (version, fields) = match s.current_definition_id {
        Some(d) => {
            let d = state.store.service_definition(ctx.tenant.id, d).await?;
            (d.version, d.fields)
        }
        None => (0, Vec::new()),
    };
    Ok(Json(DefinitionOut {
        service_code: s.data.code,
        version,
        attributes: fields.into_iter().map(attribute).collect(),
    }))
}
