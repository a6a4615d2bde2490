//! The service categories of the Designers Italia "Modello Comuni" taxonomy, as used by the
//! "Richiedi assistenza" flow (with "Relazioni con il pubblico" added there). Codes are stable;
//! the names users read come from the web layer's catalogues.

pub const SERVICE_CATEGORIES: [&str; 16] = [
    "agricoltura-pesca",
    "ambiente",
    "anagrafe-stato-civile",
    "appalti-pubblici",
    "autorizzazioni",
    "catasto-urbanistica",
    "cultura-tempo-libero",
    "educazione-formazione",
    "giustizia-sicurezza",
    "imprese-commercio",
    "mobilita-trasporti",
    "relazioni-pubblico",
    "salute-benessere-assistenza",
    "tributi-finanze-contravvenzioni",
    "turismo",
    "vita-lavorativa",
];

pub fn is_service_category(code: &str) -> bool {
    SERVICE_CATEGORIES.contains(&code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_known() {
        let mut v = SERVICE_CATEGORIES.to_vec();
        v.sort_unstable();
        v.dedup();
        assert_eq!(v.len(), SERVICE_CATEGORIES.len());
        assert!(is_service_category("relazioni-pubblico"));
        assert!(!is_service_category("astronomia"));
    }
}
