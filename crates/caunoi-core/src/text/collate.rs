//! Vietnamese alphabetical order as byte-comparable sort keys.
//!
//! The order follows the rules that Vietnamese dictionaries use (Vũ Xuân Lương,
//! Vietnam Lexicography Centre, "Quy tắc sắp xếp đơn vị từ vựng trong từ điển
//! tiếng Việt"):
//!
//! 1. Letters in the order `a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư
//!    v w x y z`.
//! 2. Tones in the order level (no mark), huyền, hỏi, ngã, sắc, nặng:
//!    `a à ả ã á ạ`.
//! 3. Words are compared one at a time from the left. Within a word the letters
//!    decide first and the tone only breaks a tie, so `ang` sorts before `anh`
//!    whatever their tones, and `ba` < `bà` < `bả`. A word sorts before a longer
//!    word that it starts (`cha` < `chan`), and a name before a longer name that it
//!    starts.
//! 4. Lowercase sorts before uppercase when nothing else differs.
//!
//! Digits sort before letters, and a run of digits compares as a number
//! (`Quận 2` < `Quận 10`).

use unicode_normalization::UnicodeNormalization;

use super::{Tone, split_tone};

/// Separates the case section from the words. Lowest code, so that a name sorts
/// before a longer name that it starts.
const CASE_SEPARATOR: char = '0';
const WORD_SEPARATOR: char = '1';
/// Starts a number of up to 9 digits: the marker, the digit count, the digits.
const SHORT_NUMBER: char = '8';
/// Starts a number of 10 to 99 digits: the marker, two digits of count, the digits.
const LONG_NUMBER: char = '9';
const MAX_NUMBER_DIGITS: usize = 99;

/// Two-character codes of the letters, in alphabetical order: the ASCII base
/// letter, then `0` for the plain letter or `1`/`2` for the letters that follow it.
const LETTER_CODES: [(char, &str); 33] = [
    ('a', "a0"),
    ('ă', "a1"),
    ('â', "a2"),
    ('b', "b0"),
    ('c', "c0"),
    ('d', "d0"),
    ('đ', "d1"),
    ('e', "e0"),
    ('ê', "e1"),
    ('f', "f0"),
    ('g', "g0"),
    ('h', "h0"),
    ('i', "i0"),
    ('j', "j0"),
    ('k', "k0"),
    ('l', "l0"),
    ('m', "m0"),
    ('n', "n0"),
    ('o', "o0"),
    ('ô', "o1"),
    ('ơ', "o2"),
    ('p', "p0"),
    ('q', "q0"),
    ('r', "r0"),
    ('s', "s0"),
    ('t', "t0"),
    ('u', "u0"),
    ('ư', "u1"),
    ('v', "v0"),
    ('w', "w0"),
    ('x', "x0"),
    ('y', "y0"),
    ('z', "z0"),
];

/// Builds a key that sorts `s` in Vietnamese alphabetical order when keys are
/// compared byte by byte.
///
/// The key contains only the characters `0-9` and `a-z`, so it also sorts the same
/// under the usual database collations, not only under `COLLATE "C"`. Characters
/// other than letters and digits separate words and are otherwise ignored. NFC and
/// NFD input give the same key, and so do both tone placements (`hoà`, `hòa`).
/// Letters outside the Vietnamese and English alphabets sort after `z`.
pub fn sort_key(s: &str) -> String {
    let mut key = String::with_capacity(s.len() * 2 + 2);
    let mut case_section = String::new();
    for (index, word) in split_words(s).iter().enumerate() {
        if index > 0 {
            key.push(WORD_SEPARATOR);
        }
        encode_word(word, &mut key, &mut case_section);
    }
    key.push(CASE_SEPARATOR);
    key.push_str(&case_section);
    key
}

/// Builds the sort key of a Vietnamese personal name: the given name (the last
/// word) first, then the family name and middle names in their written order.
/// This is the order of Vietnamese class and staff lists.
///
/// `person_sort_key("Nguyễn Văn An")` equals `sort_key("An Nguyễn Văn")`.
pub fn person_sort_key(full_name: &str) -> String {
    let words: Vec<&str> = full_name.split_whitespace().collect();
    match words.split_last() {
        Some((given, rest)) if !rest.is_empty() => sort_key(&format!("{given} {}", rest.join(" "))),
        _ => sort_key(full_name),
    }
}

/// Returns the given name: the last word of a Vietnamese full name, or `""` when
/// the name is blank. `given_name("Nguyễn Văn An")` is `"An"`.
pub fn given_name(full_name: &str) -> &str {
    full_name.split_whitespace().next_back().unwrap_or("")
}

