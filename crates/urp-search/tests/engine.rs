//! Behaviour of the engine on small corpora built here.

use urp_search::{DocKind, OpenState, SearchDoc, SearchIndex, SearchQuery, Synonyms};

fn doc(id: i64, title: &str, body: &str, keywords: &[&str]) -> SearchDoc {
    SearchDoc {
        tenant: 1,
        kind: DocKind::Sheet,
        id,
        external_id: Some(format!("s-{id}")),
        title: title.into(),
        summary: String::new(),
        body: body.into(),
        keywords: keywords.iter().map(|k| k.to_string()).collect(),
        topic: None,
        office: None,
        url: format!("/servizi/{id}"),
    }
}

fn corpus() -> SearchIndex {
    let ix = SearchIndex::in_memory();
    ix.upsert(&[
        doc(
            1,
            "Carta d'identità elettronica",
            "Rilascio della carta d'identità all'ufficio dell'anagrafe.",
            &["documento"],
        ),
        doc(2, "Tassa sui rifiuti (TARI)", "Pagamento della tassa sui rifiuti urbani e scadenze.", &["tari"]),
        doc(3, "Ritiro ingombranti", "Prenotazione del ritiro di mobili ed elettrodomestici.", &["divano"]),
        doc(4, "Iscrizione all'asilo nido", "Domande di iscrizione per la città di Valfiorita.", &["nido"]),
        doc(5, "Contrassegno disabili", "Permesso di sosta per persone con disabilità.", &["parcheggio"]),
    ])
    .unwrap_or_else(|e| panic!("{e}"));
    ix
}

fn ids(ix: &SearchIndex, q: &str, syn: &Synonyms) -> Vec<i64> {
    ix.search(1, &SearchQuery::new(q, 10), syn)
        .unwrap_or_else(|e| panic!("{q}: {e}"))
        .hits
        .iter()
        .map(|h| h.id)
        .collect()
}

#[test]
fn elisions_accents_and_stemming() {
    let ix = corpus();
    let none = Synonyms::empty();
    assert_eq!(ids(&ix, "anagrafe", &none).first(), Some(&1), "dell'anagrafe is indexed as anagrafe");
    assert_eq!(ids(&ix, "carta identita", &none).first(), Some(&1), "accents folded");
    assert_eq!(ids(&ix, "citta", &none).first(), Some(&4));
    assert_eq!(ids(&ix, "rifiuto", &none).first(), Some(&2), "singular finds plural");
    assert!(ids(&ix, "della di il", &none).is_empty(), "stop words alone match nothing");
}

#[test]
fn typos_of_long_words_are_tolerated() {
    let ix = corpus();
    let none = Synonyms::empty();
    assert_eq!(ids(&ix, "ingombarnti", &none).first(), Some(&3), "transposition");
    assert_eq!(ids(&ix, "elettrodomestci", &none).first(), Some(&3), "deletion");
    assert_eq!(ids(&ix, "prenotazzione", &none).first(), Some(&3), "insertion");
    // A short word is never corrected (too many neighbours).
    assert!(ids(&ix, "nodo", &none).is_empty());
}

#[test]
fn exact_words_rank_above_corrections() {
    let ix = SearchIndex::in_memory();
    ix.upsert(&[doc(1, "Mensa", "La cassa del comune.", &[]), doc(2, "Mensa", "La casse del comune.", &[])])
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ids(&ix, "mensa cassa", &Synonyms::empty()).first(), Some(&1));
}

#[test]
fn tenant_synonyms_and_builtin_vocabulary() {
    let ix = corpus();
    let none = Synonyms::empty();
    assert_eq!(ids(&ix, "spazzatura", &none).first(), Some(&2), "built-in thesaurus");
    assert_eq!(ids(&ix, "CIE", &none).first(), Some(&1), "abbreviation ⇄ phrase");
    assert_eq!(ids(&ix, "waste tax", &none).first(), Some(&2), "English glossary");
    assert_eq!(ids(&ix, "identity card", &none).first(), Some(&1));
    assert!(ids(&ix, "materasso vecchio", &none).is_empty());
    let syn = Synonyms::new(&Synonyms::parse_groups("materasso, ingombranti"));
    assert_eq!(ids(&ix, "materasso vecchio", &syn).first(), Some(&3), "tenant group");
}

#[test]
fn garbage_never_errors() {
    let ix = corpus();
    let none = Synonyms::empty();
    let long = "parola ".repeat(5000);
    for q in [
        "",
        "   ",
        "?!*",
        "\"",
        "title:carta AND (",
        "carta~2^3",
        "[a TO z]",
        "-- ; DROP TABLE",
        "😀😀",
        "北京 Ζεύς",
        "\u{0}\u{202e}",
        &long,
        "+-&&||!(){}[]^\"~*?:\\/",
    ] {
        ix.search(1, &SearchQuery::new(q, 10), &none).unwrap_or_else(|e| panic!("{q:?}: {e}"));
    }
    assert!(!ids(&ix, "carta~2^3", &none).is_empty(), "syntax characters are just separators");
}

