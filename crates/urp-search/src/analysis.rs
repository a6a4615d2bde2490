//! Italian text analysis shared by indexing and querying, so both sides always agree.
//!
//! Steps: split on anything that is not a letter or digit (which also splits elisions such as
//! `dell'anagrafe`), lowercase, fold accents (`città` ≡ `citta`, so queries typed without
//! accents match), drop stop words and elided articles, then Snowball Italian stemming.

use std::collections::HashSet;
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

/// One analysed word with its place in the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AToken {
    /// Lowercased, accent-folded surface form (`identita`).
    pub word: String,
    /// Snowball stem of `word` (`identit`).
    pub stem: String,
    /// Byte offsets in the original text.
    pub from: usize,
    pub to: usize,
}

// Snowball's Italian list (accents folded) plus elided forms and a few words that carry no
// meaning in a request to a comune ("buongiorno", "salve"); English function words so that a
// foreign resident's query keeps only its content words.
const STOP_WORDS: &str = "ad al allo ai agli all agl alla alle con col coi da dal dallo dai dagli dall dagl \
dalla dalle di del dello dei degli dell degl della delle in nel nello nei negli nell negl nella nelle su sul \
sullo sui sugli sull sugl sulla sulle per tra fra contro io tu lui lei noi voi loro mio mia miei mie tuo tua \
tuoi tue suo sua suoi sue nostro nostra nostri nostre vostro vostra vostri vostre mi ti ci vi lo la li le gli \
ne il un uno una ma ed se perche anche come dov dove che chi cui non piu quale quanto quanti quanta quante \
quello quelli quella quelle questo questi questa queste si tutto tutti a c e i l o d s m t v n ho hai ha \
abbiamo avete hanno abbia abbiate abbiano avro avrai avra avremo avrete avranno avrei avresti avrebbe \
avremmo avreste avrebbero avevo avevi aveva avevamo avevate avevano ebbi avesti ebbe avemmo aveste ebbero \
avessi avesse avessimo avessero avendo avuto avuta avuti avute sono sei siamo siete sia siate siano saro \
sarai sara saremo sarete saranno sarei saresti sarebbe saremmo sareste sarebbero ero eri era eravamo \
eravate erano fui fosti fu fummo foste furono fossi fosse fossimo fossero essendo faccio fai facciamo \
fanno faccia facciate facciano faro farai fara faremo farete faranno farei faresti farebbe faremmo fareste \
farebbero facevo facevi faceva facevamo facevate facevano feci facesti fece facemmo faceste fecero facessi \
facesse facessimo facessero facendo sto stai sta stiamo stanno stia stiate stiano staro starai stara \
staremo starete staranno starei staresti starebbe staremmo stareste starebbero stavo stavi stava stavamo \
stavate stavano stetti stesti stette stemmo steste stettero stessi stesse stessimo stessero stando \
un quest quell quant tutt nessun qualcun po gia cosa cos qui qua li la poi allora pero oppure ancora \
buongiorno buonasera salve grazie scusate scusi gentile egregio vorrei volevo volevamo potrei posso puo \
possiamo devo deve dobbiamo bisogna serve servono fare fatto detto sapere so sa \
the an of for to at by on my our your his her their it its is are was were be been am do does did \
how what where when which who can could should would will i we you he she they me us them this that \
these those from with about into there here have has had not no please hello hi";

fn stop_words() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| STOP_WORDS.split_whitespace().collect())
}

/// True for a folded word that carries no meaning for search.
pub fn is_stop_word(word: &str) -> bool {
    stop_words().contains(word)
}

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::Italian))
}

/// Stem of an already folded word.
pub fn stem(word: &str) -> String {
    // Digits and codes ("730", "f24") are kept whole: the stemmer would cut a trailing vowel.
    if word.chars().any(|c| c.is_ascii_digit()) {
        return word.to_string();
    }
    stemmer().stem(word).into_owned()
}

