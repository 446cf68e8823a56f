//! Type sniffing and the streamed intake, on small real files built here.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::*;

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n%%EOF\n";

/// A 1×1 RGB PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
    0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53, 0xDE, 0x00, 0x00, 0x00,
    0x0C, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0x00, 0x00, 0x03, 0x01, 0x01, 0x00, 0xC9,
    0xFE, 0x92, 0xEF, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

/// The start of a JFIF JPEG.
const JPEG: &[u8] = &[
    0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01,
    0x00, 0x00, 0xFF, 0xD9,
];

/// A RIFF container holding a lossy WebP header.
const WEBP: &[u8] = b"RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00\x30\x01\x00\x9d\x01\x2a\x01\x00\x01\x00";

/// The start of a Windows executable.
const EXE: &[u8] = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00This program cannot be run in DOS mode.";

/// The start of a Linux executable.
const ELF: &[u8] = b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x3e\x00";

const HTML: &[u8] = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>";

const SVG: &[u8] = b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>";

/// Writes an uncompressed ZIP archive with the given entries.
fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in entries {
        let offset = out.len() as u32;
        let crc = crc32(data);
        let mut header = Vec::new();
        header.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        header.extend_from_slice(&crc.to_le_bytes());
        header.extend_from_slice(&(data.len() as u32).to_le_bytes());
        header.extend_from_slice(&(data.len() as u32).to_le_bytes());
        header.extend_from_slice(&(name.len() as u16).to_le_bytes());
        header.extend_from_slice(&0u16.to_le_bytes());

        out.extend_from_slice(b"PK\x03\x04");
        out.extend_from_slice(&header);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);

        central.extend_from_slice(b"PK\x01\x02\x14\x00");
        central.extend_from_slice(&header);
        central.extend_from_slice(&[0; 12]);
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let central_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06\x00\x00\x00\x00");
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&central_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for byte in data {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

const CONTENT_TYPES: &[u8] = b"<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>";
const RELS: &[u8] = b"<?xml version=\"1.0\"?><Relationships/>";
const CORE: &[u8] = b"<?xml version=\"1.0\"?><cp:coreProperties/>";
const DOCUMENT: &[u8] = b"<?xml version=\"1.0\"?><w:document><w:body><w:p><w:r><w:t>C\xc3\xb4ng v\xc4\x83n</w:t></w:r></w:p></w:body></w:document>";

/// Builds a Word document with its entries in the order Microsoft Word writes them.
fn docx_word_order() -> Vec<u8> {
    zip(&[
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("word/document.xml", DOCUMENT),
        ("docProps/core.xml", CORE),
    ])
}

/// Builds a Word document with properties before the body, as other editors write it.
fn docx_other_order() -> Vec<u8> {
    zip(&[
        ("[Content_Types].xml", CONTENT_TYPES),
        ("docProps/app.xml", CORE),
        ("docProps/core.xml", CORE),
        ("_rels/.rels", RELS),
        ("word/_rels/document.xml.rels", RELS),
        ("word/document.xml", DOCUMENT),
    ])
}

fn xlsx() -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "Trường THCS Đồng Khởi").expect("write cell");
    workbook.save_to_buffer().expect("xlsx")
}

/// Builds an OLE compound file header whose first directory sector is `directory_sector`,
/// followed by that sector with a root entry of class `root_clsid` and one stream `stream`.
fn ole(directory_sector: u32, root_clsid: [u8; 16], stream: &str) -> Vec<u8> {
    let mut file = vec![0u8; 512];
    file[..8].copy_from_slice(OLE_MAGIC);
    file[0x1A] = 0x3E; // minor version
    file[0x1C] = 0xFE; // byte order mark
    file[0x1D] = 0xFF;
    file[0x1E] = 9; // 512-byte sectors
    file[0x20] = 6;
    file[0x30..0x34].copy_from_slice(&directory_sector.to_le_bytes());
    // Sectors before the directory, standing for the rest of the file.
    file.resize(512 + directory_sector as usize * 512, 0x5A);

    let mut directory = vec![0u8; 512];
    write_entry(&mut directory[..128], "Root Entry", 5, root_clsid);
    write_entry(&mut directory[128..256], stream, 2, [0; 16]);
    file.extend_from_slice(&directory);
    file
}

