//! Highlighted, HTML-escaped snippets: the passage of a text that holds most of the query's
//! words, with those words in `<mark>`.

use std::collections::HashSet;

use crate::analysis;

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// `text` escaped, with the words whose stem is in `stems` marked.
pub fn highlight(text: &str, stems: &HashSet<String>) -> String {
    let mut out = String::new();
    let mut at = 0;
    for t in analysis::analyze(text) {
        if stems.contains(&t.stem) {
            out.push_str(&escape(&text[at..t.from]));
            out.push_str("<mark>");
            out.push_str(&escape(&text[t.from..t.to]));
            out.push_str("</mark>");
            at = t.to;
        }
    }
    out.push_str(&escape(&text[at..]));
    out
}

const SNIPPET_CHARS: usize = 220;

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The best passage of `text` (by distinct query stems, then earliest), about 220 characters.
pub fn snippet(text: &str, stems: &HashSet<String>) -> String {
    let tokens = analysis::analyze(text);
    let hits: Vec<&analysis::AToken> = tokens.iter().filter(|t| stems.contains(&t.stem)).collect();
    let (start, end) = if hits.is_empty() {
        (0, floor_boundary(text, SNIPPET_CHARS.min(text.len())))
    } else {
        // Window starting at each hit; keep the one covering most distinct stems.
        let mut best = (0usize, 0usize);
        for (i, h) in hits.iter().enumerate() {
            let limit = h.from + SNIPPET_CHARS;
            let distinct: HashSet<&str> =
                hits[i..].iter().take_while(|x| x.to <= limit).map(|x| x.stem.as_str()).collect();
            if distinct.len() > best.0 {
                best = (distinct.len(), i);
            }
        }
        let first = hits[best.1].from;
        // Start a little before the first word, at a word boundary, for context.
        let mut s = floor_boundary(text, first.saturating_sub(40));
        if s > 0 {
            s = text[s..first].find(' ').map_or(first, |p| s + p + 1);
        }
        (s, floor_boundary(text, (s + SNIPPET_CHARS).min(text.len())))
    };
    let mut end = end;
    if end < text.len()
        && let Some(p) = text[start..end].rfind(' ')
        && p > 0
    {
        end = start + p;
    }
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.push_str(&highlight(&text[start..end], stems));
    if end < text.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_and_escapes() {
        let stems: HashSet<String> = analysis::stems("rifiuti").into_iter().collect();
        let h = highlight("<b>Rifiuto</b> & altro", &stems);
        assert_eq!(h, "&lt;b&gt;<mark>Rifiuto</mark>&lt;/b&gt; &amp; altro");
    }

    #[test]
    fn snippet_centres_on_matches() {
        let stems: HashSet<String> = analysis::stems("tessera elettorale").into_iter().collect();
        let text = format!("{} La tessera elettorale si ritira in Comune. {}", "parole ".repeat(60), "x ".repeat(200));
        let s = snippet(&text, &stems);
        assert!(s.starts_with('…') && s.contains("<mark>tessera</mark>"));
        assert!(s.chars().count() < 260);
    }
}
