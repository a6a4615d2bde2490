//! Demo content for a fictional comune: the "Comune di Valfiorita", in the equally fictional
//! "provincia di Montealto" (sigla `MA`).
//!
//! Everything here is invented: the comune, its offices, addresses, people, phone numbers
//! (all `+39 0999 1234xx`, a range no real operator uses for Valfiorita) and e-mail
//! addresses (all under the reserved `.example` top-level domain). The texts are written in
//! Italian as a real comune of about 25,000 inhabitants would write them on its website.
//!
//! The topics ([`TOPICS`]) use the exact names of the "argomenti" taxonomy of the Designers
//! Italia "Modello Comuni" (the controlled vocabulary derived from the Eurovoc thesaurus),
//! limited to the ones a URP meets every day.
//!
//! This module is pure data: no I/O and no dependencies beyond `std`. The loader that writes
//! it into a store lives elsewhere.

/// The ente (tenant) of the demo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoTenant {
    /// URL-safe identifier of the tenant.
    pub slug: &'static str,
    /// Official name of the ente.
    pub name: &'static str,
    /// Code in the Indice dei domicili digitali della PA (IPA).
    pub ipa_code: &'static str,
    /// Patron saint's day, `(month, day)`: a local holiday for the deadline calendar.
    pub patron_day: (u32, u32),
    /// Address of the town hall.
    pub address: &'static str,
    /// Switchboard number.
    pub phone: &'static str,
    /// Ordinary e-mail address for the public.
    pub email: &'static str,
    /// Institutional PEC (certified e-mail) address.
    pub pec: &'static str,
}

/// An office ("Unità organizzativa" in the Designers Italia model).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoOffice {
    /// Name of the office, unique within the tenant.
    pub name: &'static str,
    /// What the office does ("Competenze"), in Italian.
    pub competences: &'static str,
    /// Main seat ("Sede principale").
    pub address: &'static str,
    /// Opening hours for the public ("Orario per il pubblico"); lines separated by `\n`.
    pub opening_hours: &'static str,
    /// Telephone contact point.
    pub phone: &'static str,
    /// E-mail contact point.
    pub email: &'static str,
    /// PEC contact point, where the office has its own.
    pub pec: Option<&'static str>,
    /// Person responsible for the office, with title and role.
    pub responsible: &'static str,
}

/// A topic ("argomento") of the Designers Italia taxonomy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoTopic {
    /// Exact name from the "argomenti" taxonomy.
    pub name: &'static str,
    /// One-sentence description, in Italian.
    pub description: &'static str,
}

/// A staff account of the demo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoUser {
    /// Login e-mail.
    pub email: &'static str,
    /// Full name of the person.
    pub name: &'static str,
    /// Role code: `admin`, `manager`, `front_office`, `back_office` or `referent`.
    pub role: &'static str,
    /// Name of the office the user belongs to (equal to a [`DemoOffice::name`]), if any.
    pub office: Option<&'static str>,
    /// Demo password (published in the README; demo deployments only).
    pub password: &'static str,
}

/// Name of the URP office, referenced by the demo users.
pub const URP_OFFICE: &str = "Ufficio Relazioni con il Pubblico (URP)";

/// Name of the tax office, referenced by the demo referent.
pub const TRIBUTI_OFFICE: &str = "Ufficio Tributi";

/// The demo comune.
pub const TENANT: DemoTenant = DemoTenant {
    slug: "valfiorita",
    name: "Comune di Valfiorita",
    ipa_code: "c_vf01",
    // San Michele Arcangelo, 29 settembre.
    patron_day: (9, 29),
    address: "Piazza della Repubblica 1, 00999 Valfiorita (MA)",
    phone: "+39 0999 123400",
    email: "urp@comune.valfiorita.example",
    pec: "protocollo@pec.comune.valfiorita.example",
};

