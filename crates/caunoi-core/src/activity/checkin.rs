//! Check-in codes: a short code the organiser shows at the session (on the screen of
//! an online meeting too) that attendees type to be marked present.

/// Letters and digits that cannot be mistaken for one another (no 0/O, 1/I/L, 5/S,
/// 2/Z, 8/B).
pub const ALPHABET: &[u8] = b"34679ACDEFGHJKMNPQRTUVWXY";
/// Length of a code: 25^6, about 244 million codes.
pub const CODE_LEN: usize = 6;
/// Check-in opens this long before the start.
pub const OPENS_BEFORE_MS: i64 = 30 * 60_000;
/// Check-in stays open this long after the end.
pub const CLOSES_AFTER_MS: i64 = 60 * 60_000;

/// Builds a code from random bytes (the caller draws them from a secure source).
pub fn code_from_bytes(bytes: [u8; CODE_LEN]) -> String {
    bytes.iter().map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char).collect()
}

/// What a person typed, as a code: upper case, without spaces or dashes.
pub fn normalize(input: &str) -> String {
    input.chars().filter(|c| !c.is_whitespace() && *c != '-').flat_map(char::to_uppercase).collect()
}

/// Compares a typed code with the activity's in constant time for equal lengths.
pub fn matches(typed: &str, code: &str) -> bool {
    let typed = normalize(typed);
    if typed.len() != code.len() {
        return false;
    }
    typed.bytes().zip(code.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

/// Tells whether check-in is open at `now` for an activity held from `starts_at` to
/// `ends_at`.
pub fn window_open(starts_at: i64, ends_at: i64, now: i64) -> bool {
    now >= starts_at - OPENS_BEFORE_MS && now <= ends_at + CLOSES_AFTER_MS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_use_the_alphabet() {
        let code = code_from_bytes([0, 25, 26, 255, 7, 100]);
        assert_eq!(code.len(), CODE_LEN);
        assert!(code.bytes().all(|b| ALPHABET.contains(&b)));
    }

    #[test]
    fn typed_codes_ignore_case_and_spaces() {
        assert!(matches(" k7m-9ac ", "K7M9AC"));
    }

    #[test]
    fn wrong_codes_fail() {
        assert!(!matches("K7M9AD", "K7M9AC"));
        assert!(!matches("K7M9A", "K7M9AC"));
    }

    #[test]
    fn window_bounds() {
        let (start, end) = (OPENS_BEFORE_MS * 10, OPENS_BEFORE_MS * 20);
        assert!(window_open(start, end, start - OPENS_BEFORE_MS));
        assert!(!window_open(start, end, start - OPENS_BEFORE_MS - 1));
        assert!(window_open(start, end, end + CLOSES_AFTER_MS));
        assert!(!window_open(start, end, end + CLOSES_AFTER_MS + 1));
    }
}
