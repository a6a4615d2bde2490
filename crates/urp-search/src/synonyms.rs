//! Query-time expansion: tenant synonym groups, the built-in Italian thesaurus and the
//! English → Italian glossary. Expansion happens on the query only, so editing a group takes
//! effect at once without reindexing.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::analysis::{self, is_stop_word};
use crate::glossary;

/// Alternatives for a sequence of query words; each alternative is a stem sequence.
#[derive(Debug, Default, Clone)]
struct Dict {
    map: HashMap<Vec<String>, Vec<Vec<String>>>,
    longest: usize,
}

impl Dict {
    fn add(&mut self, key: Vec<String>, alt: Vec<String>) {
        if key.is_empty() || alt.is_empty() || key == alt {
            return;
        }
        self.longest = self.longest.max(key.len());
        let alts = self.map.entry(key).or_default();
        if !alts.contains(&alt) {
            alts.push(alt);
        }
    }

    fn add_group(&mut self, members: &[String]) {
        let keys: Vec<Vec<String>> = members.iter().map(|m| analysis::stems(m)).filter(|k| !k.is_empty()).collect();
        for (i, a) in keys.iter().enumerate() {
            for (j, b) in keys.iter().enumerate() {
                if i != j {
                    self.add(a.clone(), b.clone());
                }
            }
        }
    }

    fn get(&self, key: &[String]) -> Option<&Vec<Vec<String>>> {
        self.map.get(key)
    }
}

/// Synonym groups of one tenant, edited by its back office. Cheap to build; build once per
/// tenant and share.
#[derive(Debug, Default, Clone)]
pub struct Synonyms {
    dict: Dict,
}

impl Synonyms {
    pub fn empty() -> Synonyms {
        Synonyms::default()
    }

    /// Each group lists words or phrases that mean the same; every member expands to the others.
    pub fn new<G: AsRef<[String]>>(groups: &[G]) -> Synonyms {
        let mut dict = Dict::default();
        for g in groups {
            dict.add_group(g.as_ref());
        }
        Synonyms { dict }
    }

    /// Parses the editor's text form: one group a line, members separated by commas.
    pub fn parse_groups(text: &str) -> Vec<Vec<String>> {
        text.lines()
            .map(|l| l.split(',').map(|m| m.trim().to_string()).filter(|m| !m.is_empty()).collect::<Vec<_>>())
            .filter(|g| g.len() >= 2)
            .collect()
    }
}

fn thesaurus() -> &'static Dict {
    static D: OnceLock<Dict> = OnceLock::new();
    D.get_or_init(|| {
        let mut d = Dict::default();
        for g in Synonyms::parse_groups(glossary::THESAURUS) {
            d.add_group(&g);
        }
        d
    })
}

/// English keys are matched on words (the Italian stemmer would mangle them), with a plural
/// `s` dropped so that `cards` finds `card`.
fn english_key(word: &str) -> String {
    if word.len() > 3 && word.ends_with('s') && !word.ends_with("ss") {
        word[..word.len() - 1].to_string()
    } else {
        word.to_string()
    }
}

fn english_words(text: &str) -> Vec<String> {
    analysis::words(text)
        .into_iter()
        .map(|(w, _, _)| w)
        .filter(|w| !is_stop_word(w) || w == "id")
        .map(|w| english_key(&w))
        .collect()
}

struct Glossary {
    dict: Dict,
    function_words: std::collections::HashSet<&'static str>,
}

fn glossary_dict() -> &'static Glossary {
    static D: OnceLock<Glossary> = OnceLock::new();
    D.get_or_init(|| {
        let mut dict = Dict::default();
        for line in glossary::GLOSSARY.lines() {
            let Some((en, it)) = line.split_once("=>") else { continue };
            let alts: Vec<Vec<String>> = it.split(';').map(analysis::stems).filter(|a| !a.is_empty()).collect();
            for key in en.split('|') {
                let key = english_words(key);
                for alt in &alts {
                    dict.add(key.clone(), alt.clone());
                }
            }
        }
        let function_words = "the a an of for to at by on my our your his her their it its is are was were \
            be been am do does did how what where when which who can could should would will i we you he \
            she they me us them this that these those from with about there here have has had not no and or \
            please need want get"
            .split_whitespace()
            .collect();
        Glossary { dict, function_words }
    })
}

const ITALIAN_FUNCTION_WORDS: &str = "il lo la gli le un una di del della dei delle da dal in nel nella \
    con su per tra che non mi ti ci si ho ha sono come dove quando cosa perche e è il mio mia posso devo";

