//! The back-office loop: automatic routing rules, internal deadlines, who a case is waiting
//! for, and the Italian-aware text similarity that suggests duplicates. Pure functions only.

use crate::OfficeId;
use crate::calendar::Calendar;
use crate::case::{CaseKind, CaseStatus, Channel};
use crate::deadline::{Term, compute_deadline};
use chrono::NaiveDate;
use std::collections::BTreeSet;

// ---------------------------------------------------------------------------------------------
// Text normalisation (shared by keyword patterns and duplicate similarity)
// ---------------------------------------------------------------------------------------------

/// Italian function words that say nothing about what a request is about.
const STOPWORDS: &[&str] = &[
    "a", "ad", "al", "alla", "alle", "allo", "agli", "ai", "anche", "che", "chi", "ci", "con", "cui", "da", "dal",
    "dalla", "dalle", "dai", "degli", "dei", "del", "della", "delle", "dello", "di", "e", "ed", "gli", "ha", "hanno",
    "ho", "i", "il", "in", "io", "la", "le", "lo", "ma", "mi", "ne", "nel", "nella", "nelle", "nei", "non", "o", "per",
    "piu", "questo", "questa", "quello", "quella", "se", "si", "sono", "su", "sul", "sulla", "tra", "fra", "un", "una",
    "uno", "vi", "c", "l", "d", "un'", "e'", "è", "sta", "stato", "essere", "come", "molto", "dove", "quando", "mio",
    "mia", "suo", "sua", "nostro", "nostra", "ancora", "gia", "sempre", "davanti", "vicino", "dopo", "prima", "troppo",
    "tanto", "ogni", "oggi", "ieri", "sui", "sugli", "nello", "negli", "dagli", "dallo",
];

/// Words that say where, not what: a street marker and the name after it ("via Garibaldi",
/// "piazza Dante", "parco comunale"), house numbers. Two reports from the same street about
/// different problems share them, so they count for less (see [`weighted_terms`]).
const PLACE_MARKERS: &[&str] = &[
    "via", "viale", "piazza", "piazzale", "corso", "largo", "vicolo", "parco", "giardino", "giardini", "frazione",
    "localita", "contrada", "borgo",
];
const PLACE_WORDS: &[&str] = &["civico", "numero", "angolo", "incrocio", "n"];
/// The weight of a place word against 1 for a word about the problem.
pub const PLACE_WEIGHT: f64 = 0.3;

/// Lower case, accents folded (à → a), apostrophes split ("dell'acqua" → "dell acqua").
pub fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ä' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            c if c.is_alphanumeric() => c,
            _ => ' ',
        })
        .collect()
}

/// A light Italian stemmer: strips the commonest inflectional endings, so that "buche",
/// "buca" and "bucata" meet, and "lampioni" meets "lampione". Deliberately conservative
/// (a stem keeps at least three letters), because a wrong merge costs more than a miss.
pub fn stem(word: &str) -> String {
    const SUFFIXES: &[&str] =
        &["amente", "azione", "azioni", "mente", "ione", "ioni", "are", "ere", "ire", "a", "e", "i", "o"];
    let w: Vec<char> = word.chars().collect();
    // "buche", "laghi": the h only keeps the hard sound of the plural; "buca" and "lago" agree.
    if w.len() >= 5 && matches!(w[w.len() - 2..], ['h', 'e' | 'i']) && matches!(w[w.len() - 3], 'c' | 'g') {
        return w[..w.len() - 2].iter().collect();
    }
    for s in SUFFIXES {
        let sl = s.chars().count();
        if w.len() >= sl + 3 && word.ends_with(s) {
            return w[..w.len() - sl].iter().collect();
        }
    }
    word.to_string()
}

/// The words of `text` that carry meaning: folded, stopwords dropped, stemmed.
pub fn terms(text: &str) -> Vec<String> {
    fold(text).split_whitespace().filter(|w| w.chars().count() > 1 && !STOPWORDS.contains(w)).map(stem).collect()
}

/// The set of meaningful stems of `text`.
pub fn term_set(text: &str) -> BTreeSet<String> {
    terms(text).into_iter().collect()
}

