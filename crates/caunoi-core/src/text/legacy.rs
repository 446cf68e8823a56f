//! Legacy 8-bit Vietnamese encodings as they appear in real files, and their repair.
//!
//! Two encodings from before Unicode are still common in department spreadsheets:
//!
//! - **TCVN3** (TCVN 5712:1993, table VN3, the "ABC" fonts such as `.VnTime`): one
//!   byte per letter. Excel and Word show such text as the Windows-1252 reading of
//!   the bytes, for example `Tr­êng` (with a soft hyphen) for `Trường`, `Hµ Néi` for
//!   `Hà Nội` and `§«ng` for `Đông`.
//! - **VNI** (VNI Windows, fonts such as `VNI-Times`): a base letter followed by a
//!   mark character, for example `Tröôøng` for `Trường`, `Haø Noäi` for `Hà Nội`
//!   and `Ñoâng` for `Đông`.
//!
//! Both readings consist of Latin-1 characters only, so they are recognised by
//! converting each word and checking whether the result is a Vietnamese syllable
//! while the original is not (see [`detect_many`]).

use std::borrow::Cow;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

use super::{Tone, split_tone, with_tone};

/// Encoding that a piece of text appears to be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Legacy {
    /// Unicode text, including plain ASCII and text whose encoding is unclear.
    Unicode,
    /// The Windows-1252 reading of TCVN3 (VN3) bytes.
    Tcvn3,
    /// VNI Windows: base letters followed by Latin-1 mark characters.
    Vni,
}

// ---------------------------------------------------------------------------
// TCVN3
// ---------------------------------------------------------------------------

/// TCVN3 codes of the vowels with a tone mark, per vowel in the tone order huyền,
/// hỏi, ngã, sắc, nặng.
///
/// VN3 has codes for lowercase letters only, apart from the seven capitals in
/// [`TCVN3_PLAIN`]. Capitals with a tone mark were written with the same codes in a
/// capitals-only font (`.VnTimeH`), so the bytes cannot tell them from lowercase.
const TCVN3_TONED: [(char, [u8; 5]); 12] = [
    ('a', [0xB5, 0xB6, 0xB7, 0xB8, 0xB9]),
    ('ă', [0xBB, 0xBC, 0xBD, 0xBE, 0xC6]),
    ('â', [0xC7, 0xC8, 0xC9, 0xCA, 0xCB]),
    ('e', [0xCC, 0xCE, 0xCF, 0xD0, 0xD1]),
    ('ê', [0xD2, 0xD3, 0xD4, 0xD5, 0xD6]),
    ('i', [0xD7, 0xD8, 0xDC, 0xDD, 0xDE]),
    ('o', [0xDF, 0xE1, 0xE2, 0xE3, 0xE4]),
    ('ô', [0xE5, 0xE6, 0xE7, 0xE8, 0xE9]),
    ('ơ', [0xEA, 0xEB, 0xEC, 0xED, 0xEE]),
    ('u', [0xEF, 0xF1, 0xF2, 0xF3, 0xF4]),
    ('ư', [0xF5, 0xF6, 0xF7, 0xF8, 0xF9]),
    ('y', [0xFA, 0xFB, 0xFC, 0xFD, 0xFE]),
];

/// TCVN3 codes of the letters without a tone mark that ASCII lacks.
const TCVN3_PLAIN: [(u8, char); 14] = [
    (0xA1, 'Ă'),
    (0xA2, 'Â'),
    (0xA3, 'Ê'),
    (0xA4, 'Ô'),
    (0xA5, 'Ơ'),
    (0xA6, 'Ư'),
    (0xA7, 'Đ'),
    (0xA8, 'ă'),
    (0xA9, 'â'),
    (0xAA, 'ê'),
    (0xAB, 'ô'),
    (0xAC, 'ơ'),
    (0xAD, 'ư'),
    (0xAE, 'đ'),
];

/// Maps each Latin-1 code point to the letter that TCVN3 stores there, or `None`
/// where TCVN3 keeps the Latin-1 character (ASCII and the unused codes).
fn tcvn3_table() -> &'static [Option<char>; 256] {
    static TABLE: OnceLock<[Option<char>; 256]> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = [None; 256];
        for (code, letter) in TCVN3_PLAIN {
            table[usize::from(code)] = Some(letter);
        }
        for (vowel, codes) in TCVN3_TONED {
            for (code, tone) in codes.into_iter().zip(Tone::MARKED) {
                table[usize::from(code)] = Some(with_tone(vowel, tone));
            }
        }
        table
    })
}

fn tcvn3_char(c: char) -> char {
    let Ok(code) = u8::try_from(u32::from(c)) else {
        return c;
    };
    tcvn3_table()[usize::from(code)].unwrap_or(c)
}

/// Converts the Windows-1252 (or Latin-1) reading of TCVN3 text to Unicode.
///
/// Characters outside the TCVN3 letter codes pass through unchanged. A capital with
/// a tone mark comes out lowercase, because TCVN3 stores it with the lowercase code:
/// `TØnh` and the `.VnTimeH` spelling of `TỈNH` both give `Tỉnh`. The exception is a
/// word whose ASCII letters are all capitals (two or more), which is uppercased
/// whole: `TR­êNG` gives `TRƯỜNG`.
pub fn tcvn3_to_unicode(s: &str) -> String {
    map_words(s, convert_tcvn3_word)
}

fn convert_tcvn3_word(word: &str) -> String {
    let converted: String = word.chars().map(tcvn3_char).collect();
    let ascii_letters: Vec<char> = word.chars().filter(char::is_ascii_alphabetic).collect();
    let all_caps = ascii_letters.len() >= 2 && ascii_letters.iter().all(char::is_ascii_uppercase);
    if all_caps { converted.to_uppercase() } else { converted }
}

/// Decodes raw TCVN3 bytes (a `.txt` or `.csv` saved from a `.VnTime` document).
///
/// Bytes that VN3 leaves to ASCII and Windows-1252 (0x00–0x7F, 0x80–0x9F and the
/// unused codes) are read as Windows-1252.
pub fn decode_tcvn3_bytes(bytes: &[u8]) -> String {
    tcvn3_to_unicode(&decode_windows_1252(bytes))
}

