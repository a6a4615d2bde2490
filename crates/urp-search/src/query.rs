//! Builds the tantivy query from the user's text, programmatically (never through tantivy's
//! query parser, so no character of the input has a syntax meaning).
//!
//! Each *concept* (a word, or a phrase the synonym dictionaries know) becomes a disjunction of
//! what it may mean: the words typed, their synonyms or Italian translations, spelling
//! corrections. Each of those is matched in every field with the field's weight, taking the
//! best field. Concepts add up; adjacent words found close together in a text add a proximity
//! bonus. In a long query (a citizen telling a story) concepts are weighted by how rare they
//! are, and the most common words are dropped, so the words that name a service dominate.

use std::collections::HashSet;

use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, Term};

use crate::analysis::{self, AToken};
use crate::synonyms::{self, Concept};
use crate::{SearchQuery, Synonyms};

#[derive(Clone, Copy)]
pub(crate) struct Fields {
    pub tenant: Field,
    pub kind: Field,
    pub id: Field,
    pub key: Field,
    pub external_id: Field,
    pub url: Field,
    pub topic_key: Field,
    pub title: Field,
    pub keywords: Field,
    pub topic: Field,
    pub summary: Field,
    pub body: Field,
    pub words: Field,
}

pub(crate) struct Built {
    pub query: Box<dyn Query>,
    /// Stems to mark in titles and snippets.
    pub highlight: HashSet<String>,
}

/// Words beyond this are ignored: a pasted letter must not cost more than a long question.
const MAX_TOKENS: usize = 64;
/// From this many concepts a query is a story: weight by rarity.
const LONG_QUERY: usize = 10;
/// In a long query, words in more than this share of the documents are dropped.
const COMMON_SHARE: f32 = 0.5;
const TIE_BREAKER: f32 = 0.25;
/// Typo correction applies to words of at least this many letters.
const TYPO_MIN_LEN: usize = 5;
const TYPO_WEIGHT: f32 = 0.8;

const PROXIMITY_WEIGHT: f32 = 0.6;
const RARITY_POWER: f32 = 1.0;
const FAMILY_MIN_LEN: usize = 5;
const FAMILY_MAX: usize = 12;
const FAMILY_WEIGHT: f32 = 0.5;

impl Fields {
    fn ranked(&self) -> [(Field, f32); 5] {
        [(self.title, 2.0), (self.keywords, 2.5), (self.topic, 1.5), (self.summary, 2.0), (self.body, 1.0)]
    }
}

fn term_q(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(Term::from_field_text(field, text), IndexRecordOption::WithFreqs))
}

/// One stem, in every ranked field, best field wins.
fn stem_q(f: &Fields, stem: &str) -> Box<dyn Query> {
    let parts: Vec<Box<dyn Query>> = f
        .ranked()
        .iter()
        .map(|(field, w)| Box::new(BoostQuery::new(term_q(*field, stem), *w)) as Box<dyn Query>)
        .collect();
    Box::new(DisjunctionMaxQuery::with_tie_breaker(parts, TIE_BREAKER))
}

/// A sequence of stems: all must be present (in any field); scores add up.
fn seq_q(f: &Fields, stems: &[String], occur: Occur) -> Box<dyn Query> {
    if stems.len() == 1 {
        return stem_q(f, &stems[0]);
    }
    Box::new(BooleanQuery::new(stems.iter().map(|s| (occur, stem_q(f, s))).collect()))
}

fn filter(q: Box<dyn Query>) -> (Occur, Box<dyn Query>) {
    (Occur::Must, Box::new(ConstScoreQuery::new(q, 0.0)))
}

/// Words that introduce a street name ("via Roma", "piazza Garibaldi").
const STREET_WORDS: [&str; 8] = ["via", "viale", "piazza", "piazzale", "corso", "vicolo", "largo", "strada"];

/// Drops street names a citizen mentions in passing ("abito in via dei Mulini"): a street
/// word followed by a capitalised name. Addresses in a question describe the person, not the
/// service, yet they match the addresses that every sheet's contacts hold.
fn without_street_names(text: &str, tokens: Vec<AToken>) -> Vec<AToken> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut skip_next = false;
    for (i, t) in tokens.iter().enumerate() {
        if skip_next {
            skip_next = false;
            continue;
        }
        let capitalised_next =
            tokens.get(i + 1).is_some_and(|n| text[n.from..n.to].chars().next().is_some_and(char::is_uppercase));
        if STREET_WORDS.contains(&t.word.as_str()) && capitalised_next {
            skip_next = true;
            continue;
        }
        out.push(t.clone());
    }
    out
}

