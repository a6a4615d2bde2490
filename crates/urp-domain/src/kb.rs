//! Knowledge base rules: the sections of a *scheda servizio* (Designers Italia "Servizio"), the
//! editorial workflow, what publication requires, and how an imported Markdown body is split
//! into sections. Pure functions only.

use crate::validate::FieldError;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// Where a sheet stands in the editorial workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SheetState {
    Bozza,
    InRevisione,
    Pubblicata,
    Archiviata,
}

impl SheetState {
    pub const ALL: [SheetState; 4] =
        [SheetState::Bozza, SheetState::InRevisione, SheetState::Pubblicata, SheetState::Archiviata];

    pub fn code(self) -> &'static str {
        match self {
            SheetState::Bozza => "bozza",
            SheetState::InRevisione => "in_revisione",
            SheetState::Pubblicata => "pubblicata",
            SheetState::Archiviata => "archiviata",
        }
    }

    /// The states a sheet may move to from this one.
    pub fn next(self) -> &'static [SheetState] {
        match self {
            SheetState::Bozza => &[SheetState::InRevisione, SheetState::Archiviata],
            SheetState::InRevisione => &[SheetState::Pubblicata, SheetState::Bozza],
            SheetState::Pubblicata => &[SheetState::Bozza, SheetState::Archiviata],
            SheetState::Archiviata => &[SheetState::Bozza],
        }
    }

    pub fn may_become(self, to: SheetState) -> bool {
        self.next().contains(&to)
    }

    /// Moving here needs the owner office's approval (a referent of that office or a manager).
    pub fn needs_approval(self) -> bool {
        self == SheetState::Pubblicata
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown sheet state `{0}` (expected bozza, in_revisione, pubblicata or archiviata)")]
pub struct UnknownSheetState(pub String);

impl FromStr for SheetState {
    type Err = UnknownSheetState;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim().to_lowercase().replace([' ', '-'], "_");
        // Friendly synonyms for files written by hand.
        let s = match s.as_str() {
            "draft" => "bozza",
            "review" | "in_review" => "in_revisione",
            "published" | "pubblicato" | "active" | "attiva" => "pubblicata",
            "archived" | "archiviato" => "archiviata",
            other => other,
        };
        SheetState::ALL.into_iter().find(|x| x.code() == s).ok_or_else(|| UnknownSheetState(s.to_string()))
    }
}

/// The body sections of a sheet, in the order of the AgID model (C.SI.1.3), with the
/// `data-element` the validator looks for and the anchor of the page index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Section {
    Audience,
    HowTo,
    Needed,
    Obtained,
    Deadlines,
    Costs,
    Access,
    Conditions,
    Contacts,
}

impl Section {
    pub const ALL: [Section; 9] = [
        Section::Audience,
        Section::HowTo,
        Section::Needed,
        Section::Obtained,
        Section::Deadlines,
        Section::Costs,
        Section::Access,
        Section::Conditions,
        Section::Contacts,
    ];

    /// The heading as the model names it (also what an imported body's headings are matched to).
    pub fn title(self) -> &'static str {
        match self {
            Section::Audience => "A chi è rivolto",
            Section::HowTo => "Come fare",
            Section::Needed => "Cosa serve",
            Section::Obtained => "Cosa si ottiene",
            Section::Deadlines => "Tempi e scadenze",
            Section::Costs => "Quanto costa",
            Section::Access => "Accedi al servizio",
            Section::Conditions => "Condizioni di servizio",
            Section::Contacts => "Contatti",
        }
    }

    /// The form field and anchor name.
    pub fn field(self) -> &'static str {
        match self {
            Section::Audience => "audience",
            Section::HowTo => "how_to",
            Section::Needed => "needed",
            Section::Obtained => "obtained",
            Section::Deadlines => "deadlines",
            Section::Costs => "costs",
            Section::Access => "access",
            Section::Conditions => "conditions",
            Section::Contacts => "contacts",
        }
    }

    /// Other headings that mean the same section in imported texts.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Section::Audience => &["a chi si rivolge", "destinatari"],
            Section::HowTo => &["come si fa", "come fare per"],
            Section::Needed => &["documenti necessari"],
            Section::Obtained => &[],
            Section::Deadlines => &["tempi", "scadenze", "fasi e scadenze"],
            Section::Costs => &["costi"],
            Section::Access => &["canali di accesso", "dove rivolgersi"],
            Section::Conditions => &["condizioni", "vincoli"],
            Section::Contacts => &["ufficio responsabile", "unità organizzativa responsabile", "contatti"],
        }
    }

    /// Sections publication requires (the fields the model marks required).
    pub fn required(self) -> bool {
        matches!(self, Section::Audience | Section::HowTo | Section::Needed | Section::Obtained | Section::Deadlines)
    }

    /// The section a line of an imported body names, if it is just a heading.
    pub fn from_heading(line: &str) -> Option<Section> {
        let t = line.trim().trim_start_matches('#').trim().trim_end_matches(':').trim();
        let t = t.trim_matches('*').trim();
        if t.is_empty() || t.chars().count() > 40 {
            return None;
        }
        let folded = t.to_lowercase();
        Section::ALL
            .into_iter()
            .find(|s| s.title().to_lowercase() == folded || s.aliases().iter().any(|a| *a == folded))
    }
}