// ---------------------------------------------------------------------------
// VNI
// ---------------------------------------------------------------------------

/// VNI mark characters that add a tone to `a e o u y ơ ư`, in the tone order
/// huyền, hỏi, ngã, sắc, nặng.
const VNI_TONE_MARKS: [char; 5] = ['ø', 'û', 'õ', 'ù', 'ï'];

/// VNI marks that add a circumflex to `a e o`: alone, then with huyền, hỏi, ngã,
/// sắc, nặng.
const VNI_CIRCUMFLEX_MARKS: [char; 6] = ['â', 'à', 'å', 'ã', 'á', 'ä'];

/// VNI marks that add a breve to `a`: alone, then with huyền, hỏi, ngã, sắc, nặng.
const VNI_BREVE_MARKS: [char; 6] = ['ê', 'è', 'ú', 'ü', 'é', 'ë'];

const TONES_WITH_LEVEL: [Tone; 6] = [Tone::Level, Tone::Grave, Tone::HookAbove, Tone::Tilde, Tone::Acute, Tone::DotBelow];

/// Converts VNI Windows text to Unicode.
///
/// Capitals are written with capital marks (`TRÖÔØNG`), and the case of a letter
/// comes from its base character. Characters that are not part of a VNI letter pass
/// through unchanged.
pub fn vni_to_unicode(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let combined = chars.get(i + 1).and_then(|&mark| vni_combine(chars[i], mark));
        match combined {
            Some(letter) => {
                out.push(letter);
                i += 2;
            }
            None => {
                out.push(vni_single(chars[i]));
                i += 1;
            }
        }
    }
    out
}

/// Maps a VNI character that is a whole letter by itself.
fn vni_single(c: char) -> char {
    match c {
        'ô' => 'ơ',
        'Ô' => 'Ơ',
        'ö' => 'ư',
        'Ö' => 'Ư',
        'ñ' => 'đ',
        'Ñ' => 'Đ',
        'æ' => 'ỉ',
        'Æ' => 'Ỉ',
        'ó' => 'ĩ',
        'Ó' => 'Ĩ',
        'ò' => 'ị',
        'Ò' => 'Ị',
        'î' => 'ỵ',
        'Î' => 'Ỵ',
        // `í` and `ì` are the same letters in VNI and Unicode.
        other => other,
    }
}

/// Combines a VNI base letter with the mark character after it, if they form a letter.
fn vni_combine(base: char, mark: char) -> Option<char> {
    let base = vni_single(base);
    let lower_base = single_lowercase(base)?;
    let lower_mark = single_lowercase(mark)?;
    let (vowel, tone) = vni_mark(lower_base, lower_mark)?;
    let letter = with_tone(vowel, tone);
    if base.is_uppercase() { single_uppercase(letter) } else { Some(letter) }
}

fn vni_mark(base: char, mark: char) -> Option<(char, Tone)> {
    if let Some(index) = VNI_TONE_MARKS.iter().position(|&m| m == mark) {
        let takes_tone = matches!(base, 'a' | 'e' | 'o' | 'u' | 'y' | 'ơ' | 'ư');
        return takes_tone.then_some((base, Tone::MARKED[index]));
    }
    if let Some(index) = VNI_CIRCUMFLEX_MARKS.iter().position(|&m| m == mark) {
        let vowel = match base {
            'a' => 'â',
            'e' => 'ê',
            'o' => 'ô',
            _ => return None,
        };
        return Some((vowel, TONES_WITH_LEVEL[index]));
    }
    if let Some(index) = VNI_BREVE_MARKS.iter().position(|&m| m == mark) {
        return (base == 'a').then_some(('ă', TONES_WITH_LEVEL[index]));
    }
    None
}

fn single_lowercase(c: char) -> Option<char> {
    let mut lower = c.to_lowercase();
    let first = lower.next()?;
    lower.next().is_none().then_some(first)
}

fn single_uppercase(c: char) -> Option<char> {
    let mut upper = c.to_uppercase();
    let first = upper.next()?;
    upper.next().is_none().then_some(first)
}

// ---------------------------------------------------------------------------
// Detection
// ---------------------------------------------------------------------------

/// Detects the encoding of one string. See [`detect_many`].
pub fn detect(s: &str) -> Legacy {
    detect_many(std::iter::once(s))
}

/// Detects the encoding of a set of strings, such as the cells of a column or the
/// lines of a file, which gives more evidence than one short cell.
///
/// Each word that a conversion would change is weighed:
///
/// - It supports the encoding when it contains an ASCII letter, the converted word
///   is a Vietnamese syllable, and the word as written is not one or has a capital
///   inside (`TrÝ`). Symbols inside a word of capitals that become capitals
///   (`C§` to `CĐ`) also support it.
/// - It contradicts the encoding when the word as written consists of letters, is
///   not in capitals, and the converted word is not a syllable (`Café`, `Müller`).
///
/// An encoding needs more than two supporting words per contradicting one. When
/// both encodings qualify, the one with more support wins. Equal support is decided
/// by the words that the other encoding cannot explain, and a full tie gives Unicode. Samples that
/// contain Vietnamese letters outside Latin-1 (`ư`, `ờ`) or combining marks are
/// Unicode text, and when they are at least as many as the supporting words the
/// result is Unicode too.
///
/// NOTE: a short foreign word can read as a Vietnamese syllable after conversion.
/// Checked one word at a time, about 2 in 10,000 accented words of Debian's French,
/// Spanish, German, Portuguese and Danish word lists were taken for legacy text
/// (`haï`, `dû`, `Møn`).
pub fn detect_many<'a>(samples: impl IntoIterator<Item = &'a str>) -> Legacy {
    let mut tcvn3 = Evidence::default();
    let mut vni = Evidence::default();
    let mut unicode_samples = 0;
    for sample in samples {
        if sample.is_ascii() {
            continue;
        }
        if has_unicode_vietnamese(sample) {
            unicode_samples += 1;
            continue;
        }
        tcvn3.weigh(sample, convert_tcvn3_word, is_distinctive_tcvn3);
        vni.weigh(sample, vni_to_unicode, is_distinctive_vni);
    }
    choose_encoding(tcvn3, vni, unicode_samples)
}

