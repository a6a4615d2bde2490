//! Demo services and forms of the Comune di Valfiorita (all invented), with intake
//! definitions, and small but valid PDF and ODT files generated here, so nothing binary is
//! committed.

use chrono::{Duration, Utc};
use std::sync::Arc;
use urp_domain::TenantId;
use urp_domain::catalogue::{Datatype, IntakeField, ListValue};
use urp_domain::deadline::Term;
use urp_store::{FormDocData, NoticeData, ServiceData, Store};

fn field(
    code: &str,
    label: &str,
    datatype: Datatype,
    required: bool,
    order: u32,
    help: &str,
    values: &[(&str, &str)],
) -> IntakeField {
    IntakeField {
        code: code.into(),
        label: label.into(),
        datatype,
        required,
        order,
        help: help.into(),
        values: values.iter().map(|(k, n)| ListValue { key: (*k).into(), name: (*n).into() }).collect(),
    }
}

struct DemoService {
    code: &'static str,
    name: &'static str,
    description: &'static str,
    category: &'static str,
    office: &'static str,
    responsible: &'static str,
    term: Term,
    silence_consent: bool,
    channels: &'static [&'static str],
    fee: Option<&'static str>,
    published: bool,
    fields: fn() -> Vec<IntakeField>,
}

const SUBSTITUTE: &str = "Segretario generale, dott. Paolo Ferri — segretario@comune.valfiorita.example";

fn ztl_fields() -> Vec<IntakeField> {
    vec![
        field("targa", "Targa del veicolo", Datatype::String, true, 1, "Senza spazi, ad esempio AB123CD.", &[]),
        field(
            "tipo_veicolo",
            "Tipo di veicolo",
            Datatype::Singlevaluelist,
            true,
            2,
            "",
            &[("auto", "Autovettura"), ("moto", "Motociclo"), ("commerciale", "Veicolo commerciale")],
        ),
        field(
            "motivo",
            "Motivo della richiesta",
            Datatype::Singlevaluelist,
            true,
            3,
            "",
            &[
                ("residente", "Residenza nella ZTL"),
                ("lavoro", "Attività lavorativa nella ZTL"),
                ("disabile", "Contrassegno disabili"),
            ],
        ),
        field("dal", "Dal giorno", Datatype::Datetime, false, 4, "Lascia vuoto se il permesso serve da subito.", &[]),
    ]
}

fn suolo_fields() -> Vec<IntakeField> {
    vec![
        field("indirizzo", "Indirizzo dell'occupazione", Datatype::String, true, 1, "Via e numero civico.", &[]),
        field("superficie", "Superficie occupata (metri quadrati)", Datatype::Number, true, 2, "Ad esempio 12,5.", &[]),
        field("inizio", "Inizio dell'occupazione", Datatype::Datetime, true, 3, "", &[]),
        field("fine", "Fine dell'occupazione", Datatype::Datetime, true, 4, "", &[]),
        field(
            "uso",
            "Uso",
            Datatype::Singlevaluelist,
            true,
            5,
            "",
            &[
                ("cantiere", "Cantiere o ponteggio"),
                ("dehors", "Tavolini all'aperto (dehors)"),
                ("evento", "Evento o manifestazione"),
            ],
        ),
    ]
}

fn tari_fields() -> Vec<IntakeField> {
    vec![
        field("componenti", "Componenti del nucleo familiare", Datatype::Number, true, 1, "", &[]),
        field(
            "riduzioni",
            "Riduzioni richieste",
            Datatype::Multivaluelist,
            true,
            2,
            "Puoi sceglierne più di una.",
            &[
                ("compostaggio", "Compostaggio domestico"),
                ("unico", "Unico occupante"),
                ("isee", "ISEE sotto la soglia"),
            ],
        ),
        field("note", "Note", Datatype::Text, false, 3, "", &[]),
    ]
}

