//! Vietnamese text at the edges: NFC, folding for search, legacy encodings, sorting.
//!
//! [`normalize`] is applied to every string that enters the system (form fields,
//! imported cells). [`fold`] builds search keys, [`collate`] builds sort keys and
//! [`legacy`] repairs text written in the 8-bit encodings of the 1990s.

pub mod collate;
pub mod legacy;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{compose, decompose_canonical};

/// Tone of a Vietnamese syllable, in the order that Vietnamese dictionaries sort them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tone {
    /// Thanh ngang: no mark (`a`).
    Level,
    /// Thanh huyền: grave accent (`à`).
    Grave,
    /// Thanh hỏi: hook above (`ả`).
    HookAbove,
    /// Thanh ngã: tilde (`ã`).
    Tilde,
    /// Thanh sắc: acute accent (`á`).
    Acute,
    /// Thanh nặng: dot below (`ạ`).
    DotBelow,
}

impl Tone {
    /// The five marked tones, in dictionary order.
    pub const MARKED: [Tone; 5] = [Tone::Grave, Tone::HookAbove, Tone::Tilde, Tone::Acute, Tone::DotBelow];

    /// Returns the combining character of the tone, or `None` for [`Tone::Level`].
    pub fn combining_mark(self) -> Option<char> {
        match self {
            Tone::Level => None,
            Tone::Grave => Some('\u{300}'),
            Tone::HookAbove => Some('\u{309}'),
            Tone::Tilde => Some('\u{303}'),
            Tone::Acute => Some('\u{301}'),
            Tone::DotBelow => Some('\u{323}'),
        }
    }

    fn from_combining_mark(c: char) -> Option<Tone> {
        Tone::MARKED.into_iter().find(|tone| tone.combining_mark() == Some(c))
    }
}

/// Splits a letter into the letter without its tone mark and the tone.
///
/// Vowel marks that make a different letter (breve, circumflex, horn) stay:
/// `ậ` → (`â`, DotBelow), `Ờ` → (`Ơ`, Grave), `k` → (`k`, Level). A character whose
/// other marks cannot be recombined is returned unchanged with [`Tone::Level`].
pub fn split_tone(c: char) -> (char, Tone) {
    if c.is_ascii() {
        return (c, Tone::Level);
    }
    let mut parts = ['\0'; 4];
    let mut count = 0;
    decompose_canonical(c, |part| {
        if count < parts.len() {
            parts[count] = part;
        }
        count += 1;
    });
    if count > parts.len() {
        return (c, Tone::Level);
    }

    let mut base = parts[0];
    let mut tone = Tone::Level;
    for &mark in &parts[1..count] {
        if let Some(found) = Tone::from_combining_mark(mark) {
            tone = found;
        } else if let Some(combined) = compose(base, mark) {
            base = combined;
        } else {
            return (c, Tone::Level);
        }
    }
    (base, tone)
}

/// Returns `base` carrying `tone`: `with_tone('ơ', Tone::Acute)` is `ớ`.
///
/// Returns `base` unchanged when Unicode has no precomposed letter for the pair
/// (`q` with an acute, for example).
pub fn with_tone(base: char, tone: Tone) -> char {
    let Some(mark) = tone.combining_mark() else {
        return base;
    };
    if let Some(letter) = compose(base, mark) {
        return letter;
    }
    // `ặ` decomposes as `ạ` + breve, so `ă` + dot below needs canonical reordering.
    let mut composed = [base, mark].into_iter().nfc();
    match (composed.next(), composed.next()) {
        (Some(letter), None) => letter,
        _ => base,
    }
}

/// Normalizes text at the input edge.
///
/// Repairs a confidently detected legacy encoding ([`legacy::repair`]), composes
/// to NFC, drops zero-width characters and the byte order mark, turns every run
/// of whitespace (spaces, tabs, line breaks, no-break spaces) into one space, and
/// trims both ends. Tone placement and case are kept as written.
pub fn normalize(s: &str) -> String {
    let repaired = legacy::repair(s);
    let composed: String = repaired.nfc().collect();
    collapse_whitespace(&composed)
}