fn choose_encoding(tcvn3: Evidence, vni: Evidence, unicode_samples: usize) -> Legacy {
    let tcvn3 = if tcvn3.is_convincing() { tcvn3.rank() } else { (0, 0) };
    let vni = if vni.is_convincing() { vni.rank() } else { (0, 0) };
    let (best, legacy) = match tcvn3.cmp(&vni) {
        std::cmp::Ordering::Greater => (tcvn3, Legacy::Tcvn3),
        std::cmp::Ordering::Less => (vni, Legacy::Vni),
        std::cmp::Ordering::Equal => return Legacy::Unicode,
    };
    if best.0 == 0 || unicode_samples >= best.0 { Legacy::Unicode } else { legacy }
}

/// Counts of words for and against one legacy encoding.
#[derive(Debug, Default, Clone, Copy)]
struct Evidence {
    supporting: usize,
    /// Supporting words that only this encoding explains: for VNI a word with a
    /// base letter and mark pair, for TCVN3 a word with a code that VNI does not use.
    distinctive: usize,
    contradicting: usize,
}

impl Evidence {
    fn weigh(&mut self, text: &str, convert_word: fn(&str) -> String, is_distinctive: fn(&str, &str) -> bool) {
        for word in words(text) {
            let converted = convert_word(word);
            if converted == word {
                continue;
            }
            let plausible_after = is_plausible_word(&converted);
            let all_letters = word.chars().all(char::is_alphabetic);
            let has_ascii_letter = word.chars().any(|c| c.is_ascii_alphabetic());
            // The second case: symbols inside a word of capitals became capitals (`C§` to `CĐ`).
            let supports = (plausible_after && !is_plausible_word(word) && has_ascii_letter)
                || (!all_letters && is_abbreviation(&converted) && has_ascii_letter);
            if supports {
                self.supporting += 1;
                if is_distinctive(word, &converted) {
                    self.distinctive += 1;
                }
            } else if !plausible_after && all_letters && !is_abbreviation(word) {
                self.contradicting += 1;
            }
        }
    }

    /// Requires more than two supporting words per contradicting word, so that one
    /// foreign name in a line of legacy text does not block the repair.
    fn is_convincing(self) -> bool {
        self.supporting > 2 * self.contradicting
    }

    fn rank(self) -> (usize, usize) {
        (self.supporting, self.distinctive)
    }
}

/// Characters of the Windows-1252 reading that VNI text also uses.
const VNI_CHARACTERS: &str = "ùøûõïâàåãäêèúüëéôöñíìæóòîÙØÛÕÏÂÀÅÃÄÊÈÚÜËÉÔÖÑÍÌÆÓÒÎ";

fn is_distinctive_tcvn3(word: &str, _converted: &str) -> bool {
    word.chars().any(|c| tcvn3_char(c) != c && !VNI_CHARACTERS.contains(c))
}

fn is_distinctive_vni(word: &str, converted: &str) -> bool {
    converted.chars().count() < word.chars().count()
}

/// Checks that a word is a Vietnamese syllable written in lowercase, capitalized or
/// in capitals. The Windows-1252 reading of TCVN3 puts capitals inside lowercase
/// words (`TrÝ` for `Trí`, `CÈm` for `Cẩm`).
fn is_plausible_word(word: &str) -> bool {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    let rest_lowercase = letters.iter().skip(1).all(|c| !c.is_uppercase());
    let all_capitals = letters.iter().all(|c| !c.is_lowercase());
    (rest_lowercase || all_capitals) && is_vietnamese_syllable(word)
}

/// Checks for a word of capital letters only, such as `CĐ`, `THPT` or an initial.
fn is_abbreviation(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| c.is_alphabetic() && !c.is_lowercase())
}

/// Splits text into words at whitespace and ASCII punctuation. Latin-1 symbols
/// stay inside words because TCVN3 uses them for letters (`Hµ`, `§«ng`).
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() || c.is_ascii_punctuation()).filter(|word| !word.is_empty())
}

/// Applies `convert_word` to each word and keeps the separators as they are.
fn map_words(text: &str, convert_word: fn(&str) -> String) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut word_start = None;
    for (index, c) in text.char_indices() {
        let separator = c.is_whitespace() || c.is_ascii_punctuation();
        match (separator, word_start) {
            (true, Some(start)) => {
                out.push_str(&convert_word(&text[start..index]));
                out.push(c);
                word_start = None;
            }
            (true, None) => out.push(c),
            (false, None) => word_start = Some(index),
            (false, Some(_)) => {}
        }
    }
    if let Some(start) = word_start {
        out.push_str(&convert_word(&text[start..]));
    }
    out
}

/// Checks whether the text contains a Vietnamese letter outside Latin-1 (such as
/// `ă`, `đ`, `ơ`, `ư`, `ạ`) or a combining diacritic, which neither legacy reading
/// can contain.
fn has_unicode_vietnamese(text: &str) -> bool {
    text.chars().any(|c| {
        if super::is_combining_diacritic(c) {
            return true;
        }
        if u32::from(c) <= 0xFF {
            return false;
        }
        let lower = single_lowercase(c).unwrap_or(c);
        is_vietnamese_letter(split_tone(lower).0)
    })
}

// ---------------------------------------------------------------------------
// Syllable check
// ---------------------------------------------------------------------------

const VIETNAMESE_LETTERS: &str = "aăâbcdđeêghiklmnoôơpqrstuưvxy";

fn is_vietnamese_letter(c: char) -> bool {
    VIETNAMESE_LETTERS.contains(c)
}

/// Initial consonants, longest first so that `ngh` is tried before `ng`. The empty
/// initial comes last.
const ONSETS: [&str; 28] = [
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "th", "tr", "qu", "b", "c", "d", "đ", "g", "h", "k", "l", "m",
    "n", "p", "r", "s", "t", "v", "x", "",
];

/// Final consonants. `k` is not standard Vietnamese but ends many place names from
/// minority languages (`Đắk Lắk`, `Krông Búk`).
const CODAS: [&str; 10] = ["ng", "nh", "ch", "c", "k", "m", "n", "p", "t", ""];

