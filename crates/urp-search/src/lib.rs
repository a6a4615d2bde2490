//! URP search engine: a tantivy index of the knowledge base with Italian analysis, synonyms,
//! an English → Italian glossary, typo correction, field boosts, phrase proximity and
//! highlighted snippets.
//!
//! The index is a cache derived from the database (see ARCHITECTURE.md §3): it holds no
//! permission or publication data the caller can rely on, and the caller re-checks every hit.
//! It has no database dependency.

pub mod analysis;
pub mod eval;
mod glossary;
mod index;
mod query;
pub mod snippet;
mod synonyms;

pub use index::{OpenState, SCHEMA_VERSION, SearchIndex};
pub use synonyms::Synonyms;

/// What a document is; the index may hold other kinds of content later.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocKind {
    #[default]
    Sheet,
    Service,
    Notice,
}

impl DocKind {
    pub fn code(self) -> u64 {
        match self {
            DocKind::Sheet => 1,
            DocKind::Service => 2,
            DocKind::Notice => 3,
        }
    }
    pub fn from_code(c: u64) -> Option<DocKind> {
        match c {
            1 => Some(DocKind::Sheet),
            2 => Some(DocKind::Service),
            3 => Some(DocKind::Notice),
            _ => None,
        }
    }
    /// Stable name used in the outbox and the API (`"sheet"`).
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Sheet => "sheet",
            DocKind::Service => "service",
            DocKind::Notice => "notice",
        }
    }
    pub fn parse(s: &str) -> Option<DocKind> {
        [DocKind::Sheet, DocKind::Service, DocKind::Notice].into_iter().find(|k| k.as_str() == s)
    }
}

/// One document to index.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchDoc {
    pub tenant: i64,
    pub kind: DocKind,
    pub id: i64,
    pub external_id: Option<String>,
    pub title: String,
    pub summary: String,
    /// Plain text of every section.
    pub body: String,
    pub keywords: Vec<String>,
    pub topic: Option<String>,
    pub office: Option<String>,
    pub url: String,
}

#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    pub text: String,
    pub limit: usize,
    pub offset: usize,
    /// Empty: every kind.
    pub kinds: Vec<DocKind>,
    /// Only documents of this topic (compared without case or accents).
    pub topic: Option<String>,
}

impl SearchQuery {
    pub fn new(text: &str, limit: usize) -> SearchQuery {
        SearchQuery { text: text.to_string(), limit, ..Default::default() }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub kind: DocKind,
    pub id: i64,
    pub external_id: Option<String>,
    pub url: String,
    pub score: f32,
    pub title: String,
    /// Title, HTML-escaped, query words in `<mark>`.
    pub title_html: String,
    /// Best passage of the summary or body, HTML-escaped, query words in `<mark>`.
    pub snippet_html: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchResults {
    /// Documents matching (before offset/limit).
    pub total: usize,
    pub hits: Vec<Hit>,
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("search index directory: {0}")]
    Io(#[from] std::io::Error),
    #[error("search index writer lock poisoned")]
    Poisoned,
}