/// Lowercase and fold one character to its unaccented Latin form (pushed onto `out`).
fn fold_char(c: char, out: &mut String) {
    let folded = match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' | 'À' | 'Á' | 'Â' | 'Ä' | 'Ã' | 'Å' | 'ā' | 'ă' | 'ą' => 'a',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' | 'ē' | 'ę' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'ī' | 'ı' => 'i',
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Ö' | 'Õ' | 'Ø' | 'ō' | 'ő' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'ū' | 'ů' | 'ű' => 'u',
        'ç' | 'Ç' | 'ć' | 'č' => 'c',
        'ñ' | 'Ñ' | 'ń' | 'ň' => 'n',
        'ý' | 'ÿ' | 'Ý' => 'y',
        'š' | 'ś' | 'Š' => 's',
        'ž' | 'ź' | 'ż' | 'Ž' => 'z',
        'ł' | 'Ł' => 'l',
        'ř' => 'r',
        'đ' => 'd',
        'ß' => {
            out.push_str("ss");
            return;
        }
        'æ' | 'Æ' => {
            out.push_str("ae");
            return;
        }
        'œ' | 'Œ' => {
            out.push_str("oe");
            return;
        }
        _ => {
            for l in c.to_lowercase() {
                out.push(l);
            }
            return;
        }
    };
    out.push(folded);
}

/// Lowercased, accent-folded form of a whole string (words only, single spaces).
pub fn fold(text: &str) -> String {
    words(text).into_iter().map(|(w, _, _)| w).collect::<Vec<_>>().join(" ")
}

/// Every word of `text`, folded, with byte offsets; stop words included.
pub fn words(text: &str) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            if current.is_empty() {
                start = i;
            }
            fold_char(c, &mut current);
        } else if !current.is_empty() {
            out.push((std::mem::take(&mut current), start, i));
        }
    }
    if !current.is_empty() {
        out.push((current, start, text.len()));
    }
    out
}

/// Longest word kept: longer runs are noise (hashes, pasted URLs) and would bloat the index.
const MAX_WORD_BYTES: usize = 60;

/// Content words of `text`, analysed.
pub fn analyze(text: &str) -> Vec<AToken> {
    words(text)
        .into_iter()
        .filter(|(w, _, _)| w.len() <= MAX_WORD_BYTES && !is_stop_word(w))
        .map(|(word, from, to)| AToken { stem: stem(&word), word, from, to })
        .collect()
}

/// Stems of the content words of `text`, in order.
pub fn stems(text: &str) -> Vec<String> {
    analyze(text).into_iter().map(|t| t.stem).collect()
}

pub(crate) mod tokenizer {
    //! The analysis above as tantivy tokenizers: one emitting stems (ranked fields), one
    //! emitting folded words (the spelling dictionary used for typo correction).
    use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

    #[derive(Clone, Copy)]
    pub struct ItalianTokenizer {
        pub stems: bool,
    }

    pub struct VecStream {
        tokens: Vec<Token>,
        next: usize,
    }

    impl Tokenizer for ItalianTokenizer {
        type TokenStream<'a> = VecStream;
        fn token_stream<'a>(&'a mut self, text: &'a str) -> VecStream {
            let tokens = super::analyze(text)
                .into_iter()
                .enumerate()
                .map(|(position, t)| Token {
                    offset_from: t.from,
                    offset_to: t.to,
                    position,
                    text: if self.stems { t.stem } else { t.word },
                    position_length: 1,
                })
                .collect();
            VecStream { tokens, next: 0 }
        }
    }

    impl TokenStream for VecStream {
        fn advance(&mut self) -> bool {
            if self.next < self.tokens.len() {
                self.next += 1;
                true
            } else {
                false
            }
        }
        fn token(&self) -> &Token {
            &self.tokens[self.next - 1]
        }
        fn token_mut(&mut self) -> &mut Token {
            &mut self.tokens[self.next - 1]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elisions_accents_and_stop_words() {
        let s = stems("Ufficio dell'Anagrafe: carta d'identità");
        assert_eq!(s, stems("ufficio anagrafe carta identita"));
        assert!(!s.iter().any(|w| w == "dell" || w == "d"));
        assert_eq!(stems("un'altra città"), stems("altra citta"));
    }

    #[test]
    fn stemming_merges_inflections() {
        assert_eq!(stem("rifiuti"), stem("rifiuto"));
        assert_eq!(stem("certificati"), stem("certificato"));
        assert_eq!(stems("documenti")[0], stems("documento")[0]);
    }

    #[test]
    fn any_unicode_is_safe() {
        assert!(analyze("").is_empty());
        assert!(analyze("?!:;\"'()[]{}*~^").is_empty());
        let t = analyze("Ζεύς 北京 😀 naïve");
        assert!(t.iter().any(|t| t.word == "naive"));
        assert!(t.iter().any(|t| t.word == "北京"));
    }
}