#[test]
fn snippets_are_escaped_and_highlighted() {
    let ix = SearchIndex::in_memory();
    ix.upsert(&[doc(1, "Tassa <rifiuti>", "Si paga la tassa sui rifiuti & altro <script>", &[])])
        .unwrap_or_else(|e| panic!("{e}"));
    let r = ix.search(1, &SearchQuery::new("rifiuti", 10), &Synonyms::empty()).unwrap_or_else(|e| panic!("{e}"));
    let h = &r.hits[0];
    assert_eq!(h.title_html, "Tassa &lt;<mark>rifiuti</mark>&gt;");
    assert!(h.snippet_html.contains("<mark>rifiuti</mark> &amp; altro &lt;script&gt;"));
}

#[test]
fn tenants_kinds_topics_updates_and_deletes() {
    let ix = corpus();
    let none = Synonyms::empty();
    let mut other = doc(9, "Carta d'identità", "altro ente", &[]);
    other.tenant = 2;
    ix.upsert(&[other.clone()]).unwrap_or_else(|e| panic!("{e}"));
    assert!(!ids(&ix, "carta", &none).contains(&9), "other tenants are invisible");
    let mut q = SearchQuery::new("carta", 10);
    q.kinds = vec![DocKind::Notice];
    assert!(ix.search(1, &q, &none).map(|r| r.hits.is_empty()).unwrap_or(false));
    // Update in place: the old text is gone.
    ix.upsert(&[doc(1, "Passaporto", "Documento per l'espatrio", &[])]).unwrap_or_else(|e| panic!("{e}"));
    assert!(!ids(&ix, "anagrafe", &none).contains(&1));
    assert_eq!(ids(&ix, "passaporto", &none), vec![1]);
    ix.delete(1, DocKind::Sheet, 1).unwrap_or_else(|e| panic!("{e}"));
    assert!(ids(&ix, "passaporto", &none).is_empty());
    ix.replace_tenant(2, std::iter::empty()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ix.count(2).unwrap_or(9), 0);
    let mut with_topic = doc(20, "Mensa scolastica", "pasti", &[]);
    with_topic.topic = Some("Scuola e Università".into());
    ix.upsert(&[with_topic]).unwrap_or_else(|e| panic!("{e}"));
    let mut q = SearchQuery::new("mensa", 10);
    q.topic = Some("scuola e universita".into());
    assert_eq!(ix.search(1, &q, &none).map(|r| r.hits.len()).unwrap_or(0), 1);
    q.topic = Some("rifiuti".into());
    assert_eq!(ix.search(1, &q, &none).map(|r| r.hits.len()).unwrap_or(9), 0);
}

#[test]
fn open_creates_keeps_and_rebuilds_damaged_or_old_indexes() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = tmp.path().join("search");
    {
        let (ix, state) = SearchIndex::open(&dir).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(state, OpenState::Created);
        ix.upsert(&[doc(1, "Carta d'identità", "anagrafe", &[])]).unwrap_or_else(|e| panic!("{e}"));
    }
    {
        let (ix, state) = SearchIndex::open(&dir).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(state, OpenState::Current);
        assert_eq!(ix.count(1).unwrap_or(0), 1);
    }
    // Damage every file of the index: it is recreated, empty, and says so.
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{e}")) {
        let p = entry.unwrap_or_else(|e| panic!("{e}")).path();
        if p.extension().is_some_and(|e| e != "lock") && !p.ends_with("urp-search-version") {
            std::fs::write(&p, b"garbage").unwrap_or_else(|e| panic!("{e}"));
        }
    }
    {
        let (ix, state) = SearchIndex::open(&dir).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(state, OpenState::Rebuilt);
        assert_eq!(ix.count(1).unwrap_or(9), 0);
        ix.upsert(&[doc(1, "Carta d'identità", "anagrafe", &[])]).unwrap_or_else(|e| panic!("{e}"));
    }
    // Another schema version: rebuilt.
    std::fs::write(dir.join("urp-search-version"), "0").unwrap_or_else(|e| panic!("{e}"));
    let (_, state) = SearchIndex::open(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(state, OpenState::Rebuilt);
    // Deleted directory: created again.
    std::fs::remove_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let (_, state) = SearchIndex::open(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(state, OpenState::Created);
}

#[test]
fn street_names_in_a_question_do_not_match_addresses() {
    let ix = SearchIndex::in_memory();
    ix.upsert(&[
        doc(1, "Zona a traffico limitato", "Ufficio in via Roma 3, piazza Garibaldi.", &[]),
        doc(2, "Cambio di indirizzo", "Trasloco all'interno del comune.", &["trasloco"]),
    ])
    .unwrap_or_else(|e| panic!("{e}"));
    let none = Synonyms::empty();
    assert_eq!(ids(&ix, "Mi sposto da via Roma a piazza Garibaldi, cambio indirizzo?", &none), vec![2]);
    // Without a capitalised name "via" stays a word.
    assert_eq!(ids(&ix, "via roma", &none).first(), Some(&1));
}