#[cfg(test)]
#[test]
fn normalize_drops_control_characters() {
    assert_eq!(normalize("Cụm\u{0}x\u{1b}[31m"), "Cụmx[31m");
    assert_eq!(normalize("a\tb\r\nc"), "a b c");
}

fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if is_zero_width(c) {
            continue;
        }
        // Control characters (NUL, escape sequences) never belong in stored text, and
        // PostgreSQL rejects NUL outright. Tabs and line breaks count as spaces.
        if c.is_control() && !c.is_whitespace() {
            continue;
        }
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space && !out.is_empty() {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
    }
    out
}

/// Zero-width space, non-joiner and joiner, word joiner, and the byte order mark
/// (zero-width no-break space).
fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

fn is_combining_diacritic(c: char) -> bool {
    ('\u{300}'..='\u{36F}').contains(&c)
}

/// Folds text into a search key: no diacritics, lowercase, words separated by
/// one space.
///
/// Removes the combining diacritics U+0300–U+036F after canonical decomposition,
/// maps `đ`/`Đ` (and the look-alike `ð`/`Ð`) to `d`, lowercases, and turns every
/// run of characters that are not letters or digits into one space.
/// `fold("Trường THPT Đông Đô")` is `"truong thpt dong do"`. NFC and NFD input,
/// and either tone placement (`hoà`, `hòa`), give the same key.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.nfd() {
        if is_combining_diacritic(c) || is_zero_width(c) || c == '\u{AD}' {
            continue;
        }
        let c = match c {
            'đ' | 'Đ' | 'ð' | 'Ð' => 'd',
            other => other,
        };
        for lower in c.to_lowercase() {
            if is_combining_diacritic(lower) {
                continue;
            }
            if !lower.is_alphanumeric() {
                pending_space = true;
                continue;
            }
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(lower);
        }
    }
    out
}

/// Splits a folded string into its words.
pub fn tokens(folded: &str) -> impl Iterator<Item = &str> {
    folded.split_whitespace()
}

/// Checks whether every word of `query` starts some word of `candidate`, after
/// folding both. An empty query matches everything.
///
/// `matches_query("ng du", "Trường THPT Nguyễn Du")` is true.
pub fn matches_query(query: &str, candidate: &str) -> bool {
    let query = fold(query);
    let candidate = fold(candidate);
    tokens(&query).all(|wanted| tokens(&candidate).any(|word| word.starts_with(wanted)))
}

/// Moves the tone mark of the open rhymes `oa`, `oe` and `uy` from the second vowel
/// to the first: `hoà` → `hòa`, `khoẻ` → `khỏe`, `thuỷ` → `thủy`. Returns NFC.
///
/// Both placements are correct Vietnamese and both occur in official lists. The
/// rhyme must end the syllable: with a final consonant the tone is on the second
/// vowel in both styles (`hoàng`, `toán`, `Huỳnh`), so those are left alone. In
/// `qu` the `u` belongs to the initial consonant, so `quý` and `quà` are left alone
/// too, and so is the rhyme `oeo` (`ngoẹo`).
pub fn normalize_tone_placement(s: &str) -> String {
    let mut chars: Vec<char> = s.nfc().collect();
    for i in 1..chars.len() {
        let (vowel, tone) = split_tone(chars[i]);
        if tone == Tone::Level || !is_old_style_rhyme(&chars, i, vowel) {
            continue;
        }
        chars[i - 1] = with_tone(chars[i - 1], tone);
        chars[i] = vowel;
    }
    chars.into_iter().collect()
}

/// Checks that `chars[i]` (a toned vowel whose toneless form is `vowel`) ends an
/// `oa`, `oe` or `uy` rhyme whose first vowel carries no tone.
fn is_old_style_rhyme(chars: &[char], i: usize, vowel: char) -> bool {
    let glide = chars[i - 1];
    let pair = (glide.to_ascii_lowercase(), vowel.to_ascii_lowercase());
    if !matches!(pair, ('o', 'a') | ('o', 'e') | ('u', 'y')) {
        return false;
    }
    let ends_syllable = chars.get(i + 1).is_none_or(|next| !next.is_alphanumeric());
    let after_q = i >= 2 && chars[i - 2].eq_ignore_ascii_case(&'q');
    ends_syllable && !after_q
}