/// Splits NFC text into words of letters and digits. A combining mark that NFC
/// could not compose stays with the word before it.
fn split_words(s: &str) -> Vec<Vec<char>> {
    let mut words = Vec::new();
    let mut current = Vec::new();
    for c in s.nfc() {
        let attached_mark = super::is_combining_diacritic(c) && !current.is_empty();
        if c.is_alphanumeric() || attached_mark {
            current.push(c);
        } else if !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// Appends the codes of one word and its tone to `key`, and one case digit per
/// letter to `case_section`.
fn encode_word(word: &[char], key: &mut String, case_section: &mut String) {
    let mut tone = Tone::Level;
    let mut i = 0;
    while i < word.len() {
        let c = word[i];
        if c.is_ascii_digit() {
            let run = word[i..].iter().take_while(|d| d.is_ascii_digit()).count();
            encode_number(&word[i..i + run], key);
            i += run;
            continue;
        }
        i += 1;

        if super::is_combining_diacritic(c) {
            if tone == Tone::Level {
                tone = Tone::MARKED.into_iter().find(|t| t.combining_mark() == Some(c)).unwrap_or(Tone::Level);
            }
            continue;
        }
        let lower = c.to_lowercase().next().unwrap_or(c);
        case_section.push(if lower == c { '0' } else { '1' });
        let (base, letter_tone) = split_tone(lower);
        if tone == Tone::Level {
            tone = letter_tone;
        }
        push_letter_code(base, key);
    }
    key.push(tone_code(tone));
}

/// Appends a run of ASCII digits so that shorter numbers sort first: leading zeros
/// dropped, then the digit count, then the digits.
fn encode_number(digits: &[char], key: &mut String) {
    let first_significant = digits.iter().position(|&d| d != '0').unwrap_or(digits.len() - 1);
    for chunk in digits[first_significant..].chunks(MAX_NUMBER_DIGITS) {
        if chunk.len() <= 9 {
            key.push(SHORT_NUMBER);
            key.push_str(&chunk.len().to_string());
        } else {
            key.push(LONG_NUMBER);
            key.push_str(&format!("{:02}", chunk.len()));
        }
        key.extend(chunk);
    }
}

fn push_letter_code(base: char, key: &mut String) {
    let base = if base == 'ð' { 'đ' } else { base };
    if let Some((_, code)) = LETTER_CODES.iter().find(|(letter, _)| *letter == base) {
        key.push_str(code);
        return;
    }
    // Letters with other diacritics (ç, ñ, ü) sort as their base letter.
    let stripped = base.nfd().next().unwrap_or(base);
    if let Some((_, code)) = LETTER_CODES.iter().find(|(letter, _)| *letter == stripped) {
        key.push_str(code);
        return;
    }
    key.push_str(&format!("z9{:06x}", u32::from(base)));
}

fn tone_code(tone: Tone) -> char {
    match tone {
        Tone::Level => '2',
        Tone::Grave => '3',
        Tone::HookAbove => '4',
        Tone::Tilde => '5',
        Tone::Acute => '6',
        Tone::DotBelow => '7',
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_ascending(items: &[&str]) {
        for pair in items.windows(2) {
            let (a, b) = (sort_key(pair[0]), sort_key(pair[1]));
            assert!(a < b, "{:?} should sort before {:?} (keys {a} and {b})", pair[0], pair[1]);
        }
    }

    fn sorted_by<F: Fn(&str) -> String>(items: &[&str], key: F) -> Vec<String> {
        let mut keyed: Vec<(String, &str)> = items.iter().map(|item| (key(item), *item)).collect();
        keyed.sort();
        keyed.into_iter().map(|(_, item)| item.to_string()).collect()
    }

    #[test]
    fn sort_key_alphabet_order() {
        let alphabet: Vec<&str> = "a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y".split(' ').collect();
        assert_ascending(&alphabet);
    }

    #[test]
    fn sort_key_dictionary_sequence() {
        let sequence = "a à ả ã á ạ ă ằ ẳ ẵ ắ ặ â ầ ẩ ẫ ấ ậ b c d đ e è ẻ ẽ é ẹ ê ề ể ễ ế ệ \
                        f g h i ì ỉ ĩ í ị j k l m n o ò ỏ õ ó ọ ô ồ ổ ỗ ố ộ ơ ờ ở ỡ ớ ợ \
                        p q r s t u ù ủ ũ ú ụ ư ừ ử ữ ứ ự v w x y ỳ ỷ ỹ ý ỵ z";
        let letters: Vec<&str> = sequence.split(' ').collect();
        assert_eq!(letters.len(), 93);
        assert_ascending(&letters);
    }

    #[test]
    fn sort_key_letters_before_tones() {
        assert_ascending(&["ang", "anh"]);
        assert_ascending(&["ạng", "anh"]);
        assert_ascending(&["áng", "ảnh"]);
        assert_ascending(&["ác", "ách"]);
        assert_ascending(&["cha", "chan"]);
        assert_ascending(&["ba", "bà", "bả"]);
        assert_ascending(&["hai", "hài", "hại"]);
        assert_ascending(&["apatit", "apxe"]);
    }

    #[test]
    fn sort_key_word_by_word() {
        assert_ascending(&["ba", "ba ba", "ba bị", "bà", "bà ba"]);
        assert_ascending(&["Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng"]);
    }

    #[test]
    fn sort_key_lowercase_first() {
        assert_ascending(&["a", "A"]);
        assert_ascending(&["an", "An", "AN", "ăn"]);
    }

    #[test]
    fn sort_key_d_before_dd() {
        assert_ascending(&["Dung", "Dương", "Đào", "Đặng", "Đức", "E"]);
        assert_ascending(&["dz", "đa"]);
    }

    #[test]
    fn sort_key_numbers() {
        assert_ascending(&["Quận 1", "Quận 2", "Quận 10", "Quận 12", "Quận Bình Thạnh"]);
        assert_ascending(&["THPT số 9", "THPT số 10"]);
        assert_eq!(sort_key("Lớp 05"), sort_key("Lớp 5"));
        assert_ascending(&["1", "9", "10", "99", "100", "9999999999", "a"]);
        let long = "1".repeat(150);
        assert_ascending(&["9", &long]);
    }

    #[test]
    fn sort_key_nfc_nfd_equal() {
        for name in ["Nguyễn Thị Ánh", "Đặng Văn Ẩn", "Trường THPT Đông Đô"] {
            let decomposed: String = name.nfd().collect();
            assert_eq!(sort_key(name), sort_key(&decomposed), "name {name}");
        }
    }

    #[test]
    fn sort_key_tone_placement_equal() {
        assert_eq!(sort_key("Hoà"), sort_key("Hòa"));
        assert_eq!(sort_key("Thuỷ"), sort_key("Thủy"));
    }

    #[test]
    fn sort_key_ignores_punctuation() {
        assert_eq!(sort_key("Bà Rịa - Vũng Tàu"), sort_key("Bà Rịa Vũng Tàu"));
        assert_eq!(sort_key("  An  "), sort_key("An"));
    }

    #[test]
    fn sort_key_ascii_only() {
        for text in ["Nguyễn Thị Ánh", "Quận 10", "Straße ñ ç", "東京", "", "-"] {
            let key = sort_key(text);
            assert!(key.chars().all(|c| c.is_ascii_digit() || c.is_ascii_lowercase()), "key {key} of {text}");
        }
    }

    #[test]
    fn sort_key_foreign_letters() {
        assert_eq!(sort_key("Ça"), sort_key("Ca"));
        assert_ascending(&["Ça", "Cb"]);
        assert_ascending(&["zoo", "東京"]);
    }

    #[test]
    fn sort_key_empty_first() {
        assert_ascending(&["", "0", "a"]);
    }

    #[test]
    fn given_name_cases() {
        assert_eq!(given_name("Nguyễn Văn An"), "An");
        assert_eq!(given_name("  Lê   Bình "), "Bình");
        assert_eq!(given_name("Hoa"), "Hoa");
        assert_eq!(given_name(""), "");
        assert_eq!(given_name("   "), "");
    }

    #[test]
    fn person_sort_key_example() {
        let names = ["Nguyễn Văn An", "Trần Thị Ánh", "Lê Bình", "Đặng Văn An", "Phạm Thị Ân"];
        let sorted = sorted_by(&names, person_sort_key);
        assert_eq!(sorted, ["Đặng Văn An", "Nguyễn Văn An", "Trần Thị Ánh", "Phạm Thị Ân", "Lê Bình"]);
    }

    #[test]
    fn person_sort_key_many_names() {
        let names = [
            "Vũ Thị Yến",
            "Nguyễn Văn Dũng",
            "Dương Văn Đức",
            "Bùi Thị Hà",
            "Trần Đức Anh",
            "Lê Thị Hạ",
            "Hoàng Văn Hải",
            "Đỗ Thị Dung",
            "Ngô Văn Đạt",
            "Phan Thị Huệ",
            "Võ Minh Hùng",
            "Nguyễn Thị Hoà",
            "Lý Văn Hòa",
            "Trịnh Thị Ánh",
            "Nguyễn Ánh",
            "An",
        ];
        let sorted = sorted_by(&names, person_sort_key);
        let expected = [
            "An",
            "Trần Đức Anh",
            "Nguyễn Ánh",
            "Trịnh Thị Ánh",
            "Đỗ Thị Dung",
            "Nguyễn Văn Dũng",
            "Ngô Văn Đạt",
            "Dương Văn Đức",
            "Bùi Thị Hà",
            "Lê Thị Hạ",
            "Hoàng Văn Hải",
            "Lý Văn Hòa",
            "Nguyễn Thị Hoà",
            "Phan Thị Huệ",
            "Võ Minh Hùng",
            "Vũ Thị Yến",
        ];
        assert_eq!(sorted, expected);
    }

    #[test]
    fn person_sort_key_family_then_middle() {
        let names = ["Trần Văn An", "Trần Thị An", "Lê Văn An", "Lê An"];
        let sorted = sorted_by(&names, person_sort_key);
        assert_eq!(sorted, ["Lê An", "Lê Văn An", "Trần Thị An", "Trần Văn An"]);
    }

    #[test]
    fn person_sort_key_nfd_and_spacing() {
        let decomposed: String = "Nguyễn Văn Ân".nfd().collect();
        assert_eq!(person_sort_key(&decomposed), person_sort_key(" Nguyễn  Văn Ân "));
        assert_eq!(person_sort_key("Ân"), sort_key("Ân"));
        assert_eq!(person_sort_key(""), sort_key(""));
    }
}
