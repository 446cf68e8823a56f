//! Every message exists in Vietnamese and English, and every id the code names exists.

use std::collections::BTreeSet;
use std::path::Path;

/// The message ids of every Fluent file of a locale. An id defined twice, in one file
/// or across files, fails the test: the loader would keep only one of them.
fn keys(locale: &str) -> BTreeSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales").join(locale);
    let mut keys = BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|ext| ext != "ftl") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for key in text
            .lines()
            .filter_map(|line| line.split_once(" ="))
            .map(|(key, _)| key.to_owned())
            .filter(|key| !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        {
            assert!(keys.insert(key.clone()), "{key} is defined twice in {locale}");
        }
    }
    keys
}

/// Collects the literal ids passed to `t("…")` in templates and Rust sources.
fn literal_ids(dir: &Path, ids: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            literal_ids(&path, ids);
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for part in text.split(".t(\"").skip(1) {
            if let Some((id, _)) = part.split_once('"') {
                ids.insert(id.to_owned());
            }
        }
    }
}

#[test]
fn locales_have_same_keys() {
    let vi = keys("vi");
    let en = keys("en");
    let only_vi: Vec<_> = vi.difference(&en).collect();
    let only_en: Vec<_> = en.difference(&vi).collect();
    assert!(only_vi.is_empty(), "missing in en: {only_vi:?}");
    assert!(only_en.is_empty(), "missing in vi: {only_en:?}");
}

#[test]
fn literal_ids_exist() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut ids = BTreeSet::new();
    literal_ids(&root.join("templates"), &mut ids);
    literal_ids(&root.join("src"), &mut ids);
    let vi = keys("vi");
    let missing: Vec<_> = ids.iter().filter(|id| !vi.contains(*id) && !id.contains('{')).collect();
    assert!(missing.is_empty(), "ids used but not defined: {missing:?}");
}
