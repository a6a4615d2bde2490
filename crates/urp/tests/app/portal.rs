use crate::helpers::*;

#[tokio::test]
async fn home_shows_the_ente_and_the_agid_shell() {
    let app = TestApp::demo().await;
    let p = app.client().get("/").await;
    assert_eq!(p.status, 200);
    for needle in [
        "<html lang=\"it\"",
        "Comune di Valfiorita",
        "Cerca nel sito",
        "data-element=\"personal-area-login\"",
        "data-element=\"privacy-policy-link\"",
        "data-element=\"accessibility-link\"",
        "data-element=\"legal-notes\"",
        "href=\"#main-container\"",
        "Torna su",
        "Piazza della Repubblica 1",
    ] {
        assert!(p.body.contains(needle), "home lacks {needle}");
    }
    app.stop().await;
}

#[tokio::test]
async fn portal_pages_work_without_javascript() {
    let app = TestApp::demo().await;
    let c = app.client();
    for path in ["/uffici", "/argomenti", "/privacy", "/accessibilita", "/note-legali", "/crediti", "/cerca?q=anagrafe"]
    {
        let p = c.get(path).await;
        assert_eq!(p.status, 200, "{path}");
        assert!(p.body.contains("id=\"main-container\""), "{path}");
    }
    let legal = c.get("/note-legali").await;
    assert!(legal.body.contains("data-element=\"legal-notes-section\""));
    assert!(legal.body.contains("data-element=\"legal-notes-body\""));
    assert!(legal.body.contains("CC-BY 4.0"));
    let search = c.get("/cerca?q=anagrafe").await;
    assert!(search.body.contains("Servizi demografici"), "search finds the registry office");
    let none = c.get("/cerca?q=zzzzqqq").await;
    assert!(none.body.contains("Nessun risultato"));
    app.stop().await;
}

#[tokio::test]
async fn office_page_shows_contacts_and_unknown_office_is_404() {
    let app = TestApp::demo().await;
    let t = app.tenant().await;
    let office =
        app.store.list_offices(t.id).await.unwrap().into_iter().find(|o| o.data.name == "Ufficio Tributi").unwrap();
    let c = app.client();
    let p = c.get(&format!("/uffici/{}", office.id)).await;
    assert_eq!(p.status, 200);
    assert!(p.body.contains("Ufficio Tributi"));
    assert!(p.body.contains(office.data.email.as_deref().unwrap()));
    assert_eq!(c.get("/uffici/999999").await.status, 404);
    assert_eq!(c.get("/uffici/abc").await.status, 404);
    app.stop().await;
}

#[tokio::test]
async fn english_is_the_second_language() {
    let app = TestApp::demo().await;
    let c = app.client();
    let p = Client::get_with_lang(&c, "/", "en-GB,en;q=0.9").await;
    assert!(p.contains("<html lang=\"en\""));
    assert!(p.contains("Search the site"));
    // The switch sets a cookie that wins over the browser's preference.
    let r = c.get("/lingua/en?next=/uffici").await;
    assert_eq!(r.status, 303);
    assert_eq!(r.location(), "/uffici");
    let p = c.get("/uffici").await;
    assert!(p.body.contains("<html lang=\"en\""));
    // An off-site `next` is ignored.
    assert_eq!(c.get("/lingua/it?next=//evil.example").await.location(), "/");
    app.stop().await;
}

trait LangGet {
    async fn get_with_lang(c: &Client, path: &str, lang: &str) -> String;
}

impl LangGet for Client {
    async fn get_with_lang(c: &Client, path: &str, lang: &str) -> String {
        c.http.get(c.url(path)).header("accept-language", lang).send().await.unwrap().text().await.unwrap()
    }
}
