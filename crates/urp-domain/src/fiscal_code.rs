//! The Italian *codice fiscale* (DPR 605/1973; the algorithm is set by DM 23 dicembre 1976,
//! "Sistemi di codificazione dei soggetti da iscrivere all'anagrafe tributaria").
//!
//! - A **natural person** has 16 characters: three letters from the surname, three from the
//!   name, the last two digits of the birth year, a letter for the month (`ABCDEHLMPRST` =
//!   January … December), two digits for the day of birth (plus 40 for women), the place of
//!   birth (its cadastral "Belfiore" code: one letter and three digits; `Z` + digits for a
//!   foreign country) and a check letter. [`FiscalCode`].
//! - **Omocodia**: when two people would get the same code, the Agenzia delle Entrate gives
//!   the later one a variant in which digits of the seven numeric positions are replaced,
//!   from the right, by letters (`0`–`9` → `LMNPQRSTUV`) and the check letter is recomputed.
//!   Such a code is as valid as any other and belongs to a **different** person, so a code is
//!   never "normalised" back to its digits for identity.
//! - **Legal persons** (and provisional codes of natural persons) have 11 digits, the last a
//!   check digit computed like the partita IVA's. [`NumericFiscalCode`].
//!
//! Input is accepted in any case and with spaces (as people type it or as it is printed on
//! the health card), and stored normalised: upper case, no spaces.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Characters of a personal code.
pub const PERSON_LENGTH: usize = 16;
/// Digits of a numeric code.
pub const NUMERIC_LENGTH: usize = 11;

/// Why a code was refused. `code()` is the message-catalogue key the web layer shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum FiscalCodeError {
    /// Wrong number of characters (spaces not counted).
    #[error("a fiscal code has {expected} characters, found {found}")]
    Length { found: usize, expected: usize },
    /// The character at `position` (1-based, spaces not counted) does not fit the structure:
    /// a digit where a letter belongs, an unknown month letter, an impossible day of birth.
    #[error("character {position} of the fiscal code is not valid there")]
    Format { position: usize },
    /// The structure is right but the check character is not.
    #[error("wrong check character in the fiscal code: expected `{expected}`, found `{found}`")]
    Checksum { expected: char, found: char },
}

impl FiscalCodeError {
    /// The message-catalogue key the web layer shows.
    pub fn code(self) -> &'static str {
        match self {
            FiscalCodeError::Length { .. } => "err-fiscal-code-length",
            FiscalCodeError::Format { .. } => "err-fiscal-code-format",
            FiscalCodeError::Checksum { .. } => "err-fiscal-code-checksum",
        }
    }
}

/// Upper case, without any white space: how codes are stored and compared.
fn normalise(input: &str) -> Vec<char> {
    input.chars().filter(|c| !c.is_whitespace()).map(|c| c.to_ascii_uppercase()).collect()
}

// ---------------------------------------------------------------------------------------------
// Natural persons: 16 characters
// ---------------------------------------------------------------------------------------------

/// The 0-based positions that hold digits, or their omocodia letters.
const NUMERIC_POSITIONS: [usize; 7] = [6, 7, 9, 10, 12, 13, 14];

/// The letters that replace `0`–`9` in an omocodic code.
const OMOCODIA_LETTERS: &[u8; 10] = b"LMNPQRSTUV";

/// The month letters, January to December.
const MONTH_LETTERS: &[u8; 12] = b"ABCDEHLMPRST";