fn certificato_fields() -> Vec<IntakeField> {
    vec![
        field(
            "tipo",
            "Certificato richiesto",
            Datatype::Singlevaluelist,
            true,
            1,
            "",
            &[("residenza", "Residenza"), ("stato_famiglia", "Stato di famiglia"), ("nascita", "Nascita")],
        ),
        field("uso", "Uso del certificato", Datatype::String, false, 2, "Ad esempio: uso assegni familiari.", &[]),
    ]
}

fn no_fields() -> Vec<IntakeField> {
    Vec::new()
}

const SERVICES: &[DemoService] = &[
    DemoService {
        code: "permesso-ztl",
        name: "Permesso di transito nella ZTL",
        description: "Il permesso consente di entrare con un veicolo nella zona a traffico limitato del centro storico di Valfiorita.\nSpetta ai residenti, a chi lavora nella ZTL e ai titolari di contrassegno disabili.",
        category: "mobilita-trasporti",
        office: "Polizia Locale",
        responsible: "Commissario Andrea Lombardini",
        term: Term::calendar_days(30),
        silence_consent: false,
        channels: &["online", "sportello"],
        fee: Some("Marca da bollo da 16 euro"),
        published: true,
        fields: ztl_fields,
    },
    DemoService {
        code: "occupazione-suolo-pubblico",
        name: "Occupazione temporanea di suolo pubblico",
        description: "Autorizzazione a occupare temporaneamente una strada, una piazza o un marciapiede per cantieri, dehors o eventi.",
        category: "autorizzazioni",
        office: "Ufficio Tecnico – Edilizia privata e urbanistica",
        responsible: "Arch. Giulia Marchetti",
        term: Term::working_days(20),
        silence_consent: true,
        channels: &["online", "pec"],
        fee: Some("Canone unico patrimoniale, secondo la superficie e la durata"),
        published: true,
        fields: suolo_fields,
    },
    DemoService {
        code: "riduzione-tari",
        name: "Riduzioni e agevolazioni TARI",
        description: "Riduzione della tassa sui rifiuti per compostaggio domestico, unico occupante o ISEE basso.",
        category: "tributi-finanze-contravvenzioni",
        office: crate::demo_data::TRIBUTI_OFFICE,
        responsible: "Dott.ssa Elena Conti",
        term: Term::calendar_days(60),
        silence_consent: false,
        channels: &["online", "sportello", "posta", "pec"],
        fee: None,
        published: true,
        fields: tari_fields,
    },
    DemoService {
        code: "certificato-anagrafico",
        name: "Certificati anagrafici",
        description: "Certificati di residenza, stato di famiglia e nascita per chi è iscritto all'anagrafe di Valfiorita.",
        category: "anagrafe-stato-civile",
        office: "Servizi demografici – Anagrafe e Stato civile",
        responsible: "Sig.ra Marta Gallo",
        term: Term::working_days(5),
        silence_consent: false,
        channels: &["online", "sportello"],
        fee: Some("Esente, o marca da bollo da 16 euro secondo l'uso"),
        published: true,
        fields: certificato_fields,
    },
    DemoService {
        code: "contributo-affitto",
        name: "Contributo per l'affitto",
        description: "Contributo alle famiglie in affitto con ISEE basso (bando annuale, in preparazione).",
        category: "salute-benessere-assistenza",
        office: "Servizi sociali",
        responsible: "Dott. Andrea Greco",
        term: Term::calendar_days(90),
        silence_consent: false,
        channels: &["online"],
        fee: None,
        published: false,
        fields: no_fields,
    },
];