/// Spelling corrections of `word` (edit distance 1, transpositions included) that occur in
/// the tenant's texts, most frequent first.
fn corrections(searcher: &Searcher, f: &Fields, word: &str) -> Vec<String> {
    if !word.chars().all(|c| c.is_ascii_lowercase()) {
        return Vec::new();
    }
    let b = word.as_bytes();
    let mut cands: HashSet<String> = HashSet::new();
    let letters = b"abcdefghijklmnopqrstuvwxyz";
    for i in 0..=b.len() {
        if i < b.len() {
            let mut d = b.to_vec();
            d.remove(i);
            cands.insert(String::from_utf8_lossy(&d).into_owned());
            if i + 1 < b.len() {
                let mut t = b.to_vec();
                t.swap(i, i + 1);
                cands.insert(String::from_utf8_lossy(&t).into_owned());
            }
        }
        for &l in letters {
            if i < b.len() && b[i] != l {
                let mut r = b.to_vec();
                r[i] = l;
                cands.insert(String::from_utf8_lossy(&r).into_owned());
            }
            let mut ins = b.to_vec();
            ins.insert(i, l);
            cands.insert(String::from_utf8_lossy(&ins).into_owned());
        }
    }
    let mut found: Vec<(u64, String)> = cands
        .into_iter()
        .filter(|c| c != word)
        .filter_map(|c| {
            let df = searcher.doc_freq(&Term::from_field_text(f.words, &c)).unwrap_or(0);
            (df > 0).then_some((df, c))
        })
        .collect();
    found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    found.into_iter().take(3).map(|(_, w)| w).collect()
}

/// Other words of the same family as `stem` in the tenant's texts: those sharing all but its
/// last two letters (at least five), so `cremata` also finds `cremazione` where the stemmer
/// keeps verb and noun apart.
fn family(searcher: &Searcher, f: &Fields, stem: &str) -> Vec<String> {
    let chars: Vec<char> = stem.chars().collect();
    if chars.len() < FAMILY_MIN_LEN || !stem.chars().all(|c| c.is_ascii_lowercase()) {
        return Vec::new();
    }
    let prefix: String = chars[..(chars.len() - 2).max(FAMILY_MIN_LEN)].iter().collect();
    let mut upper = prefix.clone().into_bytes();
    if let Some(last) = upper.last_mut() {
        *last += 1;
    }
    let mut out: Vec<String> = Vec::new();
    for seg in searcher.segment_readers() {
        let Ok(inv) = seg.inverted_index(f.words) else { continue };
        let Ok(mut stream) = inv.terms().range().ge(prefix.as_bytes()).lt(&upper).into_stream() else { continue };
        while stream.advance() {
            let Ok(word) = std::str::from_utf8(stream.key()) else { continue };
            let s = analysis::stem(word);
            if s != stem && !out.contains(&s) {
                out.push(s);
            }
            if out.len() >= FAMILY_MAX {
                return out;
            }
        }
    }
    out
}

fn doc_freq(searcher: &Searcher, f: &Fields, stems: &[String]) -> u64 {
    // A concept is as common as its rarest word (a phrase is rarer than its words).
    stems
        .iter()
        .map(|s| {
            f.ranked()
                .iter()
                .map(|(field, _)| searcher.doc_freq(&Term::from_field_text(*field, s)).unwrap_or(0))
                .max()
                .unwrap_or(0)
        })
        .min()
        .unwrap_or(0)
}