/// The meaningful stems of `text` with their weight: [`PLACE_WEIGHT`] for place words (a
/// street marker, the word after it, house numbers), 1 for the rest. A stem seen both ways
/// keeps the higher weight.
pub fn weighted_terms(text: &str) -> std::collections::BTreeMap<String, f64> {
    let folded = fold(text);
    let mut out = std::collections::BTreeMap::new();
    let mut after_marker = false;
    for w in folded.split_whitespace() {
        let place = after_marker
            || PLACE_MARKERS.contains(&w)
            || PLACE_WORDS.contains(&w)
            || w.chars().all(|c| c.is_ascii_digit());
        after_marker = PLACE_MARKERS.contains(&w);
        if w.chars().count() <= 1 || STOPWORDS.contains(&w) {
            continue;
        }
        let weight = if place { PLACE_WEIGHT } else { 1.0 };
        let e = out.entry(stem(w)).or_insert(weight);
        *e = f64::max(*e, weight);
    }
    out
}

/// Weighted overlap: the weight of the common stems over the lighter text's weight.
pub fn weighted_overlap(
    a: &std::collections::BTreeMap<String, f64>,
    b: &std::collections::BTreeMap<String, f64>,
) -> f64 {
    let total = |m: &std::collections::BTreeMap<String, f64>| m.values().sum::<f64>();
    let small = total(a).min(total(b));
    if small <= 0.0 {
        return 0.0;
    }
    let common: f64 = a.iter().filter_map(|(k, wa)| b.get(k).map(|wb| wa.min(*wb))).sum();
    common / small
}

// ---------------------------------------------------------------------------------------------
// Keyword patterns of routing rules
// ---------------------------------------------------------------------------------------------

/// A keyword pattern: alternatives separated by commas; each alternative is one or more words
/// that must all occur; a word ending in `*` matches any word starting with it.
/// Example: `buca*, manto stradale, marciapied*`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeywordPattern {
    alternatives: Vec<Vec<Word>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Word {
    Exact(String),
    Prefix(String),
}

/// Why a keyword pattern was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatternError {
    #[error("empty alternative between commas")]
    EmptyAlternative,
    #[error("`*` may only end a word: `{0}`")]
    MisplacedWildcard(String),
    #[error("a wildcard needs at least three letters before it: `{0}`")]
    ShortPrefix(String),
    #[error("character not allowed: `{0}`")]
    BadCharacter(char),
    #[error("too many alternatives (at most 50)")]
    TooLong,
}

impl PatternError {
    /// The message-catalogue key the web layer shows.
    pub fn code(&self) -> &'static str {
        match self {
            PatternError::EmptyAlternative => "routing-err-empty-alternative",
            PatternError::MisplacedWildcard(_) => "routing-err-wildcard",
            PatternError::ShortPrefix(_) => "routing-err-short-prefix",
            PatternError::BadCharacter(_) => "routing-err-character",
            PatternError::TooLong => "routing-err-too-long",
        }
    }
}

impl KeywordPattern {
    /// Parses a pattern; blank means "no keyword condition" (`Ok(None)`).
    pub fn parse(src: &str) -> Result<Option<KeywordPattern>, PatternError> {
        if src.trim().is_empty() {
            return Ok(None);
        }
        if let Some(c) =
            src.chars().find(|c| !(c.is_alphanumeric() || matches!(c, ',' | '*' | '\'' | ' ' | '-' | '\t')))
        {
            return Err(PatternError::BadCharacter(c));
        }
        let parts: Vec<&str> = src.split(',').collect();
        if parts.len() > 50 {
            return Err(PatternError::TooLong);
        }
        let mut alternatives = Vec::new();
        for part in parts {
            let mut words = Vec::new();
            for raw in part.split_whitespace() {
                let star = raw.ends_with('*');
                let body = raw.trim_end_matches('*');
                if body.contains('*') || (star && body.is_empty()) {
                    return Err(PatternError::MisplacedWildcard(raw.to_string()));
                }
                let folded: Vec<String> = fold(body).split_whitespace().map(str::to_string).collect();
                if star {
                    let Some((last, first)) = folded.split_last() else {
                        return Err(PatternError::MisplacedWildcard(raw.to_string()));
                    };
                    if last.chars().count() < 3 {
                        return Err(PatternError::ShortPrefix(raw.to_string()));
                    }
                    words.extend(first.iter().map(|w| Word::Exact(stem(w))));
                    words.push(Word::Prefix(last.clone()));
                } else {
                    words.extend(folded.iter().map(|w| Word::Exact(stem(w))));
                }
            }
            if words.is_empty() {
                return Err(PatternError::EmptyAlternative);
            }
            alternatives.push(words);
        }
        Ok(Some(KeywordPattern { alternatives }))
    }