/// A span of the query (indices into its analysed tokens) with what it may also mean.
#[derive(Debug, Clone)]
pub(crate) struct Concept {
    pub start: usize,
    pub len: usize,
    /// (stem sequence, weight relative to the words typed)
    pub alts: Vec<(Vec<String>, f32)>,
}

const SYNONYM_WEIGHT: f32 = 0.85;
const GLOSSARY_WEIGHT: f32 = 1.0;

/// True when the query reads as English rather than Italian, so that English words that are
/// also Italian (`fine`, `bar`) are translated only in English queries.
fn looks_english(query: &str, known_italian: &dyn Fn(&str) -> bool) -> bool {
    let g = glossary_dict();
    let it_fn: std::collections::HashSet<&str> = ITALIAN_FUNCTION_WORDS.split_whitespace().collect();
    let mut en = 0usize;
    let mut it = 0usize;
    for (w, _, _) in analysis::words(query) {
        let ek = english_key(&w);
        if g.function_words.contains(w.as_str()) || g.dict.get(std::slice::from_ref(&ek)).is_some() {
            en += 1;
        } else if it_fn.contains(w.as_str()) || known_italian(&w) {
            it += 1;
        }
    }
    en > it
}

/// Groups the analysed query tokens into concepts, longest dictionary match first.
pub(crate) fn concepts(
    query: &str,
    tokens: &[analysis::AToken],
    tenant: &Synonyms,
    known_italian: &dyn Fn(&str) -> bool,
) -> Vec<Concept> {
    let stems: Vec<String> = tokens.iter().map(|t| t.stem.clone()).collect();
    let english = looks_english(query, known_italian);
    let en_words: Vec<String> = tokens.iter().map(|t| english_key(&t.word)).collect();
    let g = glossary_dict();
    let longest = tenant.dict.longest.max(thesaurus().longest).max(g.dict.longest).max(1);

    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let mut found: Option<Concept> = None;
        for len in (1..=longest.min(tokens.len() - i)).rev() {
            let key = &stems[i..i + len];
            let mut alts: Vec<(Vec<String>, f32)> = Vec::new();
            for d in [&tenant.dict, thesaurus()] {
                if let Some(a) = d.get(key) {
                    alts.extend(a.iter().map(|a| (a.clone(), SYNONYM_WEIGHT)));
                }
            }
            if english && let Some(a) = g.dict.get(&en_words[i..i + len]) {
                alts.extend(a.iter().map(|a| (a.clone(), GLOSSARY_WEIGHT)));
            }
            if !alts.is_empty() {
                found = Some(Concept { start: i, len, alts });
                break;
            }
        }
        let c = found.unwrap_or(Concept { start: i, len: 1, alts: Vec::new() });
        i += c.len;
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand(q: &str, syn: &Synonyms) -> Vec<Concept> {
        concepts(q, &analysis::analyze(q), syn, &|_| false)
    }

    #[test]
    fn tenant_groups_expand_both_ways() {
        let syn = Synonyms::new(&Synonyms::parse_groups("ztl, varco elettronico\n"));
        let c = expand("varco elettronico", &syn);
        assert_eq!(c.len(), 1);
        assert!(c[0].alts.iter().any(|(a, _)| *a == analysis::stems("ztl")));
        let c = expand("ztl", &syn);
        assert!(c[0].alts.iter().any(|(a, _)| *a == analysis::stems("varco elettronico")));
    }

    #[test]
    fn thesaurus_maps_colloquial_words() {
        let c = expand("spazzatura", &Synonyms::empty());
        assert!(c[0].alts.iter().any(|(a, _)| *a == analysis::stems("rifiuti")));
        let c = expand("cie", &Synonyms::empty());
        assert!(c[0].alts.iter().any(|(a, _)| *a == analysis::stems("carta d'identità")));
    }

    #[test]
    fn glossary_only_for_english_queries() {
        let c = expand("lost identity card", &Synonyms::empty());
        assert!(c.iter().any(|c| c.alts.iter().any(|(a, _)| *a == analysis::stems("carta d'identità"))));
        // "fine" is also Italian ("fine lavori"): not a traffic fine there.
        let c = concepts("fine lavori", &analysis::analyze("fine lavori"), &Synonyms::empty(), &|w| {
            w == "lavori" || w == "fine"
        });
        assert!(c.iter().all(|c| c.alts.iter().all(|(a, _)| *a != analysis::stems("multa"))));
    }
}
