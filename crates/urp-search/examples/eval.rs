//! `cargo run -p urp-search --example eval -- SHEETS QUERIES [-v]`: relevance of the engine
//! alone; with `-v`, every query whose first relevant sheet is not first.
use std::path::Path;

use urp_search::{SearchIndex, SearchQuery, Synonyms, eval};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (sheets, queries) = (Path::new(&args[1]), Path::new(&args[2]));
    println!("{}", eval::evaluate_engine(sheets, queries)?);
    if args.iter().any(|a| a == "-v") {
        let index = SearchIndex::in_memory();
        index.upsert(&eval::sheets_to_docs(&eval::load_sheets(sheets)?))?;
        for q in eval::load_queries(queries)? {
            let r = index.search(1, &SearchQuery::new(&q.q, 10), &Synonyms::empty())?;
            let ids: Vec<String> = r.hits.iter().filter_map(|h| h.external_id.clone()).collect();
            if ids.first() != q.relevant.first() {
                let pos = ids.iter().position(|i| q.relevant.contains(i));
                println!(
                    "[{}] {:?} want {:?} got {:?} first-rel-at {:?}",
                    q.style,
                    q.q,
                    q.relevant,
                    &ids[..ids.len().min(4)],
                    pos.map(|p| p + 1)
                );
            }
        }
    }
    Ok(())
}