    /// Whether some alternative has all its words in `text`.
    pub fn matches(&self, text: &str) -> bool {
        let folded = fold(text);
        let words: Vec<&str> = folded.split_whitespace().collect();
        let stems: BTreeSet<String> = words.iter().map(|w| stem(w)).collect();
        self.alternatives.iter().any(|alt| {
            alt.iter().all(|w| match w {
                Word::Exact(s) => stems.contains(s),
                Word::Prefix(p) => words.iter().any(|x| x.starts_with(p.as_str())),
            })
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Routing rules
// ---------------------------------------------------------------------------------------------

/// What a routing rule looks at in a new case.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseFacts<'a> {
    pub kind: CaseKind,
    pub channel: Channel,
    pub service: Option<&'a str>,
    pub topic_id: Option<i64>,
    pub subject: &'a str,
    pub description: &'a str,
}

/// A rule: every condition set must hold; unset conditions hold for any case.
#[derive(Debug, Clone, PartialEq)]
pub struct RoutingRule {
    pub kind: Option<CaseKind>,
    pub channel: Option<Channel>,
    /// Compared without case and accents.
    pub service: Option<String>,
    pub topic_id: Option<i64>,
    pub keywords: Option<KeywordPattern>,
    pub office: OfficeId,
}

impl RoutingRule {
    pub fn matches(&self, c: &CaseFacts<'_>) -> bool {
        self.kind.is_none_or(|k| k == c.kind)
            && self.channel.is_none_or(|ch| ch == c.channel)
            && self.topic_id.is_none_or(|t| Some(t) == c.topic_id)
            && self.service.as_deref().is_none_or(|s| c.service.is_some_and(|cs| fold(cs).trim() == fold(s).trim()))
            && self.keywords.as_ref().is_none_or(|k| k.matches(&format!("{} {}", c.subject, c.description)))
    }
}

/// The index of the first rule (in order) that matches: first match wins.
pub fn first_match(rules: &[RoutingRule], c: &CaseFacts<'_>) -> Option<usize> {
    rules.iter().position(|r| r.matches(c))
}

// ---------------------------------------------------------------------------------------------
// Internal deadlines
// ---------------------------------------------------------------------------------------------

/// Days an office has to answer an internal request when nothing else is set.
pub const DEFAULT_OPINION_DAYS: u32 = 15;

/// The days that apply: the office's own setting, else the ente's, else 15.
pub fn opinion_days(office: Option<u32>, tenant: Option<u32>) -> u32 {
    office.or(tenant).filter(|d| *d > 0).unwrap_or(DEFAULT_OPINION_DAYS)
}

/// The internal deadline of a request made on `asked_on`: `days` calendar days later, moved
/// to the next working day when it falls on a closed day (the office could not answer then).
pub fn opinion_due(asked_on: NaiveDate, days: u32, cal: &Calendar) -> NaiveDate {
    compute_deadline(asked_on, Term::calendar_days(days), &[], cal)
        .due()
        .unwrap_or_else(|| asked_on + chrono::Days::new(u64::from(days)))
}

// ---------------------------------------------------------------------------------------------
// Who is waiting for whom
// ---------------------------------------------------------------------------------------------

/// Whose move it is on an open case.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum WaitingOn {
    /// The citizen must send additions (the case is suspended).
    Citizen,
    /// These offices owe an answer (routed to them, or asked for an opinion).
    Offices(Vec<OfficeId>),
    /// The URP must act: route a new case, or validate a proposed reply.
    Urp,
}

impl WaitingOn {
    pub fn code(&self) -> &'static str {
        match self {
            WaitingOn::Citizen => "citizen",
            WaitingOn::Offices(_) => "office",
            WaitingOn::Urp => "urp",
        }
    }
}

/// What decides who a case waits for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitFacts {
    pub status: CaseStatus,
    pub office: Option<OfficeId>,
    /// Offices asked for an opinion that have not answered yet.
    pub open_opinions: Vec<OfficeId>,
    /// A reply proposed by the office waits for the URP's validation.
    pub proposal_pending: bool,
}

