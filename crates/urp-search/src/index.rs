//! The tantivy index: schema, opening (with rebuild on damage or schema change), writes and
//! searches.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tantivy::collector::{Count, TopDocs};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use crate::analysis::tokenizer::ItalianTokenizer;
use crate::query::{self, Fields};
use crate::{DocKind, Hit, SearchDoc, SearchError, SearchQuery, SearchResults, Synonyms, snippet};

/// Bump when the schema or the analysis changes: an index of another version is rebuilt.
pub const SCHEMA_VERSION: u32 = 1;
const VERSION_FILE: &str = "urp-search-version";
const WRITER_MEMORY: usize = 50_000_000;

/// How `SearchIndex::open` found the directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenState {
    /// A valid index of this schema version: only outbox rows after its mark need applying.
    Current,
    /// Nothing there: created empty, the caller must index everything.
    Created,
    /// Damaged or of another schema version: recreated empty, the caller must index everything.
    Rebuilt,
}

pub struct SearchIndex {
    // Kept so the directory and its lock live as long as the reader and writer.
    _index: Index,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    f: Fields,
    dir: Option<PathBuf>,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let ranked = |tok: &str, stored: bool| {
        let o = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default().set_tokenizer(tok).set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        if stored { o.set_stored() } else { o }
    };
    let f = Fields {
        tenant: b.add_i64_field("tenant", INDEXED | STORED | FAST),
        kind: b.add_u64_field("kind", INDEXED | STORED),
        id: b.add_i64_field("id", INDEXED | STORED),
        key: b.add_text_field("key", STRING),
        external_id: b.add_text_field("external_id", STORED),
        url: b.add_text_field("url", STORED),
        topic_key: b.add_text_field("topic_key", STRING),
        title: b.add_text_field("title", ranked("it_stem", true)),
        keywords: b.add_text_field("keywords", ranked("it_stem", false)),
        topic: b.add_text_field("topic", ranked("it_stem", false)),
        summary: b.add_text_field("summary", ranked("it_stem", true)),
        body: b.add_text_field("body", ranked("it_stem", true)),
        words: b.add_text_field(
            "words",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default().set_tokenizer("it_word").set_index_option(IndexRecordOption::Basic),
            ),
        ),
    };
    (b.build(), f)
}

fn doc_key(tenant: i64, kind: DocKind, id: i64) -> String {
    format!("{tenant}:{}:{id}", kind.code())
}

fn register_tokenizers(index: &Index) {
    index.tokenizers().register("it_stem", ItalianTokenizer { stems: true });
    index.tokenizers().register("it_word", ItalianTokenizer { stems: false });
}

impl SearchIndex {
    fn from_index(index: Index, f: Fields, dir: Option<PathBuf>) -> Result<SearchIndex, SearchError> {
        register_tokenizers(&index);
        let writer = index.writer_with_num_threads(1, WRITER_MEMORY)?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(SearchIndex { _index: index, reader, writer: Mutex::new(writer), f, dir })
    }

    /// An index held in memory (tests, evaluation).
    pub fn in_memory() -> SearchIndex {
        let (schema, f) = schema();
        let index = Index::create_in_ram(schema);
        // Creating a RAM index and its writer cannot fail short of memory exhaustion.
        #[allow(clippy::expect_used)]
        SearchIndex::from_index(index, f, None).expect("in-memory index")
    }

    /// Opens the index in `dir`, creating it when missing and recreating it (empty) when it is
    /// damaged or of another schema version; `OpenState` tells the caller to reindex.
    pub fn open(dir: &Path) -> Result<(SearchIndex, OpenState), SearchError> {
        std::fs::create_dir_all(dir)?;
        let version = std::fs::read_to_string(dir.join(VERSION_FILE)).ok();
        let empty = std::fs::read_dir(dir)?.next().is_none();
        if version.as_deref().map(str::trim) == Some(SCHEMA_VERSION.to_string().as_str()) {
            match Self::open_existing(dir) {
                Ok(ix) => return Ok((ix, OpenState::Current)),
                Err(e) => tracing::warn!(error = %e, dir = %dir.display(), "search index damaged, rebuilding"),
            }
        }
        let state = if empty { OpenState::Created } else { OpenState::Rebuilt };
        // The directory holds only the index (and our marks): clear it and start over.
        for entry in std::fs::read_dir(dir)? {
            let p = entry?.path();
            if p.is_dir() { std::fs::remove_dir_all(&p)? } else { std::fs::remove_file(&p)? }
        }
        let (schema, f) = schema();
        let index = Index::create_in_dir(dir, schema)?;
        let ix = SearchIndex::from_index(index, f, Some(dir.to_path_buf()))?;
        std::fs::write(dir.join(VERSION_FILE), SCHEMA_VERSION.to_string())?;
        Ok((ix, state))
    }

    fn open_existing(dir: &Path) -> Result<SearchIndex, SearchError> {
        let index = Index::open_in_dir(dir)?;
        let (schema, f) = schema();
        if index.schema() != schema {
            return Err(SearchError::Index(tantivy::TantivyError::SchemaError("schema differs".into())));
        }
        let damaged = index.validate_checksum()?;
        if !damaged.is_empty() {
            return Err(SearchError::Index(tantivy::TantivyError::InternalError(format!(
                "{} damaged files",
                damaged.len()
            ))));
        }
        let ix = SearchIndex::from_index(index, f, Some(dir.to_path_buf()))?;
        // Read every segment once so that damage tantivy's checksums miss shows up now.
        ix.reader.searcher().search(&tantivy::query::AllQuery, &Count)?;
        Ok(ix)
    }