/// Days in each month; February has 29 here, and leap years are checked separately.
const MONTH_DAYS: [u32; 12] = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/// Value of a character in an odd position (1st, 3rd, … 15th), indexed by `0`–`9` and `A`–`Z`
/// alike (`0` and `A` share index 0): the official table of DM 23/12/1976.
const ODD_VALUES: [u32; 26] =
    [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

/// A valid personal *codice fiscale*, normalised to 16 upper-case ASCII characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct FiscalCode(String);

impl FiscalCode {
    /// Validates a personal code: length, structure (with omocodia), date of birth and check
    /// letter, in that order, so the first problem found is reported.
    pub fn parse(input: &str) -> Result<FiscalCode, FiscalCodeError> {
        let chars = normalise(input);
        if chars.len() != PERSON_LENGTH {
            return Err(FiscalCodeError::Length { found: chars.len(), expected: PERSON_LENGTH });
        }
        let mut bytes = [0u8; PERSON_LENGTH];
        for (i, (&c, b)) in chars.iter().zip(bytes.iter_mut()).enumerate() {
            if !fits(i, c) {
                return Err(FiscalCodeError::Format { position: i + 1 });
            }
            // `fits` only accepts ASCII characters.
            *b = c as u8;
        }
        check_birth_day(&bytes)?;
        let expected = check_char(&bytes);
        let found = char::from(bytes[15]);
        if expected != found {
            return Err(FiscalCodeError::Checksum { expected, found });
        }
        Ok(FiscalCode(chars.into_iter().collect()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The byte at 0-based position `i`; the code is always 16 ASCII characters.
    fn byte(&self, i: usize) -> u8 {
        self.0.as_bytes().get(i).copied().unwrap_or(0)
    }

    fn number(&self, positions: &[usize]) -> u32 {
        number(self.0.as_bytes(), positions)
    }

    /// Day (1–31) and month (1–12) of birth.
    pub fn birth_day_month(&self) -> (u32, u32) {
        let raw = self.number(&[9, 10]);
        (if raw > 40 { raw - 40 } else { raw }, month(self.byte(8)) + 1)
    }

    /// Women have 40 added to the day of birth.
    pub fn is_female(&self) -> bool {
        self.number(&[9, 10]) > 40
    }

    /// The last two digits of the year of birth (0–99).
    pub fn birth_year_two_digits(&self) -> u32 {
        self.number(&[6, 7])
    }

    /// The date of birth, with the century chosen so that the person is 0–99 years old in
    /// `reference_year`: the latest year not after `reference_year` ending in the code's two
    /// digits. The code does not say the century, so a person of 100 or more is placed a
    /// century late; a caller that knows better (a declared birth date) should prefer it.
    /// `None` if that date does not exist (29 February of a year like 1900 or 2100).
    pub fn birth_date(&self, reference_year: i32) -> Option<NaiveDate> {
        let yy = i64::from(self.birth_year_two_digits());
        let reference = i64::from(reference_year);
        let year = i32::try_from(reference - (reference - yy).rem_euclid(100)).ok()?;
        let (day, month) = self.birth_day_month();
        NaiveDate::from_ymd_opt(year, month, day)
    }

    /// The cadastral (Belfiore) code of the place of birth, omocodia undone, e.g. `H501` for
    /// Rome; `Z` and three digits for a foreign country.
    pub fn birth_place_code(&self) -> String {
        let letter = char::from(self.byte(11));
        format!("{letter}{:03}", self.number(&[12, 13, 14]))
    }

    /// Born abroad: the place code is a country (`Z…`).
    pub fn is_born_abroad(&self) -> bool {
        self.byte(11) == b'Z'
    }

    /// Whether this is an omocodic variant (a letter in a numeric position).
    pub fn is_omocode(&self) -> bool {
        NUMERIC_POSITIONS.iter().any(|&i| self.byte(i).is_ascii_uppercase())
    }
}

/// Whether `c` may stand at 0-based position `i` of a personal code.
fn fits(i: usize, c: char) -> bool {
    if !c.is_ascii() {
        return false;
    }
    let b = c as u8;
    match i {
        8 => MONTH_LETTERS.contains(&b),
        i if NUMERIC_POSITIONS.contains(&i) => digit_value(b).is_some(),
        _ => b.is_ascii_uppercase(),
    }
}

/// The number written at the numeric `positions` of `bytes`, omocodia undone. Only called on
/// characters [`fits`] accepted, so every position holds a digit or its letter.
fn number(bytes: &[u8], positions: &[usize]) -> u32 {
    positions.iter().fold(0, |n, &i| n * 10 + bytes.get(i).and_then(|&b| digit_value(b)).map_or(0, u32::from))
}

/// The 0-based month (0 = January) of a month letter that [`fits`] accepted.
fn month(letter: u8) -> u32 {
    MONTH_LETTERS.iter().zip(0..).find_map(|(&m, i)| (m == letter).then_some(i)).unwrap_or(0)
}

/// The digit a numeric position stands for: itself, or the digit its omocodia letter replaces.
fn digit_value(b: u8) -> Option<u8> {
    if b.is_ascii_digit() {
        Some(b - b'0')
    } else {
        OMOCODIA_LETTERS.iter().position(|&l| l == b).and_then(|d| u8::try_from(d).ok())
    }
}

/// The day must exist in the month: 1–31 (41–71 for women), at most the month's length, and
/// 29 February only in a year whose two digits are a multiple of 4 (…00 is 2000, a leap year;
/// the code cannot tell it from 1900).
fn check_birth_day(bytes: &[u8; PERSON_LENGTH]) -> Result<(), FiscalCodeError> {
    let raw = number(bytes, &[9, 10]);
    let day = if raw > 40 { raw - 40 } else { raw };
    let month = month(bytes[8]);
    let max = MONTH_DAYS.get(month as usize).copied().unwrap_or(31);
    let leap_ok = !(month == 1 && day == 29) || number(bytes, &[6, 7]).is_multiple_of(4);
    if (1..=max).contains(&day) && (raw <= 31 || raw > 40) && leap_ok {
        Ok(())
    } else {
        Err(FiscalCodeError::Format { position: 10 })
    }
}

/// The check letter of the first 15 characters (upper-case ASCII letters and digits):
/// odd positions (1st, 3rd, …) through [`ODD_VALUES`], even positions by their index
/// (`0`–`9` = 0–9, `A`–`Z` = 0–25), the sum modulo 26 as a letter.
fn check_char(bytes: &[u8]) -> char {
    let sum: u32 = bytes
        .iter()
        .take(PERSON_LENGTH - 1)
        .enumerate()
        .map(|(i, &b)| {
            // Digits and letters share the indices: `0` and `A` are 0, `9` and `J` are 9.
            let index = usize::from(if b.is_ascii_digit() { b - b'0' } else { b.wrapping_sub(b'A') }) % 26;
            // Position i + 1 is odd when i is even.
            if i % 2 == 0 { ODD_VALUES[index] } else { index as u32 }
        })
        .sum();
    char::from(b'A' + (sum % 26) as u8)
}

impl fmt::Display for FiscalCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for FiscalCode {
    type Err = FiscalCodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        FiscalCode::parse(s)
    }
}

impl TryFrom<String> for FiscalCode {
    type Error = FiscalCodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        FiscalCode::parse(&s)
    }
}

impl From<FiscalCode> for String {
    fn from(c: FiscalCode) -> String {
        c.0
    }
}

impl AsRef<str> for FiscalCode {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

// ---------------------------------------------------------------------------------------------
// Legal persons: 11 digits
// ---------------------------------------------------------------------------------------------

/// A valid 11-digit numeric *codice fiscale* (companies, associations, public bodies; also
/// provisional codes of natural persons).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct NumericFiscalCode(String);

impl NumericFiscalCode {
    /// Validates 11 digits whose last is the check digit: digits in odd positions are added
    /// as they are, digits in even positions are doubled (less 9 when over 9), and the check
    /// digit brings the total to a multiple of 10: a Luhn check, the same as the partita
    /// IVA's (DM 23 dicembre 1976).
    pub fn parse(input: &str) -> Result<NumericFiscalCode, FiscalCodeError> {
        let chars = normalise(input);
        if chars.len() != NUMERIC_LENGTH {
            return Err(FiscalCodeError::Length { found: chars.len(), expected: NUMERIC_LENGTH });
        }
        let mut digits = [0u32; NUMERIC_LENGTH];
        for (i, (&c, d)) in chars.iter().zip(digits.iter_mut()).enumerate() {
            // `to_digit` accepts only ASCII digits.
            *d = c.to_digit(10).ok_or(FiscalCodeError::Format { position: i + 1 })?;
        }
        let expected = numeric_check_digit(&digits[..NUMERIC_LENGTH - 1]);
        let found = digits[NUMERIC_LENGTH - 1];
        if expected != found {
            return Err(FiscalCodeError::Checksum { expected: digit_char(expected), found: digit_char(found) });
        }
        Ok(NumericFiscalCode(chars.into_iter().collect()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Validates an 11-digit numeric fiscal code; see [`NumericFiscalCode::parse`].
pub fn validate_numeric(input: &str) -> Result<NumericFiscalCode, FiscalCodeError> {
    NumericFiscalCode::parse(input)
}

/// The check digit of the first ten digits.
fn numeric_check_digit(digits: &[u32]) -> u32 {
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            // Position i + 1 is even when i is odd.
            if i % 2 == 1 {
                let twice = d * 2;
                if twice > 9 { twice - 9 } else { twice }
            } else {
                d
            }
        })
        .sum();
    (10 - sum % 10) % 10
}

fn digit_char(d: u32) -> char {
    char::from_digit(d, 10).unwrap_or('?')
}

impl fmt::Display for NumericFiscalCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for NumericFiscalCode {
    type Err = FiscalCodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        NumericFiscalCode::parse(s)
    }
}

impl TryFrom<String> for NumericFiscalCode {
    type Error = FiscalCodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        NumericFiscalCode::parse(&s)
    }
}

impl From<NumericFiscalCode> for String {
    fn from(c: NumericFiscalCode) -> String {
        c.0
    }
}

impl AsRef<str> for NumericFiscalCode {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

// ---------------------------------------------------------------------------------------------
// Either
// ---------------------------------------------------------------------------------------------

/// A fiscal code of either form, for fields that accept a person or an organisation.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum AnyFiscalCode {
    Person(FiscalCode),
    Numeric(NumericFiscalCode),
}

impl AnyFiscalCode {
    /// Chooses the form by length (spaces not counted): 16 characters are a personal code,
    /// 11 a numeric one; any other length is reported against the personal code's 16.
    pub fn parse(input: &str) -> Result<AnyFiscalCode, FiscalCodeError> {
        match normalise(input).len() {
            NUMERIC_LENGTH => NumericFiscalCode::parse(input).map(AnyFiscalCode::Numeric),
            _ => FiscalCode::parse(input).map(AnyFiscalCode::Person),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            AnyFiscalCode::Person(c) => c.as_str(),
            AnyFiscalCode::Numeric(c) => c.as_str(),
        }
    }
}

impl fmt::Display for AnyFiscalCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AnyFiscalCode {
    type Err = FiscalCodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        AnyFiscalCode::parse(s)
    }
}

impl TryFrom<String> for AnyFiscalCode {
    type Error = FiscalCodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        AnyFiscalCode::parse(&s)
    }
}

impl From<AnyFiscalCode> for String {
    fn from(c: AnyFiscalCode) -> String {
        match c {
            AnyFiscalCode::Person(c) => c.into(),
            AnyFiscalCode::Numeric(c) => c.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde::de::value::{Error as DeError, StrDeserializer};

    // An independent implementation of the check letter, written from the published tables
    // as character pairs rather than indices.
    const ODD_TABLE: &str = "0=1 1=0 2=5 3=7 4=9 5=13 6=15 7=17 8=19 9=21 \
        A=1 B=0 C=5 D=7 E=9 F=13 G=15 H=17 I=19 J=21 K=2 L=4 M=18 N=20 O=11 P=3 Q=6 R=8 S=12 \
        T=14 U=16 V=10 W=22 X=25 Y=24 Z=23";

    fn odd_value(c: char) -> u32 {
        ODD_TABLE
            .split_whitespace()
            .find_map(|pair| {
                let (k, v) = pair.split_once('=').unwrap();
                (k == c.to_string()).then(|| v.parse().unwrap())
            })
            .unwrap()
    }

    fn even_value(c: char) -> u32 {
        if let Some(d) = c.to_digit(10) { d } else { "ABCDEFGHIJKLMNOPQRSTUVWXYZ".find(c).unwrap() as u32 }
    }

    fn reference_check(first15: &str) -> char {
        let sum: u32 =
            first15.chars().enumerate().map(|(i, c)| if (i + 1) % 2 == 1 { odd_value(c) } else { even_value(c) }).sum();
        char::from(b'A' + (sum % 26) as u8)
    }

    fn with_check(first15: &str) -> String {
        format!("{first15}{}", reference_check(first15))
    }

    /// Replaces the digits of the numeric positions selected by `mask` (bit 0 = rightmost
    /// numeric position) with their omocodia letters.
    fn omocode(first15: &str, mask: u8) -> String {
        let mut chars: Vec<char> = first15.chars().collect();
        for (bit, &pos) in [14usize, 13, 12, 10, 9, 7, 6].iter().enumerate() {
            if mask & (1 << bit) != 0 {
                let d = chars[pos].to_digit(10).unwrap() as usize;
                chars[pos] = "LMNPQRSTUV".chars().nth(d).unwrap();
            }
        }
        chars.into_iter().collect()
    }

    fn ok(s: &str) -> FiscalCode {
        FiscalCode::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn published_examples() {
        // The example on the Agenzia delle Entrate's and many other pages: Mario Rossi, born
        // in 1985 on 10 December.
        let c = ok("RSSMRA85T10A562S");
        assert_eq!(c.as_str(), "RSSMRA85T10A562S");
        assert_eq!(c.birth_day_month(), (10, 12));
        assert!(!c.is_female());
        assert_eq!(c.birth_year_two_digits(), 85);
        assert_eq!(c.birth_date(2026), NaiveDate::from_ymd_opt(1985, 12, 10));
        assert_eq!(c.birth_place_code(), "A562");
        assert!(!c.is_born_abroad());
        assert!(!c.is_omocode());
        // Giuseppe Verdi, born 10 October 1813 in Busseto (B293).
        let c = ok("VRDGPP13R10B293P");
        assert_eq!(c.birth_day_month(), (10, 10));
        assert_eq!(c.birth_place_code(), "B293");
        // Matteo Moretti, born 9 April 1925 in Milan (F205) — the Wikipedia example.
        let c = ok("MRTMTT25D09F205Z");
        assert_eq!(c.birth_day_month(), (9, 4));
        assert_eq!(c.birth_date(1990), NaiveDate::from_ymd_opt(1925, 4, 9));
        // The documented limit: in 2026 a 101-year-old is placed a century late.
        assert_eq!(c.birth_date(2026), NaiveDate::from_ymd_opt(2025, 4, 9));
    }

    #[test]
    fn women_and_the_born_abroad() {
        // A woman born 1 January 1980 in Milan: day 41.
        let c = ok(&with_check("BNCGNN80A41F205"));
        assert!(c.is_female());
        assert_eq!(c.birth_day_month(), (1, 1));
        assert_eq!(c.birth_date(2026), NaiveDate::from_ymd_opt(1980, 1, 1));
        // A woman born 31 December 2001 in Germany (Z112).
        let c = ok(&with_check("MLLNNA01T71Z112"));
        assert!(c.is_female());
        assert!(c.is_born_abroad());
        assert_eq!(c.birth_place_code(), "Z112");
        assert_eq!(c.birth_date(2026), NaiveDate::from_ymd_opt(2001, 12, 31));
    }

    #[test]
    fn lower_case_and_spaces_are_normalised() {
        for input in ["rssmra85t10a562s", " RSS MRA 85T10 A562S ", "rss\tmra85t10a562S\n", "RsSmRa 85 t 10 a 562 s"] {
            assert_eq!(ok(input).as_str(), "RSSMRA85T10A562S", "{input:?}");
        }
    }

    #[test]
    fn omocodic_variants_are_valid_and_decode_the_same() {
        let base = ok("RSSMRA85T10A562S");
        // Replacing digits from the right, one more each time, as the Agenzia does.
        let mut expected_first = Vec::new();
        for n in 1..=7u8 {
            let mask = (1u8 << n) - 1;
            let code = with_check(&omocode("RSSMRA85T10A562", mask));
            let c = ok(&code);
            assert!(c.is_omocode(), "{code}");
            assert_eq!(c.birth_day_month(), base.birth_day_month());
            assert_eq!(c.birth_year_two_digits(), 85);
            assert_eq!(c.birth_place_code(), "A562");
            assert_eq!(c.birth_date(2026), base.birth_date(2026));
            assert_ne!(c, base);
            expected_first.push(code);
        }
        // The first one by hand: 2 → N at the last numeric position; check letter recomputed.
        assert_eq!(expected_first[0], "RSSMRA85T10A56NH");
        assert_eq!(expected_first[6], "RSSMRAURTMLARSNL");
        // Keeping the old check letter is a checksum error.
        assert_eq!(FiscalCode::parse("RSSMRA85T10A56NS"), Err(FiscalCodeError::Checksum { expected: 'H', found: 'S' }));
    }

    #[test]
    fn wrong_checksums() {
        assert_eq!(FiscalCode::parse("RSSMRA85T10A562T"), Err(FiscalCodeError::Checksum { expected: 'S', found: 'T' }));
        for c in 'A'..='Z' {
            let code = format!("RSSMRA85T10A562{c}");
            assert_eq!(FiscalCode::parse(&code).is_ok(), c == 'S', "{code}");
        }
        // Two swapped surname letters.
        assert!(matches!(FiscalCode::parse("SRSMRA85T10A562S"), Err(FiscalCodeError::Checksum { .. })));
    }

    #[test]
    fn lengths() {
        assert_eq!(FiscalCode::parse(""), Err(FiscalCodeError::Length { found: 0, expected: 16 }));
        assert_eq!(FiscalCode::parse("RSSMRA85T10A562"), Err(FiscalCodeError::Length { found: 15, expected: 16 }));
        assert_eq!(FiscalCode::parse("RSSMRA85T10A562SS"), Err(FiscalCodeError::Length { found: 17, expected: 16 }));
        // Spaces do not count.
        assert_eq!(FiscalCode::parse("   "), Err(FiscalCodeError::Length { found: 0, expected: 16 }));
    }

    #[test]
    fn formats() {
        let format = |s: &str| match FiscalCode::parse(s) {
            Err(FiscalCodeError::Format { position }) => position,
            other => panic!("{s}: {other:?}"),
        };
        assert_eq!(format("1SSMRA85T10A562S"), 1, "digit in the surname");
        assert_eq!(format("RSSMR585T10A562S"), 6, "digit in the name");
        assert_eq!(format("RSSMRAA5T10A562S"), 7, "A is not an omocodia letter");
        assert_eq!(format("RSSMRA85F10A562S"), 9, "F is not a month");
        assert_eq!(format("RSSMRA85810A562S"), 9, "digit as the month");
        assert_eq!(format("RSSMRA85T00A562S"), 10, "day 0");
        assert_eq!(format("RSSMRA85T32A562S"), 10, "day 32");
        assert_eq!(format("RSSMRA85T40A562S"), 10, "day 40");
        assert_eq!(format("RSSMRA85T72A562S"), 10, "day 72 (32 for a woman)");
        assert_eq!(format("RSSMRA85D31A562S"), 10, "31 April");
        assert_eq!(format("RSSMRA85B30A562S"), 10, "30 February");
        assert_eq!(format("RSSMRA85B29A562S"), 10, "29 February 1985");
        assert_eq!(format("RSSMRA85T105562S"), 12, "digit as the place letter");
        assert_eq!(format("RSSMRA85T10AX62S"), 13, "X is not an omocodia letter");
        assert_eq!(format("RSSMRA85T10A5621"), 16, "digit as the check letter");
        assert_eq!(format("RSSMRÀ85T10A562S"), 6, "non-ASCII letter");
        assert_eq!(format("RSSMRA85T10A562-"), 16);
        // Leap years: 29 February 1984 and 2000 exist.
        ok(&with_check("RSSMRA84B29A562"));
        ok(&with_check("RSSMRA00B69A562"));
        // … also with omocodia (2 → N, 9 → V).
        ok(&with_check("RSSMRA84BNVA562"));
    }

    #[test]
    fn century_choice() {
        let c = ok("RSSMRA85T10A562S");
        assert_eq!(c.birth_date(1985).map(|d| d.to_string()), Some("1985-12-10".into()));
        assert_eq!(c.birth_date(1984).map(|d| d.to_string()), Some("1885-12-10".into()));
        assert_eq!(c.birth_date(2084).map(|d| d.to_string()), Some("1985-12-10".into()));
        assert_eq!(c.birth_date(2085).map(|d| d.to_string()), Some("2085-12-10".into()));
        assert_eq!(c.birth_date(i32::MIN), None);
        // 29 February of a year ending in 00 exists in 2000, not in 1900 or 2100.
        let c = ok(&with_check("RSSMRA00B29A562"));
        assert_eq!(c.birth_date(2026), NaiveDate::from_ymd_opt(2000, 2, 29));
        assert_eq!(c.birth_date(1999), None);
        assert_eq!(c.birth_date(2100), None);
    }

    #[test]
    fn numeric_codes() {
        // Published codes: Agenzia delle Entrate, INPS, Comune di Milano, Roma Capitale.
        for code in ["06363391001", "80078750587", "01199250158", "02438750586"] {
            assert_eq!(validate_numeric(code).map(|c| c.to_string()), Ok(code.to_string()));
        }
        assert_eq!(validate_numeric(" 0636 3391 001 ").unwrap().as_str(), "06363391001");
        assert_eq!(validate_numeric("06363391002"), Err(FiscalCodeError::Checksum { expected: '1', found: '2' }));
        assert_eq!(validate_numeric("0636339100"), Err(FiscalCodeError::Length { found: 10, expected: 11 }));
        assert_eq!(validate_numeric("0636339100A"), Err(FiscalCodeError::Format { position: 11 }));
        assert_eq!(validate_numeric("０6363391001"), Err(FiscalCodeError::Format { position: 1 }));
    }

    #[test]
    fn either_form() {
        assert!(matches!(AnyFiscalCode::parse("rssmra85t10a562s"), Ok(AnyFiscalCode::Person(_))));
        assert!(matches!(AnyFiscalCode::parse("80078750587"), Ok(AnyFiscalCode::Numeric(_))));
        assert_eq!(AnyFiscalCode::parse("12345"), Err(FiscalCodeError::Length { found: 5, expected: 16 }));
        assert_eq!(AnyFiscalCode::parse("RSSMRA85T10"), Err(FiscalCodeError::Format { position: 1 }));
        let any: AnyFiscalCode = "06363391001".parse().unwrap();
        assert_eq!(any.as_str(), "06363391001");
        assert_eq!(String::from(any), "06363391001");
    }

    #[test]
    fn serde_validates() {
        let c = FiscalCode::deserialize(StrDeserializer::<DeError>::new("rss mra85t10a562s")).unwrap();
        assert_eq!(c.as_str(), "RSSMRA85T10A562S");
        assert!(FiscalCode::deserialize(StrDeserializer::<DeError>::new("RSSMRA85T10A562T")).is_err());
        assert!(NumericFiscalCode::deserialize(StrDeserializer::<DeError>::new("80078750588")).is_err());
        let any = AnyFiscalCode::deserialize(StrDeserializer::<DeError>::new("80078750587")).unwrap();
        assert!(matches!(any, AnyFiscalCode::Numeric(_)));
    }

    #[test]
    fn error_codes() {
        assert_eq!(FiscalCodeError::Length { found: 1, expected: 16 }.code(), "err-fiscal-code-length");
        assert_eq!(FiscalCodeError::Format { position: 1 }.code(), "err-fiscal-code-format");
        assert_eq!(FiscalCodeError::Checksum { expected: 'A', found: 'B' }.code(), "err-fiscal-code-checksum");
    }

    /// The first 15 characters of a valid personal code and what they encode.
    #[derive(Debug, Clone)]
    struct Person {
        first15: String,
        day: u32,
        month: u32,
        yy: u32,
        female: bool,
        place: String,
    }

    fn any_person() -> impl Strategy<Value = Person> {
        ("[A-Z]{6}", 0u32..100, 1u32..=12, any::<bool>(), "[A-Z]", 0u32..1000, 0u32..31).prop_map(
            |(names, yy, month, female, place_letter, place_number, day_seed)| {
                let leap = yy % 4 == 0;
                let len = match month {
                    2 if leap => 29,
                    2 => 28,
                    4 | 6 | 9 | 11 => 30,
                    _ => 31,
                };
                let day = day_seed % len + 1;
                let month_letter = "ABCDEHLMPRST".chars().nth(month as usize - 1).unwrap();
                let place = format!("{place_letter}{place_number:03}");
                let first15 = format!("{names}{yy:02}{month_letter}{:02}{place}", if female { day + 40 } else { day });
                Person { first15, day, month, yy, female, place }
            },
        )
    }

    fn any_numeric() -> impl Strategy<Value = String> {
        "[0-9]{10}".prop_map(|ten| {
            // An independent Luhn: from the right of the full number, every second digit doubled.
            let sum: u32 = ten
                .chars()
                .rev()
                .enumerate()
                .map(|(i, c)| {
                    let d = c.to_digit(10).unwrap();
                    if i % 2 == 0 { (d * 2) / 10 + (d * 2) % 10 } else { d }
                })
                .sum();
            format!("{ten}{}", (10 - sum % 10) % 10)
        })
    }

    proptest! {
        #[test]
        fn valid_codes_round_trip(p in any_person(), mask in 0u8..128, reference in 1900i32..2200) {
            let code = with_check(&omocode(&p.first15, mask));
            let c = FiscalCode::parse(&code).unwrap();
            prop_assert_eq!(c.as_str(), code.as_str());
            prop_assert_eq!(c.to_string().parse::<FiscalCode>().unwrap(), c.clone());
            prop_assert_eq!(FiscalCode::try_from(String::from(c.clone())).unwrap(), c.clone());
            prop_assert_eq!(c.birth_day_month(), (p.day, p.month));
            prop_assert_eq!(c.is_female(), p.female);
            prop_assert_eq!(c.birth_year_two_digits(), p.yy);
            prop_assert_eq!(c.birth_place_code(), p.place.clone());
            prop_assert_eq!(c.is_omocode(), mask != 0);
            if let Some(date) = c.birth_date(reference) {
                use chrono::Datelike;
                prop_assert!(date.year() <= reference && reference - date.year() < 100);
                prop_assert_eq!(date.year().rem_euclid(100) as u32, p.yy);
                prop_assert_eq!((date.day(), date.month()), (p.day, p.month));
            } else {
                // Only 29 February of a century year that is not a leap year.
                prop_assert_eq!((p.day, p.month, p.yy), (29, 2, 0));
            }
            prop_assert_eq!(AnyFiscalCode::parse(&code).unwrap(), AnyFiscalCode::Person(c));
        }

        #[test]
        fn case_and_spaces_do_not_matter(p in any_person(), mask in 0u8..128, spaces in prop::collection::vec(0usize..17, 0..5)) {
            let code = with_check(&omocode(&p.first15, mask));
            let mut messy: String = code.to_lowercase();
            for &at in spaces.iter().rev() {
                messy.insert(at.min(messy.len()), ' ');
            }
            let parsed = FiscalCode::parse(&messy).unwrap();
            prop_assert_eq!(parsed.as_str(), code.as_str());
        }

        #[test]
        fn any_single_change_is_refused(p in any_person(), mask in 0u8..128, at in 0usize..16, c in "[A-Z0-9]") {
            let code = with_check(&omocode(&p.first15, mask));
            let c = c.chars().next().unwrap();
            let mut changed: Vec<char> = code.chars().collect();
            prop_assume!(changed[at] != c);
            changed[at] = c;
            let changed: String = changed.into_iter().collect();
            prop_assert!(FiscalCode::parse(&changed).is_err(), "{} accepted", changed);
        }

        #[test]
        fn numeric_codes_round_trip_and_catch_single_changes(code in any_numeric(), at in 0usize..11, d in 0u32..10) {
            let c = validate_numeric(&code).unwrap();
            prop_assert_eq!(c.as_str(), code.as_str());
            prop_assert_eq!(AnyFiscalCode::parse(&code).unwrap(), AnyFiscalCode::Numeric(c));
            let mut changed: Vec<char> = code.chars().collect();
            let new = char::from_digit(d, 10).unwrap();
            prop_assume!(changed[at] != new);
            changed[at] = new;
            let changed: String = changed.into_iter().collect();
            let refused = matches!(validate_numeric(&changed), Err(FiscalCodeError::Checksum { .. }));
            prop_assert!(refused);
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,20}") {
            let _ = FiscalCode::parse(&s);
            let _ = validate_numeric(&s);
            let _ = AnyFiscalCode::parse(&s);
        }
    }
}