/// Who an open case waits for; `None` once it is answered or over. A pending proposal comes
/// first (the office has done its part), then the citizen, then open opinions, then the office
/// in charge; a case routed nowhere waits for the URP.
pub fn waiting_on(f: &WaitFacts) -> Option<WaitingOn> {
    if !f.status.is_open() {
        return None;
    }
    if f.proposal_pending {
        return Some(WaitingOn::Urp);
    }
    if f.status == CaseStatus::Sospesa {
        return Some(WaitingOn::Citizen);
    }
    if !f.open_opinions.is_empty() {
        let mut o = f.open_opinions.clone();
        o.sort();
        o.dedup();
        return Some(WaitingOn::Offices(o));
    }
    match f.office {
        Some(o) => Some(WaitingOn::Offices(vec![o])),
        None => Some(WaitingOn::Urp),
    }
}

// ---------------------------------------------------------------------------------------------
// Duplicates
// ---------------------------------------------------------------------------------------------

/// One side of a duplicate comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct DupFacts<'a> {
    pub kind: CaseKind,
    pub service: Option<&'a str>,
    pub text: &'a str,
    pub point: Option<(f64, f64)>,
}

/// Distance in metres between two (lat, lon) points (haversine, mean Earth radius).
pub fn distance_m(a: (f64, f64), b: (f64, f64)) -> f64 {
    let r = 6_371_000.0_f64;
    let (la1, la2) = (a.0.to_radians(), b.0.to_radians());
    let dlat = (b.0 - a.0).to_radians();
    let dlon = (b.1 - a.1).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * r * h.sqrt().asin()
}

/// Overlap of two stem sets: |A ∩ B| / min(|A|, |B|), so that a short report repeated inside
/// a longer one still scores high.
pub fn overlap(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let small = a.len().min(b.len());
    if small == 0 {
        return 0.0;
    }
    let common = a.intersection(b).count();
    common as f64 / small as f64
}

/// The score above which a case is suggested as a duplicate.
pub const DUPLICATE_THRESHOLD: f64 = 0.5;
/// What being within the distance adds to the text similarity.
pub const NEAR_BONUS: f64 = 0.15;

/// How much `candidate` looks like `new` (0 to 1), or `None` when it cannot be the same
/// problem: another kind and service, or both placed and farther apart than `max_m`.
pub fn duplicate_score(new: &DupFacts<'_>, candidate: &DupFacts<'_>, max_m: f64) -> Option<f64> {
    let same_service = match (new.service, candidate.service) {
        (Some(a), Some(b)) => fold(a).trim() == fold(b).trim(),
        _ => false,
    };
    if new.kind != candidate.kind && !same_service {
        return None;
    }
    let near = match (new.point, candidate.point) {
        (Some(a), Some(b)) => {
            if distance_m(a, b) > max_m {
                return None;
            }
            true
        }
        _ => false,
    };
    let text = weighted_overlap(&weighted_terms(new.text), &weighted_terms(candidate.text));
    // Being at the same place is evidence too: it lifts a partly similar text.
    Some(if near { (text + NEAR_BONUS).min(1.0) } else { text })
}

// ---------------------------------------------------------------------------------------------
// Mentions
// ---------------------------------------------------------------------------------------------

/// The `@handles` in an internal note, lower case, in order, without repeats. A handle is
/// the part before the `@` of a colleague's e-mail, or an office's short name.
pub fn mentions(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if *c != '@' || (i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '.')) {
            continue;
        }
        let handle: String = chars[i + 1..]
            .iter()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-'))
            .collect::<String>()
            .trim_end_matches(['.', '-'])
            .to_lowercase();
        if !handle.is_empty() && !out.contains(&handle) {
            out.push(handle);
        }
    }
    out
}