pub async fn seed(store: &Arc<dyn Store>, t: TenantId) -> anyhow::Result<()> {
    let now = Utc::now();
    let mut ids = Vec::new();
    for s in SERVICES {
        let office = store.office_by_name(t, s.office).await?.map(|o| o.id);
        let data = ServiceData {
            code: s.code.into(),
            name: s.name.into(),
            description: s.description.into(),
            category: s.category.into(),
            office_id: office,
            responsible: Some(s.responsible.into()),
            term: s.term,
            silence_consent: s.silence_consent,
            substitute: Some(SUBSTITUTE.into()),
            channels: s.channels.iter().map(|c| c.to_string()).collect(),
            fee: s.fee.map(Into::into),
            sheet_ref: None,
            published: s.published,
        };
        ids.push(store.create_service(t, &data, &(s.fields)(), None, now).await?.id);
    }
    let office = |name: &'static str| {
        let store = store.clone();
        async move { anyhow::Ok(store.office_by_name(t, name).await?.map(|o| o.id)) }
    };
    let version = |name: &str, bytes: Vec<u8>, note: Option<&str>| {
        urp_web::library::form_version(name, bytes, note.map(Into::into))
            .ok_or_else(|| anyhow::anyhow!("demo form {name} is not a valid document"))
    };

    let ztl = FormDocData {
        title: "Domanda di permesso di transito nella ZTL".into(),
        description: "Da compilare e firmare; si presenta online o allo sportello della Polizia Locale.".into(),
        office_id: office("Polizia Locale").await?,
        published: true,
        review_by: Some(crate::demo_catalogue::today() + Duration::days(180)),
        ..Default::default()
    };
    let first =
        version("domanda-ztl-2025.pdf", pdf(&["Domanda di permesso ZTL", "Versione 2025"]), Some("Prima edizione"))?;
    let f = store.create_form(t, &ztl, &ids[0..1], &first, None, now - Duration::days(300)).await?;
    let second = version(
        "domanda-ztl-2026.pdf",
        pdf(&["Domanda di permesso ZTL", "Versione 2026: nuove fasce orarie"]),
        Some("Nuove fasce orarie"),
    )?;
    store.add_form_version(t, f.id, &second, None, now - Duration::days(20)).await?;

    let suolo = FormDocData {
        title: "Richiesta di occupazione di suolo pubblico".into(),
        description: "Modulo modificabile (ODT) con la planimetria dell'area da allegare.".into(),
        office_id: office("Ufficio Tecnico – Edilizia privata e urbanistica").await?,
        published: true,
        ..Default::default()
    };
    let v = version(
        "occupazione-suolo-pubblico.odt",
        odt("Richiesta di occupazione temporanea di suolo pubblico. Indirizzo, superficie, periodo, uso."),
        None,
    )?;
    store.create_form(t, &suolo, &ids[1..2], &v, None, now - Duration::days(60)).await?;

    let tari = FormDocData {
        title: "Dichiarazione TARI – riduzioni e agevolazioni".into(),
        description: "Per chiedere le riduzioni della tassa sui rifiuti.".into(),
        office_id: office(crate::demo_data::TRIBUTI_OFFICE).await?,
        published: true,
        // Past its review date: the back office sees it flagged "da rivedere".
        review_by: Some(crate::demo_catalogue::today() - Duration::days(10)),
        ..Default::default()
    };
    let v = version("dichiarazione-tari.pdf", pdf(&["Dichiarazione TARI", "Riduzioni e agevolazioni"]), None)?;
    store.create_form(t, &tari, &ids[2..3], &v, None, now - Duration::days(400)).await?;

    let online = NoticeData {
        title: "ZTL del centro storico: nuovi orari dal 1° dicembre".into(),
        summary: "La zona a traffico limitato è attiva dalle 8 alle 20, anche il sabato. I permessi già rilasciati restano validi.".into(),
        body: "Dal 1° dicembre la ZTL del centro storico è attiva tutti i giorni dalle 8 alle 20, sabato compreso.\nI permessi già rilasciati restano validi fino alla loro scadenza; le nuove domande si presentano online.".into(),
        topic_id: None,
        publish_from: now - Duration::days(2),
        publish_until: Some(now + Duration::days(60)),
        image_alt: None,
    };
    store.create_notice(t, &online, None, &ids[0..1], None, now - Duration::days(2)).await?;
    let scheduled = NoticeData {
        title: "Bando contributo affitto 2027".into(),
        summary: "Il bando apre a gennaio: requisiti e moduli saranno pubblicati in questa pagina.".into(),
        body: "Il Comune pubblicherà a gennaio il bando per il contributo all'affitto.".into(),
        topic_id: None,
        publish_from: now + Duration::days(30),
        publish_until: None,
        image_alt: None,
    };
    store.create_notice(t, &scheduled, None, &[], None, now).await?;
    Ok(())
}