fn write_entry(entry: &mut [u8], name: &str, object_type: u8, clsid: [u8; 16]) {
    let units: Vec<u16> = name.encode_utf16().chain([0]).collect();
    for (index, unit) in units.iter().enumerate() {
        entry[index * 2..index * 2 + 2].copy_from_slice(&unit.to_le_bytes());
    }
    entry[0x40..0x42].copy_from_slice(&((units.len() * 2) as u16).to_le_bytes());
    entry[0x42] = object_type;
    entry[0x50..0x60].copy_from_slice(&clsid);
}

#[test]
fn sniff_accepts_documents_and_images() {
    let cases: Vec<(&str, Vec<u8>, FileKind)> = vec![
        ("pdf", PDF.to_vec(), FileKind::Pdf),
        ("png", PNG.to_vec(), FileKind::Png),
        ("jpeg", JPEG.to_vec(), FileKind::Jpeg),
        ("webp", WEBP.to_vec(), FileKind::Webp),
        ("docx in Word's order", docx_word_order(), FileKind::Docx),
        ("docx in another order", docx_other_order(), FileKind::Docx),
        ("xlsx from rust_xlsxwriter", xlsx(), FileKind::Xlsx),
        ("doc by class id", ole(0, WORD_CLSID, "WordDocument"), FileKind::Doc),
        ("xls by class id", ole(0, EXCEL_CLSIDS[0], "Workbook"), FileKind::Xls),
        ("xls by stream name", ole(0, [0; 16], "Workbook"), FileKind::Xls),
        ("doc by stream name", ole(0, [0; 16], "WordDocument"), FileKind::Doc),
    ];
    for (name, bytes, expected) in cases {
        assert_eq!(sniff(&bytes), Some(expected), "{name}");
    }
}

#[test]
fn sniff_rejects_everything_else() {
    let other_zip = zip(&[("readme.txt", b"hello"), ("setup.exe", EXE)]);
    let pptx = zip(&[("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", RELS), ("ppt/presentation.xml", RELS)]);
    let powerpoint = ole(0, [0x10, 0x8d, 0x81, 0x64, 0x9b, 0x4f, 0xcf, 0x11, 0x86, 0xea, 0, 0xaa, 0, 0xb9, 0x29, 0xe8], "PowerPoint Document");
    let webp_without_riff = b"XXXX\x24\x00\x00\x00WEBPVP8 <html>".to_vec();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("exe", EXE.to_vec()),
        ("elf", ELF.to_vec()),
        ("html", HTML.to_vec()),
        ("svg", SVG.to_vec()),
        ("plain text", "Công văn số 1581".as_bytes().to_vec()),
        ("zip of other files", other_zip),
        ("pptx", pptx),
        ("ppt", powerpoint),
        ("webp without riff", webp_without_riff),
        ("truncated ole", ole(0, WORD_CLSID, "WordDocument")[..600].to_vec()),
        ("empty", Vec::new()),
    ];
    for (name, bytes) in cases {
        assert_eq!(sniff(&bytes), None, "{name}");
    }
}

#[test]
fn content_type_round_trips() {
    for kind in FileKind::ALL {
        assert_eq!(FileKind::from_content_type(kind.content_type()), Some(kind));
    }
    assert_eq!(FileKind::from_content_type("text/html"), None);
}

#[test]
fn owner_kind_round_trips() {
    for kind in [OwnerKind::Directive, OwnerKind::Request] {
        assert_eq!(OwnerKind::parse(kind.as_str()), Some(kind));
    }
    assert_eq!(OwnerKind::parse("school"), None);
}

fn local_storage() -> (tempfile::TempDir, Storage) {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let storage = Storage::local(dir.path()).expect("store");
    (dir, storage)
}

fn stored_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(stored_files(&path));
        } else {
            files.push(path);
        }
    }
    files
}

async fn intake(storage: &Storage, limit: u64, bytes: &[u8], chunk: usize) -> Result<StoredFile, IntakeError> {
    let mut intake = Intake::new(storage, limit);
    for part in bytes.chunks(chunk) {
        intake.write(part).await?;
    }
    intake.finish().await
}