/// The twelve offices of the demo comune.
pub const OFFICES: &[DemoOffice] = &[
    DemoOffice {
        name: URP_OFFICE,
        competences: "Accoglie i cittadini e fornisce informazioni sui servizi, sugli uffici e \
            sui procedimenti del Comune, allo sportello, per telefono, per e-mail e attraverso \
            il sito istituzionale. Riceve segnalazioni, reclami e suggerimenti, li inoltra agli \
            uffici competenti e ne segue l'esito fino alla risposta. Garantisce l'esercizio del \
            diritto di accesso agli atti e dell'accesso civico e rileva periodicamente la \
            soddisfazione degli utenti sui servizi comunali.",
        address: "Palazzo comunale, piano terra – Piazza della Repubblica 1, 00999 Valfiorita (MA)",
        opening_hours: "Lunedì, mercoledì e venerdì 8:30–13:00\n\
            Martedì e giovedì 8:30–13:00 e 15:00–18:00\n\
            Sabato 9:00–12:00",
        phone: "+39 0999 123401",
        email: "urp@comune.valfiorita.example",
        pec: None,
        responsible: "Dott.ssa Chiara Bellandi, responsabile dell'Ufficio Relazioni con il Pubblico",
    },
    DemoOffice {
        name: "Servizi demografici – Anagrafe e Stato civile",
        competences: "Cura l'anagrafe della popolazione residente e i registri di stato civile: \
            cambi di residenza e di indirizzo, certificati, carte d'identità elettroniche, atti \
            di nascita, matrimonio, unione civile e morte. Gestisce le liste elettorali, il \
            rilascio delle tessere elettorali e gli albi degli scrutatori e dei presidenti di \
            seggio. Riceve le dichiarazioni di volontà sulla donazione di organi e tessuti al \
            momento del rilascio della carta d'identità.",
        address: "Palazzo comunale, piano terra – Piazza della Repubblica 1, 00999 Valfiorita (MA)",
        opening_hours: "Lunedì, mercoledì e venerdì 8:30–12:30\n\
            Martedì 8:30–12:30 e 15:00–17:30\n\
            Giovedì 15:00–17:30\n\
            Sabato 9:00–12:00 (solo carta d'identità, su appuntamento)",
        phone: "+39 0999 123410",
        email: "anagrafe@comune.valfiorita.example",
        pec: Some("demografici@pec.comune.valfiorita.example"),
        responsible: "Dott. Marco Ricciardelli, responsabile dei Servizi demografici",
    },
    DemoOffice {
        name: TRIBUTI_OFFICE,
        competences: "Gestisce i tributi comunali: IMU, TARI e canone unico patrimoniale. \
            Assiste i contribuenti nel calcolo dei versamenti, riceve le dichiarazioni e le \
            richieste di riduzione o agevolazione ed emette gli avvisi di pagamento e di \
            accertamento. Esamina le istanze di rimborso, di rateizzazione e di annullamento \
            in autotutela.",
        address: "Palazzo Ferrante, primo piano – Via Giuseppe Garibaldi 12, 00999 Valfiorita (MA)",
        opening_hours: "Lunedì e venerdì 9:00–12:30\n\
            Mercoledì 9:00–12:30 e 15:00–17:00\n\
            Martedì e giovedì solo su appuntamento",
        phone: "+39 0999 123420",
        email: "tributi@comune.valfiorita.example",
        pec: Some("tributi@pec.comune.valfiorita.example"),
        responsible: "Rag. Paola Santangelo, responsabile del servizio Tributi",
    },
    DemoOffice {
        name: "Polizia Locale",
        competences: "Svolge i compiti di polizia stradale, amministrativa, edilizia e \
            ambientale sul territorio comunale e rileva gli incidenti stradali. Gestisce i \
            verbali per violazioni al Codice della strada e i relativi ricorsi, rilascia i \
            contrassegni per la sosta e le autorizzazioni alla circolazione nella zona a \
            traffico limitato. Riceve esposti e segnalazioni dei cittadini e collabora con le \
            altre forze di polizia e con la protezione civile.",
        address: "Comando di Polizia Locale – Via dei Mille 8, 00999 Valfiorita (MA)",
        opening_hours: "Ufficio verbali e permessi: dal lunedì al sabato 8:30–12:30; \
            martedì e giovedì anche 15:00–17:00\n\
            Servizio di pattuglia sul territorio tutti i giorni 7:30–19:30",
        phone: "+39 0999 123430",
        email: "polizialocale@comune.valfiorita.example",
        pec: Some("polizialocale@pec.comune.valfiorita.example"),
        responsible: "Commissario Andrea Lombardini, comandante della Polizia Locale",
    },
    DemoOffice {
        name: "Servizi sociali",
        competences: "Sostiene le persone e le famiglie in difficoltà attraverso il \
            segretariato sociale e la presa in carico da parte delle assistenti sociali. \
            Eroga contributi economici e organizza l'assistenza domiciliare, il trasporto \
            sociale e i pasti a domicilio per anziani e persone con disabilità. Gestisce i \
            bandi per l'assegnazione degli alloggi di edilizia residenziale pubblica e per i \
            contributi all'affitto, in collaborazione con l'azienda sanitaria e con le \
            associazioni del territorio.",
        address: "Palazzo Orsini, piano terra – Via Roma 48, 00999 Valfiorita (MA)",
        opening_hours: "Segretariato sociale: lunedì e giovedì 9:00–12:00; martedì 15:00–17:30\n\
            Colloqui con le assistenti sociali su appuntamento",
        phone: "+39 0999 123440",
        email: "servizisociali@comune.valfiorita.example",
        pec: None,
        responsible: "Dott.ssa Elena Martinelli, responsabile dei Servizi sociali",
    },
    DemoOffice {
        name: "Ufficio Tecnico – Edilizia privata e urbanistica",
        competences: "Istruisce i titoli edilizi (permesso di costruire, SCIA e CILA) e le \
            segnalazioni di agibilità, verificando la conformità degli interventi al piano \
            urbanistico e ai regolamenti comunali. Rilascia i certificati di destinazione \
            urbanistica e consente la visione e la copia delle pratiche edilizie. Cura la \
            pianificazione del territorio e le varianti al piano urbanistico comunale.",
        address: "Palazzo comunale, secondo piano – Piazza della Repubblica 1, 00999 Valfiorita (MA)",
        opening_hours: "Martedì 9:00–12:30\n\
            Giovedì 9:00–12:30 e 15:00–17:30\n\
            Ricevimento dei tecnici negli altri giorni su appuntamento",
        phone: "+39 0999 123450",
        email: "edilizia@comune.valfiorita.example",
        pec: None,
        responsible: "Arch. Stefano Guidotti, responsabile del servizio Edilizia privata e \
            urbanistica",
    },
    DemoOffice {
        name: "Lavori pubblici e manutenzioni",
        competences: "Progetta e dirige le opere pubbliche del Comune e ne segue l'esecuzione \
            fino al collaudo. Cura la manutenzione di strade, marciapiedi, illuminazione \
            pubblica, edifici comunali e scuole. Raccoglie le segnalazioni di guasti e di \
            situazioni di pericolo sul suolo pubblico e rilascia le autorizzazioni per gli \
            scavi e la manomissione del suolo stradale.",
        address: "Palazzo comunale, secondo piano – Piazza della Repubblica 1, 00999 Valfiorita (MA)",
        opening_hours: "Lunedì e mercoledì 9:00–12:30\n\
            Giovedì 15:00–17:30",
        phone: "+39 0999 123455",
        email: "lavoripubblici@comune.valfiorita.example",
        pec: None,
        responsible: "Ing. Roberto Fantoni, responsabile del servizio Lavori pubblici e \
            manutenzioni",
    },
    DemoOffice {
        name: "Ambiente e igiene urbana",
        competences: "Coordina il servizio di raccolta differenziata porta a porta e di \
            spazzamento delle strade svolto dal gestore e gestisce il centro comunale di \
            raccolta. Organizza il ritiro dei rifiuti ingombranti su prenotazione e la \
            distribuzione dei contenitori e dei sacchetti per la raccolta. Si occupa inoltre di \
            verde pubblico, tutela degli animali, disinfestazioni e controlli sull'abbandono \
            dei rifiuti.",
        address: "Centro comunale di raccolta – Via dell'Artigianato 3, 00999 Valfiorita (MA)",
        opening_hours: "Ufficio: lunedì, mercoledì e venerdì 9:00–12:00\n\
            Centro di raccolta: dal martedì al sabato 8:00–12:00; mercoledì e venerdì anche \
            14:30–17:30",
        phone: "+39 0999 123460",
        email: "ambiente@comune.valfiorita.example",
        pec: None,
        responsible: "Dott.ssa Giulia Marchetti, responsabile del servizio Ambiente e igiene \
            urbana",
    },
    DemoOffice {
        name: "Servizi scolastici e istruzione",
        competences: "Gestisce le iscrizioni e le tariffe dell'asilo nido comunale e dei \
            servizi di mensa, trasporto scolastico, pre e post scuola. Distribuisce le cedole \
            librarie per la scuola primaria ed eroga i contributi per il diritto allo studio. \
            Mantiene i rapporti con gli istituti comprensivi del territorio e organizza i \
            centri estivi.",
        address: "Palazzo Orsini, primo piano – Via Roma 48, 00999 Valfiorita (MA)",
        opening_hours: "Lunedì e mercoledì 9:00–12:30\n\
            Giovedì 9:00–12:30 e 15:00–17:30\n\
            Nel periodo delle iscrizioni (giugno e luglio) anche venerdì 9:00–12:30",
        phone: "+39 0999 123470",
        email: "istruzione@comune.valfiorita.example",
        pec: None,
        responsible: "Dott.ssa Silvia Orlandini, responsabile dei Servizi scolastici",
    },
    DemoOffice {
        name: "Cultura, biblioteca e turismo",
        competences: "Gestisce la Biblioteca civica e l'archivio storico comunale, con i \
            servizi di prestito, consultazione e promozione della lettura. Organizza la \
            stagione culturale, le mostre e la festa patronale di San Michele Arcangelo e \
            concede il patrocinio e l'uso delle sale comunali alle associazioni. Cura il punto \
            di informazione turistica e la promozione del territorio.",
        address: "Biblioteca civica, Palazzo delle Logge – Via dei Portici 21, 00999 \
            Valfiorita (MA)",
        opening_hours: "Dal lunedì al venerdì 9:00–19:00\n\
            Sabato 9:00–13:00\n\
            Punto di informazione turistica: da aprile a ottobre anche la domenica 10:00–12:30",
        phone: "+39 0999 123480",
        email: "cultura@comune.valfiorita.example",
        pec: None,
        responsible: "Dott. Luca Benvenuti, responsabile del servizio Cultura e della \
            Biblioteca civica",
    },
    DemoOffice {
        name: "Attività produttive – SUAP",
        competences: "Lo Sportello unico per le attività produttive è il punto di riferimento \
            per chi avvia, modifica o cessa un'attività d'impresa: commercio, artigianato, \
            pubblici esercizi e strutture ricettive. Riceve in via telematica le segnalazioni \
            certificate di inizio attività e le domande di autorizzazione e coordina i pareri \
            degli altri enti coinvolti. Gestisce inoltre il mercato settimanale, le fiere e le \
            concessioni dei posteggi per il commercio su area pubblica.",
        address: "Palazzo comunale, primo piano – Piazza della Repubblica 1, 00999 Valfiorita (MA)",
        opening_hours: "Martedì e giovedì 9:00–12:30\n\
            Mercoledì 15:00–17:30, solo su appuntamento",
        phone: "+39 0999 123490",
        email: "suap@comune.valfiorita.example",
        pec: Some("suap@pec.comune.valfiorita.example"),
        responsible: "Dott. Paolo Ferrante, responsabile dello Sportello unico per le attività \
            produttive",
    },
    DemoOffice {
        name: "Protocollo generale e archivio",
        competences: "Riceve e registra nel protocollo informatico la corrispondenza in arrivo \
            al Comune, consegnata a mano o pervenuta per posta ordinaria, raccomandata o PEC, e \
            la assegna agli uffici competenti. Rilascia a chi deposita istanze o documenti la \
            ricevuta con il numero di protocollo. Cura la spedizione della corrispondenza in \
            uscita e la conservazione dell'archivio corrente e di deposito.",
        address: "Palazzo comunale, piano terra – Piazza della Repubblica 1, 00999 Valfiorita (MA)",
        opening_hours: "Dal lunedì al venerdì 8:30–12:30\n\
            Martedì e giovedì anche 15:00–17:30",
        phone: "+39 0999 123402",
        email: "protocollo@comune.valfiorita.example",
        pec: Some("protocollo@pec.comune.valfiorita.example"),
        responsible: "Sig.ra Rosa Di Stefano, responsabile del servizio Protocollo e archivio",
    },
];