fn today() -> chrono::NaiveDate {
    urp_web::intake::local_date(Utc::now())
}

/// A one-page PDF with the given lines, with a correct cross-reference table.
pub fn pdf(lines: &[&str]) -> Vec<u8> {
    let text: String = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let safe: String = l.chars().filter(|c| c.is_ascii() && !matches!(c, '(' | ')' | '\\')).collect();
            format!("BT /F1 14 Tf 72 {} Td ({safe}) Tj ET\n", 760 - 24 * i)
        })
        .collect();
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
            .to_string(),
        format!("<< /Length {} >>\nstream\n{text}endstream", text.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for b in data {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// A ZIP archive with stored (uncompressed) entries, in order.
fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in entries {
        let offset = u32::try_from(out.len()).unwrap_or(u32::MAX);
        let crc = crc32(data);
        let size = u32::try_from(data.len()).unwrap_or(u32::MAX);
        let name_len = u16::try_from(name.len()).unwrap_or(u16::MAX);
        let mut header = Vec::new();
        header.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0x21, 0]);
        header.extend_from_slice(&crc.to_le_bytes());
        header.extend_from_slice(&size.to_le_bytes());
        header.extend_from_slice(&size.to_le_bytes());
        header.extend_from_slice(&name_len.to_le_bytes());
        header.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(b"PK\x03\x04");
        out.extend_from_slice(&header);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        central.extend_from_slice(b"PK\x01\x02");
        central.extend_from_slice(&[20, 0]);
        central.extend_from_slice(&header);
        central.extend_from_slice(&[0; 8]);
        central.extend_from_slice(&[0; 4]);
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let central_offset = u32::try_from(out.len()).unwrap_or(u32::MAX);
    let central_size = u32::try_from(central.len()).unwrap_or(u32::MAX);
    let count = u16::try_from(entries.len()).unwrap_or(u16::MAX);
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06\0\0\0\0");
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&central_size.to_le_bytes());
    out.extend_from_slice(&central_offset.to_le_bytes());
    out.extend_from_slice(&[0, 0]);
    out
}

/// A minimal OpenDocument text with one paragraph.
pub fn odt(paragraph: &str) -> Vec<u8> {
    let escaped = paragraph.replace('&', "&amp;").replace('<', "&lt;");
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content \
         xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
         xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">\
         <office:body><office:text><text:p>{escaped}</text:p></office:text></office:body></office:document-content>"
    );
    let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest:manifest \
         xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\
         <manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.text\"/>\
         <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\
         </manifest:manifest>";
    zip(&[
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ("content.xml", content.as_bytes()),
        ("META-INF/manifest.xml", manifest.as_bytes()),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_files_are_accepted_as_what_they_are() {
        let p = urp_web::library::form_version("a.pdf", pdf(&["Prova (1)"]), None).unwrap();
        assert_eq!(p.content_type, "application/pdf");
        let o = urp_web::library::form_version("a.odt", odt("Prova <1>"), None).unwrap();
        assert_eq!(o.content_type, "application/vnd.oasis.opendocument.text");
    }

    #[test]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn demo_definitions_pass_the_catalogue_rules() {
        for s in SERVICES {
            assert!(urp_domain::catalogue::check_definition(&(s.fields)()).is_ok(), "{}", s.code);
            assert!(urp_domain::catalogue::valid_service_code(s.code), "{}", s.code);
            assert!(urp_domain::service_category::is_service_category(s.category), "{}", s.code);
        }
    }
}