/// Vowel groups that end the syllable (no final consonant may follow).
const OPEN_NUCLEI: [&str; 30] = [
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi", "ua", "ui", "ưa", "ưi", "ưu", "iêu",
    "yêu", "oai", "oay", "oeo", "uây", "uôi", "ươi", "ươu", "uya", "uyu", "uơ",
];

/// Vowel groups that need a final consonant.
const CLOSED_NUCLEI: [&str; 10] = ["ă", "â", "iê", "yê", "uô", "ươ", "uâ", "oă", "oo", "uyê"];

/// Vowel groups that occur with and without a final consonant.
const FREE_NUCLEI: [&str; 14] = ["a", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "oa", "oe", "uê", "uy"];

/// Checks that a word has the shape of one Vietnamese syllable: an optional initial
/// consonant, a vowel group, an optional final consonant, and at most one tone mark.
/// Case is ignored. The tone must sit where either placement style puts it
/// ([`tone_position_fits`]), must be sắc or nặng before `c`, `ch`, `k`, `p` or `t`,
/// and the initial must follow the spelling rules for `c`/`k`, `g`/`gh`, `ng`/`ngh`
/// and `qu`.
///
/// The check is structural: it accepts some syllables that no word uses.
fn is_vietnamese_syllable(word: &str) -> bool {
    let mut letters = String::with_capacity(word.len());
    let mut tone = Tone::Level;
    let mut tone_index = None;
    for (index, c) in word.nfc().enumerate() {
        let Some(lower) = single_lowercase(c) else {
            return false;
        };
        let (base, letter_tone) = split_tone(lower);
        if !is_vietnamese_letter(base) {
            return false;
        }
        if letter_tone != Tone::Level {
            if tone_index.is_some() {
                return false;
            }
            tone = letter_tone;
            tone_index = Some(index);
        }
        letters.push(base);
    }
    !letters.is_empty() && has_syllable_shape(&letters, tone, tone_index)
}

fn has_syllable_shape(letters: &str, tone: Tone, tone_index: Option<usize>) -> bool {
    ONSETS.iter().any(|onset| {
        let Some(rest) = letters.strip_prefix(onset) else {
            return false;
        };
        CODAS.iter().any(|coda| {
            let Some(nucleus) = rest.strip_suffix(coda) else {
                return false;
            };
            let nucleus_start = onset.chars().count();
            let tone_fits = tone_index.is_none_or(|index| {
                index >= nucleus_start && tone_position_fits(nucleus, coda, index - nucleus_start)
            });
            is_nucleus(nucleus, coda) && spelling_fits(onset, nucleus, coda) && tone_fits && tone_fits_coda(tone, coda)
        })
    })
}

/// Checks the vowel group against the final consonant. `nh` and `ch` follow only
/// `a`, `ê`, `i`, `y` (`anh`, `ếch`, `ính`, `huỳnh`), and `ng` and `c` never follow
/// `i` or `y`.
fn is_nucleus(nucleus: &str, coda: &str) -> bool {
    if coda.is_empty() {
        return OPEN_NUCLEI.contains(&nucleus) || FREE_NUCLEI.contains(&nucleus);
    }
    let last = nucleus.chars().next_back().unwrap_or(' ');
    let fits_coda = match coda {
        "nh" | "ch" => matches!(last, 'a' | 'ê' | 'i' | 'y'),
        "ng" | "c" => !matches!(last, 'i' | 'y'),
        _ => true,
    };
    fits_coda && (CLOSED_NUCLEI.contains(&nucleus) || FREE_NUCLEI.contains(&nucleus))
}

/// Checks the spelling rules of the initial consonant. `k`, `gh` and `ngh` come only
/// before `i`, `e`, `ê` (and `k` also before `y`), while `c`, `g` and `ng` never do,
/// except that `g` may precede `i` (`gì`). No `o` or `u` follows `qu`, and `y` takes
/// a final consonant only after `qu` (`quýt`, `quỳnh`).
fn spelling_fits(onset: &str, nucleus: &str, coda: &str) -> bool {
    let first = nucleus.chars().next().unwrap_or(' ');
    let front = matches!(first, 'i' | 'e' | 'ê');
    let fits_onset = match onset {
        "k" => front || first == 'y',
        "gh" | "ngh" => front,
        "c" => !front && first != 'y',
        "ng" => !front,
        "g" => !matches!(first, 'e' | 'ê'),
        "qu" => !matches!(first, 'o' | 'u'),
        _ => true,
    };
    let y_closed = nucleus == "y" && !coda.is_empty();
    fits_onset && (!y_closed || onset == "qu")
}

/// Checks the position of the tone mark inside the vowel group. A vowel with a
/// breve, circumflex or horn carries the tone (the last one in `ươ`). Otherwise the
/// last vowel carries it before a final consonant, the middle one of three vowels
/// carries it (`ngoài`), and the first of two carries it (`mùa`) except in `oa`,
/// `oe`, `uy`, where both placements are in use (`hòa`, `hoà`).
fn tone_position_fits(nucleus: &str, coda: &str, position: usize) -> bool {
    let vowels: Vec<char> = nucleus.chars().collect();
    if let Some(marked) = vowels.iter().rposition(|c| "ăâêôơư".contains(*c)) {
        return position == marked;
    }
    if !coda.is_empty() {
        return position + 1 == vowels.len();
    }
    match vowels.len() {
        1 => position == 0,
        2 if matches!(nucleus, "oa" | "oe" | "uy") => position <= 1,
        2 => position == 0,
        _ => position == 1,
    }
}

/// Syllables closed by a stop consonant take only the sắc or nặng tone.
fn tone_fits_coda(tone: Tone, coda: &str) -> bool {
    let stop = matches!(coda, "c" | "ch" | "k" | "p" | "t");
    !stop || matches!(tone, Tone::Acute | Tone::DotBelow)
}

// ---------------------------------------------------------------------------
// Repair
// ---------------------------------------------------------------------------

/// Detects the encoding of `s` and converts it to Unicode when the detection is
/// confident, and otherwise returns `s` unchanged.
pub fn repair(s: &str) -> Cow<'_, str> {
    convert(s, detect(s))
}