pub(crate) fn build(searcher: &Searcher, f: &Fields, tenant: i64, q: &SearchQuery, syn: &Synonyms) -> Option<Built> {
    let mut tokens: Vec<AToken> = without_street_names(&q.text, analysis::analyze(&q.text));
    tokens.truncate(MAX_TOKENS);
    if tokens.is_empty() {
        return None;
    }
    let known = |w: &str| searcher.doc_freq(&Term::from_field_text(f.words, w)).unwrap_or(0) > 0;
    let concepts: Vec<Concept> = synonyms::concepts(&q.text, &tokens, syn, &known);
    let n_docs = searcher.num_docs().max(1) as f32;

    let mut highlight: HashSet<String> = HashSet::new();
    // (query, stems it stands for, doc freq)
    let mut parts: Vec<(Box<dyn Query>, u64)> = Vec::new();
    for c in &concepts {
        let typed: Vec<String> = tokens[c.start..c.start + c.len].iter().map(|t| t.stem.clone()).collect();
        let mut alts = c.alts.clone();
        if c.len == 1 && alts.is_empty() {
            let word = &tokens[c.start].word;
            if word.chars().count() >= TYPO_MIN_LEN && !known(word) {
                for w in corrections(searcher, f, word) {
                    alts.push((vec![analysis::stem(&w)], TYPO_WEIGHT));
                }
            }
        }
        if c.len == 1 {
            for s in family(searcher, f, &tokens[c.start].stem) {
                alts.push((vec![s], FAMILY_WEIGHT));
            }
        }
        highlight.extend(typed.iter().cloned());
        let mut options: Vec<Box<dyn Query>> = vec![seq_q(f, &typed, Occur::Should)];
        let mut df = doc_freq(searcher, f, &typed);
        for (stems, w) in &alts {
            highlight.extend(stems.iter().cloned());
            options.push(Box::new(BoostQuery::new(seq_q(f, stems, Occur::Must), *w)));
            df = df.max(doc_freq(searcher, f, stems));
        }
        let q: Box<dyn Query> = if options.len() == 1 {
            options.remove(0)
        } else {
            Box::new(DisjunctionMaxQuery::with_tie_breaker(options, 0.1))
        };
        parts.push((q, df));
    }

    let long = concepts.len() >= LONG_QUERY;
    let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let max_idf = parts.iter().map(|(_, df)| idf(n_docs, *df)).fold(0.0f32, f32::max).max(f32::EPSILON);
    for (q, df) in parts {
        if long {
            let ratio = df as f32 / n_docs;
            if ratio > COMMON_SHARE {
                continue;
            }
            let w = idf(n_docs, df) / max_idf;
            should.push((Occur::Should, Box::new(BoostQuery::new(q, w))));
        } else {
            // Per-field statistics would make a word common in texts ("via") look rare in
            // titles; weighting by its rarity over all fields keeps it from dominating.
            let w = (idf(n_docs, df) / idf(n_docs, 0)).powf(RARITY_POWER);
            should.push((Occur::Should, Box::new(BoostQuery::new(q, w))));
        }
    }
    // Proximity: adjacent typed words found within two positions of each other.
    if !long {
        for pair in tokens.windows(2) {
            if pair[0].stem == pair[1].stem {
                continue;
            }
            for (field, w) in [(f.title, 1.5f32), (f.body, 1.0), (f.summary, 1.0)] {
                let terms = vec![
                    (0, Term::from_field_text(field, &pair[0].stem)),
                    (1, Term::from_field_text(field, &pair[1].stem)),
                ];
                let pq = PhraseQuery::new_with_offset_and_slop(terms, 2);
                should.push((Occur::Should, Box::new(BoostQuery::new(Box::new(pq), w * PROXIMITY_WEIGHT))));
            }
        }
    }
    if should.is_empty() {
        return None;
    }
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![
        (Occur::Must, Box::new(BooleanQuery::new(should))),
        filter(Box::new(TermQuery::new(Term::from_field_i64(f.tenant, tenant), IndexRecordOption::Basic))),
    ];
    if !q.kinds.is_empty() {
        let kinds: Vec<(Occur, Box<dyn Query>)> = q
            .kinds
            .iter()
            .map(|k| {
                (
                    Occur::Should,
                    Box::new(TermQuery::new(Term::from_field_u64(f.kind, k.code()), IndexRecordOption::Basic))
                        as Box<dyn Query>,
                )
            })
            .collect();
        clauses.push(filter(Box::new(BooleanQuery::new(kinds))));
    }
    if let Some(topic) = q.topic.as_deref().filter(|t| !t.trim().is_empty()) {
        clauses.push(filter(Box::new(TermQuery::new(
            Term::from_field_text(f.topic_key, &analysis::fold(topic)),
            IndexRecordOption::Basic,
        ))));
    }
    Some(Built { query: Box::new(BooleanQuery::new(clauses)), highlight })
}

fn idf(n: f32, df: u64) -> f32 {
    (1.0 + (n - df as f32 + 0.5) / (df as f32 + 0.5)).ln()
}