    /// The directory of an on-disk index.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    fn writer(&self) -> Result<std::sync::MutexGuard<'_, IndexWriter>, SearchError> {
        self.writer.lock().map_err(|_| SearchError::Poisoned)
    }

    fn to_doc(&self, d: &SearchDoc) -> TantivyDocument {
        let f = &self.f;
        let mut doc = TantivyDocument::default();
        doc.add_i64(f.tenant, d.tenant);
        doc.add_u64(f.kind, d.kind.code());
        doc.add_i64(f.id, d.id);
        doc.add_text(f.key, doc_key(d.tenant, d.kind, d.id));
        if let Some(e) = &d.external_id {
            doc.add_text(f.external_id, e);
        }
        doc.add_text(f.url, &d.url);
        if let Some(t) = &d.topic {
            doc.add_text(f.topic_key, crate::analysis::fold(t));
            doc.add_text(f.topic, t);
        }
        doc.add_text(f.title, &d.title);
        doc.add_text(f.summary, &d.summary);
        doc.add_text(f.body, &d.body);
        for k in &d.keywords {
            doc.add_text(f.keywords, k);
        }
        let mut all = format!("{}\n{}\n{}\n{}", d.title, d.summary, d.body, d.keywords.join("\n"));
        if let Some(t) = &d.topic {
            all.push('\n');
            all.push_str(t);
        }
        doc.add_text(f.words, all);
        doc
    }

    fn commit(&self, w: &mut IndexWriter) -> Result<(), SearchError> {
        w.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    /// Adds or replaces documents (by tenant, kind and id), then commits.
    pub fn upsert(&self, docs: &[SearchDoc]) -> Result<(), SearchError> {
        let mut w = self.writer()?;
        for d in docs {
            w.delete_term(Term::from_field_text(self.f.key, &doc_key(d.tenant, d.kind, d.id)));
            w.add_document(self.to_doc(d))?;
        }
        self.commit(&mut w)
    }

    /// Applies a batch of changes in one commit: `Some(doc)` upserts, `None` deletes.
    pub fn apply(&self, changes: &[(i64, DocKind, i64, Option<SearchDoc>)]) -> Result<(), SearchError> {
        let mut w = self.writer()?;
        for (tenant, kind, id, doc) in changes {
            w.delete_term(Term::from_field_text(self.f.key, &doc_key(*tenant, *kind, *id)));
            if let Some(d) = doc {
                w.add_document(self.to_doc(d))?;
            }
        }
        self.commit(&mut w)
    }

    pub fn delete(&self, tenant: i64, kind: DocKind, id: i64) -> Result<(), SearchError> {
        let mut w = self.writer()?;
        w.delete_term(Term::from_field_text(self.f.key, &doc_key(tenant, kind, id)));
        self.commit(&mut w)
    }

    /// Replaces every document of a tenant with `docs`, in one commit (reconciliation).
    pub fn replace_tenant(&self, tenant: i64, docs: impl Iterator<Item = SearchDoc>) -> Result<(), SearchError> {
        let mut w = self.writer()?;
        w.delete_term(Term::from_field_i64(self.f.tenant, tenant));
        for d in docs {
            w.add_document(self.to_doc(&d))?;
        }
        self.commit(&mut w)
    }

    /// Removes everything (before a full rebuild).
    pub fn clear(&self) -> Result<(), SearchError> {
        let mut w = self.writer()?;
        w.delete_all_documents()?;
        self.commit(&mut w)
    }

    /// Number of documents of a tenant.
    pub fn count(&self, tenant: i64) -> Result<usize, SearchError> {
        let q = tantivy::query::TermQuery::new(Term::from_field_i64(self.f.tenant, tenant), IndexRecordOption::Basic);
        Ok(self.reader.searcher().search(&q, &Count)?)
    }

    /// Ranked search within one tenant. Never fails on the query text: an empty or
    /// meaningless query returns no hits.
    pub fn search(&self, tenant: i64, q: &SearchQuery, synonyms: &Synonyms) -> Result<SearchResults, SearchError> {
        let searcher = self.reader.searcher();
        let Some(built) = query::build(&searcher, &self.f, tenant, q, synonyms) else {
            return Ok(SearchResults::default());
        };
        let limit = q.limit.clamp(1, 1000);
        let (top, total) = searcher.search(&built.query, &(TopDocs::with_limit(limit).and_offset(q.offset), Count))?;
        let mut hits = Vec::with_capacity(top.len());
        for (score, addr) in top {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let text = |field: Field| doc.get_first(field).and_then(|v| v.as_str()).unwrap_or("").to_string();
            let Some(kind) = doc.get_first(self.f.kind).and_then(|v| v.as_u64()).and_then(DocKind::from_code) else {
                continue;
            };
            let id = doc.get_first(self.f.id).and_then(|v| v.as_i64()).unwrap_or_default();
            let title = text(self.f.title);
            let summary = text(self.f.summary);
            let body = text(self.f.body);
            let external_id = doc.get_first(self.f.external_id).and_then(|v| v.as_str()).map(str::to_string);
            let passage = if summary_has(&summary, &built.highlight) || body.is_empty() {
                snippet::snippet(&summary, &built.highlight)
            } else {
                snippet::snippet(&body, &built.highlight)
            };
            hits.push(Hit {
                kind,
                id,
                external_id,
                url: text(self.f.url),
                score,
                title_html: snippet::highlight(&title, &built.highlight),
                title,
                snippet_html: passage,
            });
        }
        Ok(SearchResults { total, hits })
    }
}

fn summary_has(summary: &str, stems: &std::collections::HashSet<String>) -> bool {
    crate::analysis::analyze(summary).iter().any(|t| stems.contains(&t.stem))
}