/// An imported Markdown body split into sections: text before the first heading is the
/// general description; text under an unknown heading stays with the section before it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SplitBody {
    pub description: String,
    pub sections: Vec<(Section, String)>,
}

impl SplitBody {
    pub fn get(&self, s: Section) -> &str {
        self.sections.iter().find(|(x, _)| *x == s).map_or("", |(_, t)| t.as_str())
    }
}

pub fn split_body(body: &str) -> SplitBody {
    let mut out = SplitBody::default();
    let mut current: Option<Section> = None;
    let mut buf: Vec<&str> = Vec::new();
    let flush = |out: &mut SplitBody, current: Option<Section>, buf: &mut Vec<&str>| {
        let text = buf.join("\n").trim().to_string();
        buf.clear();
        match current {
            None => {
                if !text.is_empty() {
                    out.description = text;
                }
            }
            Some(s) => match out.sections.iter_mut().find(|(x, _)| *x == s) {
                Some((_, t)) if !text.is_empty() => {
                    t.push_str("\n\n");
                    t.push_str(&text);
                }
                Some(_) => {}
                None => out.sections.push((s, text)),
            },
        }
    };
    for line in body.lines() {
        if let Some(s) = Section::from_heading(line) {
            flush(&mut out, current, &mut buf);
            current = Some(s);
        } else {
            buf.push(line);
        }
    }
    flush(&mut out, current, &mut buf);
    out
}

/// What publication checks, as (field, problem) pairs in form order. `fields` gives the text
/// of each required section by its field name; `office_exists` whether the owner office is
/// set and still in the register.
pub fn publication_problems(
    title: &str,
    summary: &str,
    sections: &[(Section, &str)],
    office_exists: bool,
) -> Vec<(&'static str, FieldError)> {
    let mut out = Vec::new();
    if title.trim().is_empty() {
        out.push(("title", FieldError::Required));
    }
    if summary.trim().is_empty() {
        out.push(("summary", FieldError::Required));
    }
    for s in Section::ALL.into_iter().filter(|s| s.required()) {
        let text = sections.iter().find(|(x, _)| *x == s).map_or("", |(_, t)| *t);
        if text.trim().is_empty() {
            out.push((s.field(), FieldError::Required));
        }
    }
    if !office_exists {
        out.push(("office_id", FieldError::Required));
    }
    out
}

/// A URL path segment from a title: lower case ASCII letters and digits joined by dashes,
/// accents dropped ("Carta d'identità" → "carta-d-identita").
pub fn slugify(title: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in title.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à' | 'á' | 'â' | 'ä' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            other => other,
        };
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            out.push(c);
            dash = false;
        } else {
            dash = true;
        }
        if out.len() >= 80 {
            break;
        }
    }
    out
}

/// The AgID rating component: 1–5 stars, then one of five fixed answers (positive set for 4–5
/// stars, negative for 1–3), then optional details of at most 200 characters.
pub mod rating {
    pub const MAX_DETAILS: usize = 200;
    /// The validator's threshold: above it the positive question follows.
    pub const POSITIVE_ABOVE: u8 = 3;

    pub const POSITIVE: [&str; 5] = [
        "Le indicazioni erano chiare",
        "Le indicazioni erano complete",
        "Capivo sempre che stavo procedendo correttamente",
        "Non ho avuto problemi tecnici",
        "Altro",
    ];
    pub const NEGATIVE: [&str; 5] = [
        "A volte le indicazioni non erano chiare",
        "A volte le indicazioni non erano complete",
        "A volte non capivo se stavo procedendo correttamente",
        "Ho avuto problemi tecnici",
        "Altro",
    ];

