//! Loads the demo comune (see `demo_data.rs`) into an empty or partly filled database.
//! Idempotent: what already exists is left alone.

use crate::demo_data::{OFFICES, TENANT, TOPICS, USERS};
use chrono::Utc;
use std::sync::Arc;
use urp_domain::Role;
use urp_store::{OfficeData, Store, TenantData};
use urp_web::provision::{self, TenantInput, UserInput};

pub struct Report {
    pub created: bool,
    pub tenant_name: String,
}

impl Report {
    pub fn print(&self) {
        if !self.created {
            println!("Demo data already present ({}).", self.tenant_name);
        } else {
            println!("Loaded the demo ente: {}.", self.tenant_name);
        }
        println!("Demo staff accounts (e-mail / password):");
        for u in USERS {
            println!("  {:<14} {} / {}", u.role, u.email, u.password);
        }
    }
}

pub async fn seed(store: &Arc<dyn Store>) -> anyhow::Result<Report> {
    if let Some(t) = store.tenant_by_slug(TENANT.slug).await? {
        return Ok(Report { created: false, tenant_name: t.data.name });
    }
    let first = store.list_tenants().await?.is_empty();
    let tenant = provision::create_tenant(
        store,
        &TenantInput {
            slug: TENANT.slug,
            name: TENANT.name,
            ipa_code: TENANT.ipa_code,
            hosts: &[],
            patron_day: Some(&format!("{}/{}", TENANT.patron_day.1, TENANT.patron_day.0)),
            is_default: first,
        },
    )
    .await?;
    let now = Utc::now();
    let data = TenantData {
        address: Some(TENANT.address.into()),
        phone: Some(TENANT.phone.into()),
        email: Some(TENANT.email.into()),
        pec: Some(TENANT.pec.into()),
        ..tenant.data.clone()
    };
    store.update_tenant(tenant.id, &data, &tenant.hosts, now).await?;
    for o in OFFICES {
        store
            .create_office(
                tenant.id,
                &OfficeData {
                    name: o.name.into(),
                    competences: o.competences.into(),
                    address: Some(o.address.into()),
                    opening_hours: Some(o.opening_hours.into()),
                    phone: Some(o.phone.into()),
                    email: Some(o.email.into()),
                    pec: o.pec.map(Into::into),
                    responsible: Some(o.responsible.into()),
                },
                now,
            )
            .await?;
    }
    for t in TOPICS {
        store.create_topic(tenant.id, t.name, Some(t.description), now).await?;
    }
    for u in USERS {
        let role: Role = u.role.parse()?;
        let offices: Vec<String> = u.office.map(|o| vec![o.to_string()]).unwrap_or_default();
        provision::create_user(
            store,
            tenant.id,
            &UserInput { email: u.email, name: u.name, roles: &[role], offices: &offices, password: u.password },
        )
        .await?;
    }
    crate::demo_catalogue::seed(store, tenant.id).await?;
    crate::demo_kb::seed(store, tenant.id).await?;
    // A few of the ente's own search synonyms, as the back office would write them
    // (/staff/admin/sinonimi); the built-in thesaurus covers the common ones.
    let synonyms: Vec<Vec<String>> = [
        &["Valfiorita Segnala", "segnalazione guasti", "app segnalazioni"][..],
        &["isola ecologica", "piattaforma ecologica", "ecocentro di via delle Industrie"],
        &["varco", "telecamera ZTL", "porta telematica"],
    ]
    .iter()
    .map(|g| g.iter().map(|m| m.to_string()).collect())
    .collect();
    store.replace_synonym_groups(tenant.id, &synonyms, chrono::Utc::now()).await?;
    Ok(Report { created: true, tenant_name: tenant.data.name })
}