/// Checks whether two personal or school names are the same name.
///
/// Compares after [`normalize`], [`normalize_tone_placement`] and lowercasing, so
/// case, spacing, Unicode form and tone placement are ignored but diacritics
/// count: `Hoà` equals `hòa`, but `Hòa` differs from `Hoa`.
pub fn same_name(a: &str, b: &str) -> bool {
    name_key(a) == name_key(b)
}

fn name_key(s: &str) -> String {
    normalize_tone_placement(&normalize(s)).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nfd(s: &str) -> String {
        s.nfd().collect()
    }

    #[test]
    fn split_tone_keeps_vowel_marks() {
        assert_eq!(split_tone('ậ'), ('â', Tone::DotBelow));
        assert_eq!(split_tone('Ờ'), ('Ơ', Tone::Grave));
        assert_eq!(split_tone('ữ'), ('ư', Tone::Tilde));
        assert_eq!(split_tone('ẳ'), ('ă', Tone::HookAbove));
        assert_eq!(split_tone('é'), ('e', Tone::Acute));
        assert_eq!(split_tone('đ'), ('đ', Tone::Level));
        assert_eq!(split_tone('k'), ('k', Tone::Level));
        assert_eq!(split_tone('ô'), ('ô', Tone::Level));
    }

    #[test]
    fn with_tone_inverts_split_tone() {
        for c in "àảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ".chars() {
            let (base, tone) = split_tone(c);
            assert_eq!(with_tone(base, tone), c, "letter {c}");
            let upper = c.to_uppercase().next().unwrap();
            let (upper_base, upper_tone) = split_tone(upper);
            assert_eq!(with_tone(upper_base, upper_tone), upper, "letter {upper}");
        }
        assert_eq!(with_tone('q', Tone::Acute), 'q');
    }

    #[test]
    fn normalize_collapses_whitespace() {
        assert_eq!(normalize("  Trường\u{A0}THPT\t\tĐông\nĐô  "), "Trường THPT Đông Đô");
        assert_eq!(normalize("a\r\n\u{2007}\u{202F}\u{3000}b"), "a b");
        assert_eq!(normalize(" \t\n"), "");
        assert_eq!(normalize(""), "");
    }

    #[test]
    fn normalize_drops_zero_width() {
        assert_eq!(normalize("\u{FEFF}Hà\u{200B} Nội\u{200D}"), "Hà Nội");
        assert_eq!(normalize("Lê\u{2060}\u{200C}"), "Lê");
    }

    #[test]
    fn normalize_composes_nfd() {
        let decomposed = nfd("Nguyễn Thị Ánh");
        assert_ne!(decomposed, "Nguyễn Thị Ánh");
        assert_eq!(normalize(&decomposed), "Nguyễn Thị Ánh");
    }

    #[test]
    fn normalize_repairs_legacy() {
        assert_eq!(normalize(" Tr\u{AD}êng  THPT Hµ Néi "), "Trường THPT Hà Nội");
        assert_eq!(normalize("Tröôøng THPT Ñoâng Ñoâ"), "Trường THPT Đông Đô");
    }

    #[test]
    fn normalize_keeps_tone_placement() {
        assert_eq!(normalize("Thuỷ Hoà"), "Thuỷ Hoà");
        assert_eq!(normalize("Café São Paulo"), "Café São Paulo");
    }

    #[test]
    fn fold_basic() {
        assert_eq!(fold("Trường THPT Đông Đô"), "truong thpt dong do");
        assert_eq!(fold("  ĐẶNG   văn  ÂN "), "dang van an");
        assert_eq!(fold(""), "");
        assert_eq!(fold("--"), "");
    }

    #[test]
    fn fold_punctuation_to_space() {
        assert_eq!(fold("THCS&THPT Nguyễn Du-Đà Lạt"), "thcs thpt nguyen du da lat");
        assert_eq!(fold("TT.GDTX (Q.1)"), "tt gdtx q 1");
        assert_eq!(fold("Cư M'Gar"), "cu m gar");
    }

    #[test]
    fn fold_nfc_equals_nfd() {
        for name in ["Trường THPT Đông Đô", "Nguyễn Thị Ánh", "Phạm Ngũ Lão", "Huỳnh Thúc Kháng"] {
            assert_eq!(fold(name), fold(&nfd(name)), "name {name}");
        }
    }

    #[test]
    fn fold_tone_placement_equal() {
        assert_eq!(fold("hoà"), fold("hòa"));
        assert_eq!(fold("Thuỷ"), fold("Thủy"));
        assert_eq!(fold("khoẻ"), "khoe");
    }

    #[test]
    fn fold_drops_invisible() {
        assert_eq!(fold("Trư\u{200B}ờng"), "truong");
        assert_eq!(fold("Hà\u{AD}Nội"), "hanoi");
    }

    #[test]
    fn fold_eth_as_d() {
        assert_eq!(fold("ÐÔNG ðô"), "dong do");
    }

    #[test]
    fn tokens_split() {
        let folded = fold("Trường THPT  Đông Đô");
        assert_eq!(tokens(&folded).collect::<Vec<_>>(), ["truong", "thpt", "dong", "do"]);
        assert_eq!(tokens("").count(), 0);
    }

    #[test]
    fn matches_query_prefixes() {
        assert!(matches_query("ng du", "Trường THPT Nguyễn Du"));
        assert!(matches_query("NGUYỄN", "THPT Nguyễn Du"));
        assert!(matches_query("", "THPT Nguyễn Du"));
        assert!(!matches_query("ng hue", "THPT Nguyễn Du"));
        assert!(!matches_query("du x", "THPT Nguyễn Du"));
    }

    #[test]
    fn tone_placement_open_rhymes() {
        let cases = [
            ("hoà", "hòa"),
            ("Hoá", "Hóa"),
            ("hoả", "hỏa"),
            ("hoã", "hõa"),
            ("hoạ", "họa"),
            ("loè", "lòe"),
            ("khoẻ", "khỏe"),
            ("xoé", "xóe"),
            ("oẽ", "õe"),
            ("hoẹ", "họe"),
            ("tuỳ", "tùy"),
            ("Thuý", "Thúy"),
            ("Thuỷ", "Thủy"),
            ("huỹ", "hũy"),
            ("thuỵ", "thụy"),
            ("uỷ ban", "ủy ban"),
            ("HOÀ", "HÒA"),
            ("THUỶ", "THỦY"),
        ];
        for (old, new) in cases {
            assert_eq!(normalize_tone_placement(old), new, "input {old}");
        }
    }

    #[test]
    fn tone_placement_inside_text() {
        assert_eq!(
            normalize_tone_placement("Trường THPT Hoà Bình, Thanh Hoá-Thuỷ Nguyên"),
            "Trường THPT Hòa Bình, Thanh Hóa-Thủy Nguyên"
        );
    }

    #[test]
    fn tone_placement_leaves_closed_rhymes() {
        for word in ["hoàng", "toán", "Huỳnh", "khuyến", "hoạch", "ngoài", "xoáy", "ngoẹo"] {
            assert_eq!(normalize_tone_placement(word), word, "word {word}");
        }
    }

    #[test]
    fn tone_placement_leaves_qu() {
        for word in ["quý", "Quỳ", "quà", "quả", "Quế"] {
            assert_eq!(normalize_tone_placement(word), word, "word {word}");
        }
    }

    #[test]
    fn tone_placement_nfd_input() {
        assert_eq!(normalize_tone_placement(&nfd("Hoà")), "Hòa");
        assert_eq!(normalize_tone_placement("hòa"), "hòa");
    }

    #[test]
    fn same_name_cases() {
        assert!(same_name("Nguyễn Thị Hoà", "nguyễn  thị hòa"));
        assert!(same_name("Trần Thuỷ", &nfd("TRẦN THỦY")));
        assert!(same_name("Lê Văn A", " Lê\u{A0}Văn A "));
        assert!(!same_name("Hòa", "Hoa"));
        assert!(!same_name("Lê An", "Lê Ân"));
    }
}