    pub fn is_positive(stars: u8) -> bool {
        stars > POSITIVE_ABOVE
    }

    pub fn answers(stars: u8) -> &'static [&'static str; 5] {
        if is_positive(stars) { &POSITIVE } else { &NEGATIVE }
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum RatingError {
        Stars,
        Answer,
        TooLong,
    }

    /// Checks one submitted rating; the answer is an index into the set the stars select.
    pub fn validate(stars: u8, answer: Option<usize>, details: &str) -> Result<(), RatingError> {
        if !(1..=5).contains(&stars) {
            return Err(RatingError::Stars);
        }
        if answer.is_some_and(|a| a >= 5) {
            return Err(RatingError::Answer);
        }
        if details.chars().count() > MAX_DETAILS {
            return Err(RatingError::TooLong);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_moves_only_along_its_edges() {
        use SheetState::*;
        assert!(Bozza.may_become(InRevisione));
        assert!(InRevisione.may_become(Pubblicata));
        assert!(!Bozza.may_become(Pubblicata), "publication passes through review");
        assert!(Pubblicata.may_become(Archiviata));
        assert!(!Archiviata.may_become(Pubblicata));
        assert!(Pubblicata.needs_approval() && !Archiviata.needs_approval());
        for s in SheetState::ALL {
            assert_eq!(s.code().parse::<SheetState>(), Ok(s));
            assert!(!s.may_become(s));
        }
        assert_eq!("published".parse::<SheetState>(), Ok(Pubblicata));
        assert!("boh".parse::<SheetState>().is_err());
    }

    #[test]
    fn headings_and_bare_lines_fill_sections() {
        let body = "Introduzione.\n\n## A chi è rivolto\nAi residenti.\n\nCome fare\nPrenota.\n\n\
                    Cosa serve:\nUn documento.\n\n### Ufficio responsabile\nAnagrafe, piano terra.";
        let s = split_body(body);
        assert_eq!(s.description, "Introduzione.");
        assert_eq!(s.get(Section::Audience), "Ai residenti.");
        assert_eq!(s.get(Section::HowTo), "Prenota.");
        assert_eq!(s.get(Section::Needed), "Un documento.");
        assert_eq!(s.get(Section::Contacts), "Anagrafe, piano terra.");
        assert_eq!(s.get(Section::Costs), "");
    }

    #[test]
    fn a_sentence_that_starts_like_a_section_is_not_a_heading() {
        assert_eq!(Section::from_heading("Come fare per ottenere il rimborso entro trenta giorni dalla data"), None);
        assert_eq!(Section::from_heading("**Quanto costa**"), Some(Section::Costs));
        assert_eq!(Section::from_heading("# TEMPI E SCADENZE"), Some(Section::Deadlines));
    }

    #[test]
    fn publication_lists_every_missing_required_part() {
        let p = publication_problems("Titolo", "", &[(Section::Audience, "Tutti")], false);
        let fields: Vec<&str> = p.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, vec!["summary", "how_to", "needed", "obtained", "deadlines", "office_id"]);
        let all: Vec<(Section, &str)> = Section::ALL.into_iter().map(|s| (s, "testo")).collect();
        assert!(publication_problems("T", "S", &all, true).is_empty());
    }

    #[test]
    fn slugs_are_ascii() {
        assert_eq!(
            slugify("Carta d'identità elettronica: primo rilascio"),
            "carta-d-identita-elettronica-primo-rilascio"
        );
        assert_eq!(slugify("  TARI — tassa rifiuti  "), "tari-tassa-rifiuti");
        assert_eq!(slugify("!!!"), "");
    }

    #[test]
    fn rating_follow_up_depends_on_the_stars() {
        for stars in 1..=3 {
            assert_eq!(rating::answers(stars)[0], "A volte le indicazioni non erano chiare");
        }
        for stars in 4..=5 {
            assert_eq!(rating::answers(stars)[0], "Le indicazioni erano chiare");
        }
        assert_eq!(rating::validate(0, None, ""), Err(rating::RatingError::Stars));
        assert_eq!(rating::validate(6, None, ""), Err(rating::RatingError::Stars));
        assert_eq!(rating::validate(4, Some(5), ""), Err(rating::RatingError::Answer));
        assert_eq!(rating::validate(4, Some(4), &"à".repeat(200)), Ok(()));
        assert_eq!(rating::validate(4, Some(4), &"à".repeat(201)), Err(rating::RatingError::TooLong));
    }
}