/// Topics ("argomenti"), with the exact names of the Designers Italia taxonomy.
pub const TOPICS: &[DemoTopic] = &[
    DemoTopic {
        name: "Accesso all'informazione",
        description: "Accesso agli atti, accesso civico semplice e generalizzato e registro \
            degli accessi del Comune.",
    },
    DemoTopic {
        name: "Assistenza sociale",
        description: "Contributi economici, assistenza domiciliare e sostegno a famiglie, \
            anziani e persone con disabilità che si trovano in difficoltà.",
    },
    DemoTopic {
        name: "Associazioni",
        description: "Albo comunale delle associazioni, contributi, patrocini e concessione di \
            sale e spazi per le attività di volontariato e di promozione sociale.",
    },
    DemoTopic {
        name: "Comunicazione istituzionale",
        description: "Notizie, avvisi e comunicati del Comune e canali per mettersi in \
            contatto con l'amministrazione e con l'Ufficio Relazioni con il Pubblico.",
    },
    DemoTopic {
        name: "Elezioni",
        description: "Iscrizione nelle liste elettorali, tessera elettorale, voto a domicilio \
            o in ospedale e albi degli scrutatori e dei presidenti di seggio.",
    },
    DemoTopic {
        name: "Gestione rifiuti",
        description: "Raccolta differenziata porta a porta, calendario dei ritiri, centro \
            comunale di raccolta, ritiro degli ingombranti e segnalazione degli abbandoni.",
    },
    DemoTopic {
        name: "Imposte",
        description: "IMU, TARI, canone unico patrimoniale e altri tributi comunali: scadenze, \
            calcolo, agevolazioni, rimborsi e ravvedimento.",
    },
    DemoTopic {
        name: "Imprese",
        description: "Avvio, modifica e cessazione delle attività economiche tramite lo \
            Sportello unico per le attività produttive.",
    },
    DemoTopic {
        name: "Istruzione",
        description: "Asilo nido, mensa e trasporto scolastico, pre e post scuola, cedole \
            librarie e contributi per il diritto allo studio.",
    },
    DemoTopic {
        name: "Matrimonio",
        description: "Pubblicazioni di matrimonio, celebrazione del rito civile, unioni civili \
            e scelta della sala comunale per la cerimonia.",
    },
    DemoTopic {
        name: "Mobilità sostenibile",
        description: "Trasporto pubblico locale, piste ciclabili e iniziative per spostarsi in \
            città riducendo traffico e inquinamento.",
    },
    DemoTopic {
        name: "Nascita",
        description: "Dichiarazione di nascita, riconoscimento dei figli, iscrizione \
            anagrafica dei neonati e servizi per le famiglie con bambini piccoli.",
    },
    DemoTopic {
        name: "Parcheggi",
        description: "Aree di sosta, parcheggi a pagamento, abbonamenti per i residenti e \
            contrassegno per la sosta delle persone con disabilità.",
    },
    DemoTopic {
        name: "Patrimonio culturale",
        description: "Biblioteca civica, archivio storico, monumenti e iniziative per \
            conoscere e valorizzare la storia di Valfiorita.",
    },
    DemoTopic {
        name: "Polizia",
        description: "Attività della Polizia Locale: sicurezza stradale, verbali e ricorsi, \
            permessi di circolazione, rilievo degli incidenti e controllo del territorio.",
    },
    DemoTopic {
        name: "Protezione civile",
        description: "Piano comunale di protezione civile, allerte meteo, aree di attesa e \
            comportamenti da tenere in caso di emergenza.",
    },
    DemoTopic {
        name: "Residenza",
        description: "Cambio di residenza e di indirizzo, certificati anagrafici, carta \
            d'identità elettronica e iscrizione anagrafica dei cittadini stranieri.",
    },
    DemoTopic {
        name: "Sport",
        description: "Impianti sportivi comunali, uso delle palestre scolastiche in orario \
            extrascolastico, contributi alle società sportive e manifestazioni.",
    },
    DemoTopic {
        name: "Turismo",
        description: "Punto di informazione turistica, itinerari nel territorio, eventi, fiere \
            e festa patronale di San Michele Arcangelo.",
    },
    DemoTopic {
        name: "Urbanizzazione",
        description: "Piano urbanistico comunale, titoli edilizi, certificati di destinazione \
            urbanistica e opere di urbanizzazione.",
    },
];