/// Converts `s` from the given encoding, for example with the encoding that
/// [`detect_many`] found for a whole column.
///
/// Returns `s` unchanged when `from` is [`Legacy::Unicode`] or when `s` already
/// contains Vietnamese letters outside Latin-1, which a legacy reading cannot
/// contain. Such a cell was typed in Unicode even if its neighbours were not.
pub fn convert(s: &str, from: Legacy) -> Cow<'_, str> {
    if from == Legacy::Unicode || s.is_ascii() || has_unicode_vietnamese(s) {
        return Cow::Borrowed(s);
    }
    let converted = match from {
        Legacy::Tcvn3 => tcvn3_to_unicode(s),
        Legacy::Vni => vni_to_unicode(s),
        Legacy::Unicode => unreachable!("handled above"),
    };
    if converted == s { Cow::Borrowed(s) } else { Cow::Owned(converted) }
}

// ---------------------------------------------------------------------------
// Whole files
// ---------------------------------------------------------------------------

/// Decodes a whole file's bytes to text.
///
/// - A UTF-8 byte order mark is stripped and the rest read as UTF-8 (invalid
///   sequences become U+FFFD).
/// - A UTF-16 byte order mark (little or big endian) selects UTF-16.
/// - Valid UTF-8 is returned as it is. Cells that hold the Windows-1252 reading
///   of TCVN3 or VNI are left for [`repair`] or [`convert`].
/// - Anything else is 8-bit text. It is decoded as TCVN3 or VNI when
///   [`detect_many`] over its lines finds one, else as Windows-1258 when that gives
///   more Vietnamese syllables than Windows-1252, else as Windows-1252.
///
/// UTF-16 without a byte order mark is not recognised.
pub fn decode_bytes(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return decode_utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return decode_utf16(rest, u16::from_be_bytes);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => decode_8bit(bytes),
    }
}

fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks(2).map(|pair| match pair {
        [first, second] => unit([*first, *second]),
        _ => 0xFFFD,
    });
    char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)).collect()
}

fn decode_8bit(bytes: &[u8]) -> String {
    let western = decode_windows_1252(bytes);
    match detect_many(western.lines()) {
        Legacy::Tcvn3 => return tcvn3_to_unicode(&western),
        Legacy::Vni => return vni_to_unicode(&western),
        Legacy::Unicode => {}
    }
    let vietnamese: String = decode_windows_1258(bytes).nfc().collect();
    if vietnamese_score(&vietnamese) > vietnamese_score(&western) { vietnamese } else { western }
}

/// Scores how Vietnamese a text looks: each word with a non-ASCII character counts
/// +1 if it is a Vietnamese syllable and −1 otherwise.
fn vietnamese_score(text: &str) -> i64 {
    words(text).filter(|word| !word.is_ascii()).map(|word| if is_vietnamese_syllable(word) { 1 } else { -1 }).sum()
}

/// Windows-1252 characters for bytes 0x80–0x9F. The five unassigned bytes map to
/// the C1 control with the same number, as web browsers do.
const WINDOWS_1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{81}', '\u{201A}', '\u{192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}', '\u{2C6}',
    '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8D}', '\u{17D}', '\u{8F}', '\u{90}', '\u{2018}', '\u{2019}',
    '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}', '\u{2DC}', '\u{2122}', '\u{161}', '\u{203A}',
    '\u{153}', '\u{9D}', '\u{17E}', '\u{178}',
];

/// Bytes where Windows-1258 differs from Windows-1252. Windows-1258 writes tones as
/// combining marks after the vowel, so its text needs NFC afterwards.
const WINDOWS_1258_CHANGES: [(u8, char); 18] = [
    (0x8A, '\u{8A}'),
    (0x8E, '\u{8E}'),
    (0x9A, '\u{9A}'),
    (0x9E, '\u{9E}'),
    (0xC3, 'Ă'),
    (0xCC, '\u{300}'),
    (0xD0, 'Đ'),
    (0xD2, '\u{309}'),
    (0xD5, 'Ơ'),
    (0xDD, 'Ư'),
    (0xDE, '\u{303}'),
    (0xE3, 'ă'),
    (0xEC, '\u{301}'),
    (0xF0, 'đ'),
    (0xF2, '\u{323}'),
    (0xF5, 'ơ'),
    (0xFD, 'ư'),
    (0xFE, '₫'),
];