/// Builds a PDF larger than the sniffing window, so it is written in parts.
fn large_pdf(size: usize) -> Vec<u8> {
    let mut bytes = PDF.to_vec();
    bytes.extend((0..size - PDF.len()).map(|i| (i % 253) as u8));
    bytes
}

#[tokio::test]
async fn intake_streams_large_file() {
    let (_dir, storage) = local_storage();
    let content = large_pdf(3 * 1024 * 1024 + 17);

    let stored = intake(&storage, 4 * 1024 * 1024, &content, 7_000).await.expect("stored");

    assert_eq!(stored.kind, FileKind::Pdf);
    assert_eq!(stored.size_bytes, content.len() as i64);
    let expected: String = Sha256::digest(&content).iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(stored.sha256, expected);
    let blob = storage.get(&stored.storage_key, None).await.expect("get");
    assert_eq!(blob.body.bytes().await.expect("bytes").as_ref(), content.as_slice());
}

#[tokio::test]
async fn intake_stores_small_file() {
    let (_dir, storage) = local_storage();

    let stored = intake(&storage, 1024, PNG, 10).await.expect("stored");

    assert_eq!(stored.kind, FileKind::Png);
    assert_eq!(stored.size_bytes, PNG.len() as i64);
    let blob = storage.get(&stored.storage_key, None).await.expect("get");
    assert_eq!(blob.body.bytes().await.expect("bytes").as_ref(), PNG);
}

#[tokio::test]
async fn intake_stops_at_limit() {
    let (dir, storage) = local_storage();
    let content = large_pdf(200_000);

    let small = intake(&storage, 10_000, &content, 4_096).await;
    let large = intake(&storage, 150_000, &content, 4_096).await;
    let exact = intake(&storage, content.len() as u64, &content, 4_096).await;

    assert!(matches!(small, Err(IntakeError::TooLarge { limit_bytes: 10_000 })), "{small:?}");
    assert!(matches!(large, Err(IntakeError::TooLarge { limit_bytes: 150_000 })), "{large:?}");
    assert!(exact.is_ok(), "{exact:?}");
    assert_eq!(stored_files(dir.path()).len(), 1, "only the file at the limit is kept");
}

#[tokio::test]
async fn intake_rejects_renamed_executable() {
    let (dir, storage) = local_storage();
    let mut exe = EXE.to_vec();
    exe.resize(100_000, 0);

    let large = intake(&storage, 1_000_000, &exe, 8_192).await;
    let small = intake(&storage, 1_000_000, HTML, 8_192).await;

    assert!(matches!(large, Err(IntakeError::Rejected)), "{large:?}");
    assert!(matches!(small, Err(IntakeError::Rejected)), "{small:?}");
    assert!(stored_files(dir.path()).is_empty());
}

#[tokio::test]
async fn intake_rejects_empty_file() {
    let (_dir, storage) = local_storage();

    let result = Intake::new(&storage, 1_000).finish().await;

    assert!(matches!(result, Err(IntakeError::Empty)), "{result:?}");
}

#[tokio::test]
async fn intake_finds_ole_directory_late() {
    let (dir, storage) = local_storage();
    // Sector 200 starts at 100 KiB, far past the sniffing window.
    let workbook = ole(200, [0; 16], "Workbook");
    let installer = ole(200, [0; 16], "SummaryInformation");

    let accepted = intake(&storage, 1_000_000, &workbook, 3_000).await.expect("xls accepted");
    let rejected = intake(&storage, 1_000_000, &installer, 3_000).await;

    assert_eq!(accepted.kind, FileKind::Xls);
    assert!(matches!(rejected, Err(IntakeError::Rejected)), "{rejected:?}");
    assert_eq!(stored_files(dir.path()).len(), 1, "the rejected file is discarded");
}

#[tokio::test]
async fn intake_abort_discards() {
    let (dir, storage) = local_storage();
    let mut intake = Intake::new(&storage, 10_000_000);
    intake.write(&large_pdf(2 * 1024 * 1024)).await.expect("write");

    intake.abort().await;

    assert!(stored_files(dir.path()).is_empty());
}