/// The five demo staff accounts, one per role.
pub const USERS: &[DemoUser] = &[
    DemoUser {
        email: "admin@comune.valfiorita.example",
        name: "Davide Serafini",
        role: "admin",
        office: None,
        password: "Valfiorita-Admin-2026",
    },
    DemoUser {
        email: "responsabile.urp@comune.valfiorita.example",
        name: "Chiara Bellandi",
        role: "manager",
        office: Some(URP_OFFICE),
        password: "Valfiorita-Urp-2026",
    },
    DemoUser {
        email: "sportello@comune.valfiorita.example",
        name: "Matteo Guerrini",
        role: "front_office",
        office: Some(URP_OFFICE),
        password: "Valfiorita-Sportello-2026",
    },
    DemoUser {
        email: "redazione@comune.valfiorita.example",
        name: "Francesca Vitali",
        role: "back_office",
        office: Some(URP_OFFICE),
        password: "Valfiorita-Redazione-2026",
    },
    DemoUser {
        email: "referente.tributi@comune.valfiorita.example",
        name: "Simone Carraro",
        role: "referent",
        office: Some(TRIBUTI_OFFICE),
        password: "Valfiorita-Tributi-2026",
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn all_emails() -> Vec<&'static str> {
        let mut emails = vec![TENANT.email, TENANT.pec];
        for office in OFFICES {
            emails.push(office.email);
            emails.extend(office.pec);
        }
        emails.extend(USERS.iter().map(|u| u.email));
        emails
    }

    #[test]
    fn twelve_offices_with_unique_non_empty_names() {
        assert_eq!(OFFICES.len(), 12);
        let mut names = HashSet::new();
        for office in OFFICES {
            assert!(!office.name.trim().is_empty());
            assert!(names.insert(office.name), "duplicate office {}", office.name);
        }
    }

    #[test]
    fn offices_have_all_required_fields() {
        for office in OFFICES {
            assert!(!office.competences.trim().is_empty(), "{}", office.name);
            assert!(office.address.contains("Valfiorita (MA)"), "{}", office.name);
            assert!(!office.opening_hours.trim().is_empty(), "{}", office.name);
            assert!(!office.responsible.trim().is_empty(), "{}", office.name);
            assert!(office.phone.starts_with("+39 0999 1234"), "{}", office.name);
            // Line continuations must not leave runs of spaces behind.
            for text in [office.competences, office.opening_hours, office.responsible] {
                assert!(!text.contains("  "), "double space in {}", office.name);
            }
        }
        assert!(TENANT.phone.starts_with("+39 0999 "));
    }

    #[test]
    fn every_user_office_exists() {
        for user in USERS {
            if let Some(office) = user.office {
                assert!(
                    OFFICES.iter().any(|o| o.name == office),
                    "user {} refers to unknown office {}",
                    user.email,
                    office
                );
            }
        }
    }

    #[test]
    fn one_user_per_role() {
        assert_eq!(USERS.len(), 5);
        let roles: HashSet<&str> = USERS.iter().map(|u| u.role).collect();
        let expected: HashSet<&str> =
            ["admin", "manager", "front_office", "back_office", "referent"].into_iter().collect();
        assert_eq!(roles, expected);
    }

    #[test]
    fn topic_names_unique() {
        assert!((15..=20).contains(&TOPICS.len()));
        let mut names = HashSet::new();
        for topic in TOPICS {
            assert!(!topic.description.trim().is_empty(), "{}", topic.name);
            assert!(names.insert(topic.name), "duplicate topic {}", topic.name);
        }
    }

    #[test]
    fn emails_lower_case_and_reserved_domain() {
        for email in all_emails() {
            assert_eq!(email, email.to_lowercase(), "{email}");
            assert!(email.ends_with(".example"), "{email}");
            assert_eq!(email.matches('@').count(), 1, "{email}");
        }
    }

    #[test]
    fn passwords_long_enough() {
        for user in USERS {
            assert!(user.password.chars().count() >= 10, "{}", user.email);
        }
    }

    #[test]
    fn patron_day_is_a_valid_date() {
        let (month, day) = TENANT.patron_day;
        assert_eq!((month, day), (9, 29));
    }
}