fn windows_1252_char(byte: u8) -> char {
    match byte {
        0x80..=0x9F => WINDOWS_1252_HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

fn windows_1258_char(byte: u8) -> char {
    match WINDOWS_1258_CHANGES.iter().find(|(code, _)| *code == byte) {
        Some(&(_, c)) => c,
        None => windows_1252_char(byte),
    }
}

fn decode_windows_1252(bytes: &[u8]) -> String {
    bytes.iter().map(|&byte| windows_1252_char(byte)).collect()
}

fn decode_windows_1258(bytes: &[u8]) -> String {
    bytes.iter().map(|&byte| windows_1258_char(byte)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every Vietnamese vowel with every tone, one row per vowel in the order
    /// level, sắc, huyền, hỏi, ngã, nặng.
    const VOWEL_ROWS: [&str; 12] = [
        "aáàảãạ", "ăắằẳẵặ", "âấầẩẫậ", "eéèẻẽẹ", "êếềểễệ", "iíìỉĩị", "oóòỏõọ", "ôốồổỗộ", "ơớờởỡợ", "uúùủũụ", "ưứừửữự",
        "yýỳỷỹỵ",
    ];

    /// The same letters in TCVN3 (Windows-1252 reading), written out independently
    /// of the table in the module: level, sắc, huyền, hỏi, ngã, nặng.
    const TCVN3_ROWS: [[&str; 6]; 12] = [
        ["a", "¸", "µ", "¶", "·", "¹"],
        ["¨", "¾", "»", "¼", "½", "Æ"],
        ["©", "Ê", "Ç", "È", "É", "Ë"],
        ["e", "Ð", "Ì", "Î", "Ï", "Ñ"],
        ["ª", "Õ", "Ò", "Ó", "Ô", "Ö"],
        ["i", "Ý", "×", "Ø", "Ü", "Þ"],
        ["o", "ã", "ß", "á", "â", "ä"],
        ["«", "è", "å", "æ", "ç", "é"],
        ["¬", "í", "ê", "ë", "ì", "î"],
        ["u", "ó", "ï", "ñ", "ò", "ô"],
        ["\u{AD}", "ø", "õ", "ö", "÷", "ù"],
        ["y", "ý", "ú", "û", "ü", "þ"],
    ];

    /// The same letters in VNI, lowercase: level, sắc, huyền, hỏi, ngã, nặng.
    const VNI_ROWS: [[&str; 6]; 12] = [
        ["a", "aù", "aø", "aû", "aõ", "aï"],
        ["aê", "aé", "aè", "aú", "aü", "aë"],
        ["aâ", "aá", "aà", "aå", "aã", "aä"],
        ["e", "eù", "eø", "eû", "eõ", "eï"],
        ["eâ", "eá", "eà", "eå", "eã", "eä"],
        ["i", "í", "ì", "æ", "ó", "ò"],
        ["o", "où", "oø", "oû", "oõ", "oï"],
        ["oâ", "oá", "oà", "oå", "oã", "oä"],
        ["ô", "ôù", "ôø", "ôû", "ôõ", "ôï"],
        ["u", "uù", "uø", "uû", "uõ", "uï"],
        ["ö", "öù", "öø", "öû", "öõ", "öï"],
        ["y", "yù", "yø", "yû", "yõ", "î"],
    ];

    fn vietnamese_letters() -> Vec<char> {
        let mut letters: Vec<char> = VOWEL_ROWS.iter().flat_map(|row| row.chars()).filter(|c| !c.is_ascii()).collect();
        letters.push('đ');
        let capitals: Vec<char> = letters.iter().map(|&c| single_uppercase(c).unwrap()).collect();
        letters.extend(capitals);
        assert_eq!(letters.len(), 134);
        letters
    }

    /// Encodes Unicode text as the Windows-1252 reading of TCVN3, using the rows above.
    /// Capitals with a tone mark use the lowercase code, as the `.VnTimeH` fonts did.
    fn to_tcvn3(text: &str) -> String {
        let capitals = [('Ă', "¡"), ('Â', "¢"), ('Ê', "£"), ('Ô', "¤"), ('Ơ', "¥"), ('Ư', "¦"), ('Đ', "§"), ('đ', "®")];
        text.chars()
            .map(|c| {
                if let Some((_, code)) = capitals.iter().find(|(letter, _)| *letter == c) {
                    return code.to_string();
                }
                let lower = single_lowercase(c).unwrap();
                match find_in_rows(lower) {
                    Some((row, column)) if !lower.is_ascii() => TCVN3_ROWS[row][column].to_string(),
                    _ => c.to_string(),
                }
            })
            .collect()
    }

    /// Encodes Unicode text as VNI, using the rows above.
    fn to_vni(text: &str) -> String {
        text.chars()
            .map(|c| {
                let lower = single_lowercase(c).unwrap();
                let code = match (lower, find_in_rows(lower)) {
                    ('đ', _) => "ñ".to_string(),
                    (_, Some((row, column))) if !lower.is_ascii() => VNI_ROWS[row][column].to_string(),
                    _ => return c.to_string(),
                };
                if c.is_uppercase() { code.to_uppercase() } else { code }
            })
            .collect()
    }

    fn find_in_rows(letter: char) -> Option<(usize, usize)> {
        VOWEL_ROWS.iter().enumerate().find_map(|(row, letters)| {
            letters.chars().position(|c| c == letter).map(|column| (row, column))
        })
    }

    /// Real words and names that together use every vowel with every tone, `đ` and `Đ`.
    const REAL_TEXT: &[&str] = &[
        "Cộng hòa xã hội chủ nghĩa Việt Nam",
        "Độc lập - Tự do - Hạnh phúc",
        "Trường THPT Đông Đô, Hà Nội",
        "Sở Giáo dục và Đào tạo tỉnh Đắk Lắk",
        "Nguyễn Văn Ẩn, Trần Thị Ánh, Lê Hữu Ức, Phạm Ngọc Ẩn",
        "ăn, bằng, bẳng, hẵng, mắt, mặt",
        "ấm, ầm, ẩm, ẫm, ận, ân",
        "é, è, ẻ, ẽ, ẹ, ế, ề, ể, ễ, ệ",
        "ích, ì, ỉ, ĩ, ị, ó, ò, ỏ, õ, ọ",
        "ố, ồ, ổ, ỗ, ộ, ớ, ờ, ở, ỡ, ợ",
        "ú, ù, ủ, ũ, ụ, ứ, ừ, ử, ữ, ự",
        "ý, ỳ, ỷ, ỹ, ỵ, Huỳnh Thúc Kháng, Thuỵ Khuê",
        "Quảng Ngãi, Thừa Thiên Huế, Bà Rịa - Vũng Tàu, Cà Mau",
        "Ông Ơn, Bà Ưng, Ông Ăn, Đồng Đăng, Âu Cơ, Êm Đềm",
    ];

    #[test]
    fn tcvn3_table_covers_letters() {
        let table = tcvn3_table();
        let decoded: Vec<char> = table.iter().flatten().copied().collect();
        assert_eq!(decoded.len(), 12 * 5 + 14);
        for letter in vietnamese_letters() {
            let lower = single_lowercase(letter).unwrap();
            assert!(decoded.contains(&lower), "letter {lower} has no TCVN3 code");
        }
        for capital in ['Ă', 'Â', 'Ê', 'Ô', 'Ơ', 'Ư', 'Đ'] {
            assert!(decoded.contains(&capital), "capital {capital} has no TCVN3 code");
        }
    }

    #[test]
    fn tcvn3_codes_distinct() {
        let mut decoded: Vec<char> = tcvn3_table().iter().flatten().copied().collect();
        let count = decoded.len();
        decoded.sort_unstable();
        decoded.dedup();
        assert_eq!(decoded.len(), count);
    }

    #[test]
    fn tcvn3_every_letter_round_trip() {
        for letter in vietnamese_letters() {
            let encoded = to_tcvn3(&letter.to_string());
            let decoded = tcvn3_to_unicode(&encoded);
            let has_capital_code = "ĂÂÊÔƠƯĐ".contains(letter);
            let expected = if letter.is_uppercase() && !has_capital_code {
                single_lowercase(letter).unwrap()
            } else {
                letter
            };
            assert_eq!(decoded, expected.to_string(), "letter {letter} encoded as {encoded}");
        }
    }

    /// Lowercases the capitals that TCVN3 cannot store: those with a tone mark.
    fn tcvn3_expected(text: &str) -> String {
        text.chars()
            .map(|c| if c.is_uppercase() && split_tone(c).1 != Tone::Level { single_lowercase(c).unwrap() } else { c })
            .collect()
    }

    #[test]
    fn tcvn3_real_text_round_trip() {
        for text in REAL_TEXT {
            let encoded = to_tcvn3(text);
            assert_eq!(tcvn3_to_unicode(&encoded), tcvn3_expected(text), "encoded {encoded}");
        }
        assert_eq!(tcvn3_expected("Ẩn Ông"), "ẩn Ông");
    }

    #[test]
    fn tcvn3_known_strings() {
        assert_eq!(tcvn3_to_unicode("Tr\u{AD}êng"), "Trường");
        assert_eq!(tcvn3_to_unicode("Hµ Néi"), "Hà Nội");
        assert_eq!(tcvn3_to_unicode("§«ng"), "Đông");
        assert_eq!(tcvn3_to_unicode("Céng hoµ x· héi chñ nghÜa ViÖt Nam"), "Cộng hoà xã hội chủ nghĩa Việt Nam");
        assert_eq!(tcvn3_to_unicode("§éc lËp - Tù do - H¹nh phóc"), "Độc lập - Tự do - Hạnh phúc");
        assert_eq!(tcvn3_to_unicode("QuËn 1, TØnh Qu¶ng Ng·i"), "Quận 1, Tỉnh Quảng Ngãi");
    }

    #[test]
    fn tcvn3_capitals_word() {
        assert_eq!(tcvn3_to_unicode("TR\u{AD}êNG THPT"), "TRƯỜNG THPT");
        assert_eq!(tcvn3_to_unicode("§HQG"), "ĐHQG");
        assert_eq!(tcvn3_to_unicode("¡N ¢U"), "ĂN ÂU");
        assert_eq!(tcvn3_to_unicode("TØnh"), "Tỉnh");
    }

    #[test]
    fn tcvn3_bytes_decode() {
        let bytes = b"Tr\xAD\xEAng THPT \xA7\xABng \xA7\xAB - H\xB5 N\xE9i";
        assert_eq!(decode_tcvn3_bytes(bytes), "Trường THPT Đông Đô - Hà Nội");
        assert_eq!(decode_tcvn3_bytes(&[0x93, b'H', 0xB5, 0x94]), "\u{201C}Hà\u{201D}");
    }

    #[test]
    fn vni_every_letter_round_trip() {
        for letter in vietnamese_letters() {
            let encoded = to_vni(&letter.to_string());
            assert_eq!(vni_to_unicode(&encoded), letter.to_string(), "letter {letter} encoded as {encoded}");
        }
    }

    #[test]
    fn vni_real_text_round_trip() {
        for text in REAL_TEXT {
            let encoded = to_vni(text);
            assert_eq!(vni_to_unicode(&encoded), *text, "encoded {encoded}");
            let upper = text.to_uppercase();
            assert_eq!(vni_to_unicode(&to_vni(&upper)), upper, "uppercase {upper}");
        }
    }

    #[test]
    fn vni_known_strings() {
        assert_eq!(vni_to_unicode("Tröôøng"), "Trường");
        assert_eq!(vni_to_unicode("Haø Noäi"), "Hà Nội");
        assert_eq!(vni_to_unicode("Ñoâng"), "Đông");
        assert_eq!(vni_to_unicode("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam"), "Cộng hòa xã hội chủ nghĩa Việt Nam");
        assert_eq!(vni_to_unicode("Ñoäc laäp - Töï do - Haïnh phuùc"), "Độc lập - Tự do - Hạnh phúc");
        assert_eq!(vni_to_unicode("Tænh Ñaø Naüng, Lòch söû, Myõ Thuî"), "Tỉnh Đà Nẵng, Lịch sử, Mỹ Thuỵ");
        assert_eq!(vni_to_unicode("TRÖÔØNG THPT"), "TRƯỜNG THPT");
    }

    #[test]
    fn vni_leaves_stray_marks() {
        assert_eq!(vni_to_unicode("dú"), "dú");
        assert_eq!(vni_to_unicode("ø"), "ø");
    }

    #[test]
    fn syllable_accepts_vietnamese() {
        let words = [
            "trường", "nghiêng", "gì", "giữa", "quốc", "khuya", "khuỷu", "ngoẹo", "thuở", "xoong", "uống", "yêu", "oai",
            "Đắk", "ĐÔNG", "hoà", "hòa", "thuỷ", "Huỳnh", "ích", "ạch", "a", "y", "uyển", "quýt", "quỳnh", "quơ", "kỳ",
            "ghế", "nghĩa", "người", "giường", "mùa", "ngoài", "của", "Nguyễn", "oanh", "huých", "ếch", "thuyền", "xuống",
        ];
        for word in words {
            assert!(is_vietnamese_syllable(word), "word {word}");
        }
    }

    #[test]
    fn syllable_rejects_others() {
        let words = [
            "Café", "Müller", "Paulo", "João", "THPT", "trườngg", "aă", "hàá", "tàc", "ăng2", "Sóo", "phặl", "",
            "giaõ", "quoác", "hỵp", "cỉ", "cẹ", "kan", "ghu", "nghà", "ngê", "muà", "ngoaì", "tổnh", "ing", "ôch",
        ];
        for word in words {
            assert!(!is_vietnamese_syllable(word), "word {word}");
        }
    }

    #[test]
    fn detect_tcvn3_samples() {
        assert_eq!(detect("Tr\u{AD}êng THPT Hµ Néi"), Legacy::Tcvn3);
        assert_eq!(detect("§«ng"), Legacy::Tcvn3);
        assert_eq!(detect("QuËn 1"), Legacy::Tcvn3);
        assert_eq!(detect("Céng hoµ x· héi chñ nghÜa ViÖt Nam"), Legacy::Tcvn3);
    }

    #[test]
    fn detect_vni_samples() {
        assert_eq!(detect("Tröôøng THPT Haø Noäi"), Legacy::Vni);
        assert_eq!(detect("Ñoâng"), Legacy::Vni);
        assert_eq!(detect("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam"), Legacy::Vni);
    }

    #[test]
    fn detect_leaves_unicode() {
        let samples = [
            "Trường", "Hà Nội", "Café", "Ñandú", "São Paulo", "Müller", "12345", "", "Lê Tám", "Ramón Núñez", "Göteborg",
            "Raphaël", "Noël à Paris", "« Le Monde »", "crème brûlée", "naïve façade", "Bjørn Ødegård", "Ærø", "50°C",
            "Trần Thị Ánh", "Nguyễn Văn Tám", "né", "Thé",
        ];
        for sample in samples {
            assert_eq!(detect(sample), Legacy::Unicode, "sample {sample}");
        }
    }

    #[test]
    fn detect_nfd_is_unicode() {
        let decomposed: String = "Hà Nội".nfd().collect();
        assert_eq!(detect(&decomposed), Legacy::Unicode);
    }

    #[test]
    fn detect_many_column() {
        let column = ["Lª", "NguyÔn", "TrÇn", "Ph¹m", "An"];
        assert_eq!(detect_many(column), Legacy::Tcvn3);
        let column = ["Leâ", "Nguyeãn", "Traàn", "Phaïm", "An"];
        assert_eq!(detect_many(column), Legacy::Vni);
    }

    #[test]
    fn detect_many_outvoted() {
        let column = ["Hµ Néi", "Trường", "Nguyễn", "Đông"];
        assert_eq!(detect_many(column), Legacy::Unicode);
        let column = ["Hµ Néi", "Café", "Crème"];
        assert_eq!(detect_many(column), Legacy::Unicode);
    }

    #[test]
    fn repair_converts_or_borrows() {
        assert_eq!(repair("Tr\u{AD}êng THPT Hµ Néi"), "Trường THPT Hà Nội");
        assert_eq!(repair("Tröôøng THPT Ñoâng Ñoâ"), "Trường THPT Đông Đô");
        assert!(matches!(repair("Trường THPT Hà Nội"), Cow::Borrowed(_)));
        assert!(matches!(repair("Café"), Cow::Borrowed(_)));
        assert!(matches!(repair("plain ascii"), Cow::Borrowed(_)));
    }

    #[test]
    fn convert_skips_unicode_cells() {
        assert_eq!(convert("Lª V¨n T¸m", Legacy::Tcvn3), "Lê Văn Tám");
        assert!(matches!(convert("Lê Văn Tám", Legacy::Tcvn3), Cow::Borrowed(_)));
        assert!(matches!(convert("Lª", Legacy::Unicode), Cow::Borrowed(_)));
        assert_eq!(convert("Leâ", Legacy::Vni), "Lê");
    }

    #[test]
    fn decode_bytes_utf8() {
        assert_eq!(decode_bytes("Trường".as_bytes()), "Trường");
        let mut with_bom = vec![0xEF, 0xBB, 0xBF];
        with_bom.extend_from_slice("Hà Nội".as_bytes());
        assert_eq!(decode_bytes(&with_bom), "Hà Nội");
        assert_eq!(decode_bytes(b""), "");
    }

    #[test]
    fn decode_bytes_utf16() {
        let text = "Trường Đông Đô\n";
        let mut little = vec![0xFF, 0xFE];
        let mut big = vec![0xFE, 0xFF];
        for unit in text.encode_utf16() {
            little.extend_from_slice(&unit.to_le_bytes());
            big.extend_from_slice(&unit.to_be_bytes());
        }
        assert_eq!(decode_bytes(&little), text);
        assert_eq!(decode_bytes(&big), text);
        assert_eq!(decode_bytes(&[0xFF, 0xFE, b'A', 0, b'B']), "A\u{FFFD}");
    }

    #[test]
    fn decode_bytes_tcvn3() {
        let text = "Tr\u{AD}êng THPT Hµ Néi\nQuËn Ba §×nh\n";
        let bytes: Vec<u8> = text.chars().map(|c| u8::try_from(u32::from(c)).unwrap()).collect();
        assert_eq!(decode_bytes(&bytes), "Trường THPT Hà Nội\nQuận Ba Đình\n");
    }

    #[test]
    fn decode_bytes_vni() {
        let text = "Tröôøng THPT Haø Noäi;Quaän Ba Ñình\n";
        let bytes: Vec<u8> = text.chars().map(|c| u8::try_from(u32::from(c)).unwrap()).collect();
        assert_eq!(decode_bytes(&bytes), "Trường THPT Hà Nội;Quận Ba Đình\n");
    }

    #[test]
    fn decode_bytes_windows_1258() {
        // "Việt Nam, Hồ Chí Minh" in Windows-1258: tones are combining bytes after the vowel.
        let bytes = b"Vi\xEA\xF2t Nam, H\xF4\xCC Chi\xEC Minh, \xD0\xF4ng";
        assert_eq!(decode_bytes(bytes), "Việt Nam, Hồ Chí Minh, Đông");
    }

    #[test]
    fn decode_bytes_windows_1252() {
        let bytes = b"Caf\xE9 cr\xE8me, S\xE3o Paulo \x93quoted\x94";
        assert_eq!(decode_bytes(bytes), "Café crème, São Paulo \u{201C}quoted\u{201D}");
    }

    #[test]
    fn windows_1258_table_differences() {
        for byte in 0x80..=0xFFu8 {
            let differs = windows_1252_char(byte) != windows_1258_char(byte);
            let listed = WINDOWS_1258_CHANGES.iter().any(|(code, _)| *code == byte);
            assert_eq!(differs, listed, "byte {byte:#04X}");
        }
        assert_eq!(windows_1258_char(0x41), 'A');
        assert_eq!(windows_1252_char(0x80), '€');
    }
}