/// The handle of an office: its name folded, words joined by dashes ("Ufficio Tributi" →
/// "ufficio-tributi").
pub fn office_handle(name: &str) -> String {
    fold(name).split_whitespace().collect::<Vec<_>>().join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts<'a>(kind: CaseKind, channel: Channel, text: &'a str) -> CaseFacts<'a> {
        CaseFacts { kind, channel, service: None, topic_id: None, subject: text, description: "" }
    }

    #[test]
    fn folding_and_stemming_meet_italian_variants() {
        assert_eq!(fold("Perché l'Università è CHIUSA?"), "perche l universita e chiusa ");
        assert_eq!(stem("buche"), stem("buca"));
        assert_eq!(stem("lampioni"), stem("lampione"));
        assert_eq!(stem("rifiuti"), stem("rifiuto"));
        assert_eq!(stem("via"), "via", "short words are kept whole");
        assert_eq!(terms("La buca nella strada"), vec![stem("buca"), stem("strada")]);
    }

    #[test]
    fn keyword_patterns_parse_and_match() {
        let p = KeywordPattern::parse("buca, manto stradale, marciapied*").unwrap().unwrap();
        assert!(p.matches("Una BUCA enorme"));
        assert!(p.matches("buche in via Roma"));
        assert!(p.matches("Il manto della strada... manto stradale rovinato"));
        assert!(p.matches("Marciapiedi dissestati"));
        assert!(!p.matches("Stradale"), "all words of an alternative must occur");
        assert!(!p.matches("lampione spento"));
        // Accents and plurals do not matter.
        let q = KeywordPattern::parse("università").unwrap().unwrap();
        assert!(q.matches("UNIVERSITA chiusa"));
        assert_eq!(KeywordPattern::parse("   ").unwrap(), None);
    }

    #[test]
    fn invalid_patterns_are_refused_with_a_reason() {
        assert_eq!(KeywordPattern::parse("buca,,lampione"), Err(PatternError::EmptyAlternative));
        assert_eq!(KeywordPattern::parse("bu*ca"), Err(PatternError::MisplacedWildcard("bu*ca".into())));
        assert_eq!(KeywordPattern::parse("*"), Err(PatternError::MisplacedWildcard("*".into())));
        assert_eq!(KeywordPattern::parse("bu*"), Err(PatternError::ShortPrefix("bu*".into())));
        assert_eq!(KeywordPattern::parse("buca|strada"), Err(PatternError::BadCharacter('|')));
        assert_eq!(KeywordPattern::parse(&"a,".repeat(51)), Err(PatternError::TooLong));
        for e in [PatternError::EmptyAlternative, PatternError::TooLong] {
            assert!(e.code().starts_with("routing-err-"));
        }
    }

    #[test]
    fn first_matching_rule_wins_and_every_condition_counts() {
        let rule = |kind, channel, kw: &str, office| RoutingRule {
            kind,
            channel,
            service: None,
            topic_id: None,
            keywords: KeywordPattern::parse(kw).unwrap(),
            office: OfficeId(office),
        };
        let rules = vec![
            rule(Some(CaseKind::Segnalazione), None, "lampion*, illuminazione", 1),
            rule(Some(CaseKind::Segnalazione), None, "", 2),
            rule(None, Some(Channel::Pec), "", 3),
        ];
        let c = facts(CaseKind::Segnalazione, Channel::Web, "Lampione spento");
        assert_eq!(first_match(&rules, &c), Some(0));
        let c = facts(CaseKind::Segnalazione, Channel::Pec, "Buca");
        assert_eq!(first_match(&rules, &c), Some(1), "the earlier rule wins over the PEC one");
        let c = facts(CaseKind::Reclamo, Channel::Pec, "x");
        assert_eq!(first_match(&rules, &c), Some(2));
        assert_eq!(first_match(&rules, &facts(CaseKind::Reclamo, Channel::Web, "x")), None);
        let mut with_service = rule(None, None, "", 4);
        with_service.service = Some("Mensa Scolastica".into());
        with_service.topic_id = Some(9);
        let mut c = facts(CaseKind::Reclamo, Channel::Web, "x");
        assert!(!with_service.matches(&c));
        c.service = Some("mensa scolastica");
        assert!(!with_service.matches(&c), "topic must match too");
        c.topic_id = Some(9);
        assert!(with_service.matches(&c));
    }

    #[test]
    fn internal_deadlines_default_to_fifteen_days_and_skip_closed_days() {
        assert_eq!(opinion_days(None, None), 15);
        assert_eq!(opinion_days(None, Some(10)), 10);
        assert_eq!(opinion_days(Some(5), Some(10)), 5);
        assert_eq!(opinion_days(Some(0), None), 15, "zero is not a term");
        let cal = Calendar::new(Some((9, 29))).unwrap();
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        // Asked Mon 2 Nov 2026: +15 = Tue 17 Nov.
        assert_eq!(opinion_due(d(2026, 11, 2), 15, &cal), d(2026, 11, 17));
        // Asked Fri 11 Dec 2026: +15 = Sat 26 Dec (Santo Stefano, Saturday) → Mon 28 Dec.
        assert_eq!(opinion_due(d(2026, 12, 11), 15, &cal), d(2026, 12, 28));
        // Asked 14 Sep: +15 = Tue 29 Sep, the patron's day → Wed 30 Sep.
        assert_eq!(opinion_due(d(2026, 9, 14), 15, &cal), d(2026, 9, 30));
    }

    #[test]
    fn who_waits_for_whom() {
        let f = |status, office: Option<i64>, opinions: &[i64], proposal| WaitFacts {
            status,
            office: office.map(OfficeId),
            open_opinions: opinions.iter().map(|o| OfficeId(*o)).collect(),
            proposal_pending: proposal,
        };
        use CaseStatus as S;
        assert_eq!(waiting_on(&f(S::Nuova, None, &[], false)), Some(WaitingOn::Urp));
        assert_eq!(waiting_on(&f(S::Nuova, Some(3), &[], false)), Some(WaitingOn::Offices(vec![OfficeId(3)])));
        assert_eq!(
            waiting_on(&f(S::InLavorazione, Some(3), &[5, 4, 5], false)),
            Some(WaitingOn::Offices(vec![OfficeId(4), OfficeId(5)]))
        );
        assert_eq!(waiting_on(&f(S::Sospesa, Some(3), &[5], false)), Some(WaitingOn::Citizen));
        assert_eq!(waiting_on(&f(S::Sospesa, Some(3), &[], true)), Some(WaitingOn::Urp));
        for s in [S::RispostaInviata, S::Chiusa, S::Respinta, S::Ritirata] {
            assert_eq!(waiting_on(&f(s, Some(3), &[5], true)), None, "{s}");
        }
        assert_eq!(WaitingOn::Citizen.code(), "citizen");
    }

    #[test]
    fn duplicate_scores() {
        let a = DupFacts {
            kind: CaseKind::Segnalazione,
            service: None,
            text: "Buca pericolosa in via Garibaldi davanti al civico 8",
            point: Some((42.3512, 12.7123)),
        };
        let b = DupFacts { text: "Buche in via Garibaldi, pericolo per i motorini", ..a.clone() };
        let s = duplicate_score(&a, &b, 200.0).unwrap();
        assert!(s >= DUPLICATE_THRESHOLD, "{s}");
        let far = DupFacts { point: Some((42.3612, 12.7123)), ..b.clone() }; // ~1.1 km north
        assert_eq!(duplicate_score(&a, &far, 200.0), None);
        let other_kind = DupFacts { kind: CaseKind::Elogio, ..b.clone() };
        assert_eq!(duplicate_score(&a, &other_kind, 200.0), None);
        let unrelated = DupFacts { text: "Orari della biblioteca comunale", point: None, ..a.clone() };
        assert!(duplicate_score(&a, &unrelated, 200.0).unwrap() < DUPLICATE_THRESHOLD);
        let d = distance_m((42.3512, 12.7123), (42.3612, 12.7123));
        assert!((d - 1112.0).abs() < 5.0, "{d}");
    }

    #[test]
    fn place_words_weigh_less_than_the_problem() {
        let w = weighted_terms("Buca in via Garibaldi al civico 8, parco comunale");
        assert_eq!(w.get(&stem("buca")), Some(&1.0));
        for place in ["via", "garibaldi", "civico", "parco", "comunale"] {
            assert_eq!(w.get(&stem(place)), Some(&PLACE_WEIGHT), "{place}");
        }
        // Same street, different problem: below the threshold even when near.
        let a = DupFacts {
            kind: CaseKind::Segnalazione,
            service: None,
            text: "Buca pericolosa in via Garibaldi 8",
            point: Some((42.0, 12.0)),
        };
        let b = DupFacts { text: "Marciapiede sporco in via Garibaldi 8", ..a.clone() };
        assert!(duplicate_score(&a, &b, 300.0).unwrap() < DUPLICATE_THRESHOLD);
    }

    #[test]
    fn mentions_of_colleagues_and_offices() {
        assert_eq!(
            mentions("Chiedo a @referente.tributi e @ufficio-tributi, poi ancora @Referente.Tributi."),
            vec!["referente.tributi".to_string(), "ufficio-tributi".to_string()]
        );
        assert!(mentions("scrivere a mario@example.org").is_empty(), "an e-mail address is not a mention");
        assert_eq!(office_handle("Servizi demografici – Anagrafe"), "servizi-demografici-anagrafe");
    }
}
