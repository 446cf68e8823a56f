//! Files attached to directives and requests: the accepted types, the streamed intake
//! that checks a file while it is stored, and the `attachments` table.
//!
//! A file's type comes from its first bytes, never from its name or the client's
//! `Content-Type`, and only documents and images are accepted: PDF, Word (DOCX, DOC),
//! Excel (XLSX, XLS), JPEG, PNG and WebP. Anything a browser could run (HTML, SVG) or a
//! computer could execute is rejected whatever it is called.

use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::{Any, Executor, FromRow};
use thiserror::Error;
use tracing::warn;

use crate::storage::{BlobWriter, Storage, StorageError};
use crate::{Db, DbResult, now_ms};

/// Bytes read before the type is decided. Office files are ZIP archives whose first
/// entries (`[Content_Types].xml`, `_rels/.rels`, `docProps/…`) are small, so the
/// `word/` or `xl/` entry starts well inside this window.
pub const SNIFF_BYTES: usize = 32 * 1024;

/// An accepted file type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    Pdf,
    Docx,
    Xlsx,
    /// Word 97–2003.
    Doc,
    /// Excel 97–2003.
    Xls,
    Jpeg,
    Png,
    Webp,
}

impl FileKind {
    pub const ALL: [FileKind; 8] = [
        FileKind::Pdf,
        FileKind::Docx,
        FileKind::Xlsx,
        FileKind::Doc,
        FileKind::Xls,
        FileKind::Jpeg,
        FileKind::Png,
        FileKind::Webp,
    ];

    /// Returns the registered media type, stored and sent back on download.
    pub fn content_type(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            FileKind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            FileKind::Doc => "application/msword",
            FileKind::Xls => "application/vnd.ms-excel",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Png => "image/png",
            FileKind::Webp => "image/webp",
        }
    }

    /// Returns the usual file extension, without the dot. It is also the key of the
    /// type's label (`attachment-kind-pdf`).
    pub fn extension(self) -> &'static str {
        match self {
            FileKind::Pdf => "pdf",
            FileKind::Docx => "docx",
            FileKind::Xlsx => "xlsx",
            FileKind::Doc => "doc",
            FileKind::Xls => "xls",
            FileKind::Jpeg => "jpg",
            FileKind::Png => "png",
            FileKind::Webp => "webp",
        }
    }

    pub fn from_content_type(content_type: &str) -> Option<FileKind> {
        FileKind::ALL.into_iter().find(|kind| kind.content_type() == content_type)
    }

    pub fn is_image(self) -> bool {
        matches!(self, FileKind::Jpeg | FileKind::Png | FileKind::Webp)
    }
}

/// Returns the type of a whole file held in memory, or `None` when it is not accepted.
pub fn sniff(bytes: &[u8]) -> Option<FileKind> {
    match sniff_head(bytes) {
        Sniffed::Kind(kind) => Some(kind),
        Sniffed::Ole(mut probe) => {
            probe.feed(0, bytes);
            probe.kind()
        }
        Sniffed::Unknown => None,
    }
}

/// Type evidence read from the first bytes of a file.
#[derive(Debug)]
enum Sniffed {
    Kind(FileKind),
    /// A Word or Excel 97–2003 file, or another OLE compound file (an installer, a
    /// PowerPoint deck): the directory further on decides.
    Ole(OleProbe),
    Unknown,
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fn sniff_head(head: &[u8]) -> Sniffed {
    if infer::archive::is_pdf(head) {
        Sniffed::Kind(FileKind::Pdf)
    } else if infer::image::is_jpeg(head) {
        Sniffed::Kind(FileKind::Jpeg)
    } else if infer::image::is_png(head) {
        Sniffed::Kind(FileKind::Png)
    } else if head.starts_with(b"RIFF") && infer::image::is_webp(head) {
        // `infer` checks only the `WEBP` tag at offset 8, not the RIFF container.
        Sniffed::Kind(FileKind::Webp)
    } else if infer::doc::is_docx(head) {
        Sniffed::Kind(FileKind::Docx)
    } else if infer::doc::is_xlsx(head) {
        Sniffed::Kind(FileKind::Xlsx)
    } else if head.starts_with(ZIP_MAGIC) {
        // `infer` only looks at the third entry, which misses Office files written by
        // other programs (rust_xlsxwriter puts `docProps/` first).
        zip_office_kind(head).map_or(Sniffed::Unknown, Sniffed::Kind)
    } else if head.starts_with(OLE_MAGIC) {
        OleProbe::from_header(head).map_or(Sniffed::Unknown, Sniffed::Ole)
    } else {
        Sniffed::Unknown
    }
}

/// Reads the names of the ZIP local file headers inside `head`. An entry under `word/`
/// makes a Word document and one under `xl/` an Excel workbook. Any other archive is
/// rejected.
fn zip_office_kind(head: &[u8]) -> Option<FileKind> {
    let mut start = 0;
    while let Some(found) = find(&head[start..], ZIP_MAGIC) {
        let header = start + found;
        start = header + ZIP_MAGIC.len();
        let Some(name_len) = head.get(header + 26..header + 28) else { break };
        let name_len = usize::from(u16::from_le_bytes([name_len[0], name_len[1]]));
        let name = &head[(header + 30).min(head.len())..(header + 30 + name_len).min(head.len())];
        if name.starts_with(b"word/") {
            return Some(FileKind::Docx);
        }
        if name.starts_with(b"xl/") {
            return Some(FileKind::Xlsx);
        }
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

/// Collects the first directory sector of an OLE compound file as it streams past.
/// The header gives its offset, which may lie anywhere in the file.
#[derive(Debug)]
struct OleProbe {
    offset: u64,
    bytes: Vec<u8>,
    len: usize,
}

/// Class ids of the root entry written by Word and Excel (two for Excel: 5.0 and 97).
const WORD_CLSID: [u8; 16] = clsid(0x0002_0906);
const EXCEL_CLSIDS: [[u8; 16]; 2] = [clsid(0x0002_0820), clsid(0x0002_0810)];

/// Lays out `{data1}-0000-0000-C000-000000000046`, the form of Microsoft's class ids,
/// as stored: `data1` little-endian, the last eight bytes as they are.
const fn clsid(data1: u32) -> [u8; 16] {
    let d = data1.to_le_bytes();
    [d[0], d[1], d[2], d[3], 0, 0, 0, 0, 0xC0, 0, 0, 0, 0, 0, 0, 0x46]
}

impl OleProbe {
    /// Reads the sector size and the first directory sector from the 512-byte header.
    fn from_header(head: &[u8]) -> Option<OleProbe> {
        let header = head.get(..512)?;
        let sector_shift = u16::from_le_bytes([header[0x1E], header[0x1F]]);
        if sector_shift != 9 && sector_shift != 12 {
            return None;
        }
        let first_directory = u32::from_le_bytes([header[0x30], header[0x31], header[0x32], header[0x33]]);
        // Values from 0xFFFFFFFA up mark free or end-of-chain sectors, not a location.
        if first_directory >= 0xFFFF_FFFA {
            return None;
        }
        let sector = 1u64 << sector_shift;
        Some(OleProbe { offset: (u64::from(first_directory) + 1) * sector, bytes: Vec::new(), len: sector as usize })
    }

    /// Keeps the part of `chunk`, found at `chunk_offset` in the file, that falls in the
    /// directory sector.
    fn feed(&mut self, chunk_offset: u64, chunk: &[u8]) {
        let end = self.offset + self.len as u64;
        let chunk_end = chunk_offset + chunk.len() as u64;
        let next_offset = self.offset + self.bytes.len() as u64;
        if self.bytes.len() == self.len || chunk_end <= next_offset || chunk_offset > next_offset {
            return;
        }
        let from = (next_offset - chunk_offset) as usize;
        let to = (end.min(chunk_end) - chunk_offset) as usize;
        self.bytes.extend_from_slice(&chunk[from..to]);
    }

    /// Decides from the root entry's class id, or else from the stream names in the
    /// sector: `WordDocument` for Word, `Workbook` (or `Book`, Excel 5) for Excel.
    /// Programs other than Office often leave the class id empty, hence the names.
    fn kind(&self) -> Option<FileKind> {
        if self.bytes.len() < self.len {
            return None;
        }
        let root_clsid = &self.bytes[0x50..0x60];
        if root_clsid == WORD_CLSID {
            return Some(FileKind::Doc);
        }
        if EXCEL_CLSIDS.iter().any(|id| root_clsid == id) {
            return Some(FileKind::Xls);
        }
        for entry in self.bytes.chunks_exact(128) {
            let name_bytes = usize::from(u16::from_le_bytes([entry[0x40], entry[0x41]])).min(64);
            let units: Vec<u16> =
                entry[..name_bytes].chunks_exact(2).map(|pair| u16::from_le_bytes([pair[0], pair[1]])).collect();
            let name = String::from_utf16_lossy(&units);
            match name.trim_end_matches('\0') {
                "WordDocument" => return Some(FileKind::Doc),
                "Workbook" | "Book" => return Some(FileKind::Xls),
                _ => {}
            }
        }
        None
    }
}

/// Reason an uploaded file was not stored.
#[derive(Debug, Error)]
pub enum IntakeError {
    #[error("file type not accepted")]
    Rejected,
    #[error("file larger than {limit_bytes} bytes")]
    TooLarge { limit_bytes: u64 },
    #[error("empty file")]
    Empty,
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// A file checked and stored under a generated key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFile {
    pub kind: FileKind,
    pub size_bytes: i64,
    /// SHA-256 of the content, lowercase hex.
    pub sha256: String,
    pub storage_key: String,
}

/// Streams one uploaded file into the store: holds back the first [`SNIFF_BYTES`]
/// until the type is known, stops at the size limit, and hashes on the way. Once the
/// type is accepted, at most one storage part is held in memory.
pub struct Intake {
    storage: Storage,
    limit_bytes: u64,
    key: String,
    size: u64,
    hasher: Sha256,
    phase: Phase,
}

enum Phase {
    Sniffing(Vec<u8>),
    Writing { writer: BlobWriter, pending: Pending },
    Failed,
}

enum Pending {
    Known(FileKind),
    Ole(OleProbe),
}

impl Intake {
    pub fn new(storage: &Storage, limit_bytes: u64) -> Intake {
        Intake {
            storage: storage.clone(),
            limit_bytes,
            key: Storage::generate_key(),
            size: 0,
            hasher: Sha256::new(),
            phase: Phase::Sniffing(Vec::new()),
        }
    }

    /// Adds the next bytes of the file. After an error nothing of the file is kept and
    /// further calls fail.
    pub async fn write(&mut self, chunk: &[u8]) -> Result<(), IntakeError> {
        let result = self.write_inner(chunk).await;
        if result.is_err() {
            self.abort_writer().await;
        }
        result
    }

    async fn write_inner(&mut self, chunk: &[u8]) -> Result<(), IntakeError> {
        let offset = self.size;
        self.size += chunk.len() as u64;
        if self.size > self.limit_bytes {
            return Err(IntakeError::TooLarge { limit_bytes: self.limit_bytes });
        }
        self.hasher.update(chunk);
        match &mut self.phase {
            Phase::Failed => Err(IntakeError::Rejected),
            Phase::Sniffing(head) => {
                head.extend_from_slice(chunk);
                if head.len() >= SNIFF_BYTES {
                    let head = std::mem::take(head);
                    self.start_writing(&head).await?;
                }
                Ok(())
            }
            Phase::Writing { writer, pending } => {
                if let Pending::Ole(probe) = pending {
                    probe.feed(offset, chunk);
                }
                writer.write(chunk).await?;
                Ok(())
            }
        }
    }

    /// Decides the type from the head and, when it is accepted, opens the writer.
    async fn start_writing(&mut self, head: &[u8]) -> Result<(), IntakeError> {
        self.phase = Phase::Failed;
        let pending = match sniff_head(head) {
            Sniffed::Kind(kind) => Pending::Known(kind),
            Sniffed::Ole(mut probe) => {
                probe.feed(0, head);
                Pending::Ole(probe)
            }
            Sniffed::Unknown => return Err(IntakeError::Rejected),
        };
        let mut writer = self.storage.writer(&self.key).await?;
        if let Err(error) = writer.write(head).await {
            discard(writer, &self.key).await;
            return Err(error.into());
        }
        self.phase = Phase::Writing { writer, pending };
        Ok(())
    }

    /// Completes the file. A file smaller than [`SNIFF_BYTES`] is stored in one write.
    pub async fn finish(mut self) -> Result<StoredFile, IntakeError> {
        let phase = std::mem::replace(&mut self.phase, Phase::Failed);
        let kind = match phase {
            Phase::Failed => return Err(IntakeError::Rejected),
            Phase::Sniffing(head) if head.is_empty() => return Err(IntakeError::Empty),
            Phase::Sniffing(head) => {
                let kind = sniff(&head).ok_or(IntakeError::Rejected)?;
                self.storage.put(&self.key, head).await?;
                kind
            }
            Phase::Writing { writer, pending } => {
                let kind = match pending {
                    Pending::Known(kind) => Some(kind),
                    Pending::Ole(probe) => probe.kind(),
                };
                let Some(kind) = kind else {
                    discard(writer, &self.key).await;
                    return Err(IntakeError::Rejected);
                };
                if let Err(error) = writer.finish().await {
                    // A failed completion may still have left the file behind.
                    let _ = self.storage.delete(&self.key).await;
                    return Err(error.into());
                }
                kind
            }
        };
        let size_bytes = i64::try_from(self.size).unwrap_or(i64::MAX);
        let sha256 = self.hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
        Ok(StoredFile { kind, size_bytes, sha256, storage_key: self.key })
    }

    /// Gives up on the file, discarding what was written.
    pub async fn abort(mut self) {
        self.abort_writer().await;
    }

    async fn abort_writer(&mut self) {
        if let Phase::Writing { writer, .. } = std::mem::replace(&mut self.phase, Phase::Failed) {
            discard(writer, &self.key).await;
        }
    }
}

async fn discard(writer: BlobWriter, key: &str) {
    if let Err(error) = writer.abort().await {
        warn!(%error, storage.key = key, "discarding a partly written file failed");
    }
}

/// Kind of record an attachment belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OwnerKind {
    Directive,
    Request,
    /// The signed scan of a report submission.
    Report,
    /// A photo of a lesson-study observation note: `owner_id` is the note and
    /// `owner_part` its activity.
    LessonNote,
    /// Lesson-study minutes sent to cluster boards: `owner_id` is the activity.
    LessonMinutes,
}

impl OwnerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OwnerKind::Directive => "directive",
            OwnerKind::Request => "request",
            OwnerKind::Report => "report",
            OwnerKind::LessonNote => "lesson_note",
            OwnerKind::LessonMinutes => "lesson_minutes",
        }
    }

    pub fn parse(text: &str) -> Option<OwnerKind> {
        match text {
            "directive" => Some(OwnerKind::Directive),
            "request" => Some(OwnerKind::Request),
            "report" => Some(OwnerKind::Report),
            "lesson_note" => Some(OwnerKind::LessonNote),
            "lesson_minutes" => Some(OwnerKind::LessonMinutes),
            _ => None,
        }
    }
}

/// An attachment to insert, after its file was stored.
#[derive(Debug, Clone)]
pub struct NewAttachment {
    pub province_code: String,
    pub owner_kind: OwnerKind,
    pub owner_id: i64,
    /// Directive version or request message id; `None` for a draft directive's files.
    pub owner_part: Option<i64>,
    /// The uploader's file name, NFC.
    pub file_name: String,
    pub file: StoredFile,
    pub uploaded_by: i64,
}

#[derive(Debug, Clone, Serialize, FromRow)]
pub struct Attachment {
    pub id: i64,
    pub province_code: String,
    /// `directive` or `request`, see [`OwnerKind`].
    pub owner_kind: String,
    pub owner_id: i64,
    pub owner_part: Option<i64>,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    #[serde(skip)]
    pub storage_key: String,
    pub uploaded_by: i64,
    pub uploaded_at: i64,
}

impl Attachment {
    pub fn owner(&self) -> Option<OwnerKind> {
        OwnerKind::parse(&self.owner_kind)
    }

    pub fn kind(&self) -> Option<FileKind> {
        FileKind::from_content_type(&self.content_type)
    }
}

const COLUMNS: &str = "id, province_code, owner_kind, owner_id, owner_part, file_name, content_type, size_bytes, \
                       sha256, storage_key, uploaded_by, uploaded_at";

/// Inserts an attachment, inside the caller's transaction when given one, and returns its id.
pub async fn insert<'e>(executor: impl Executor<'e, Database = Any>, new: &NewAttachment) -> DbResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO attachments (province_code, owner_kind, owner_id, owner_part, file_name, content_type, \
         size_bytes, sha256, storage_key, uploaded_by, uploaded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(new.province_code.clone())
    .bind(new.owner_kind.as_str())
    .bind(new.owner_id)
    .bind(new.owner_part)
    .bind(new.file_name.clone())
    .bind(new.file.kind.content_type())
    .bind(new.file.size_bytes)
    .bind(new.file.sha256.clone())
    .bind(new.file.storage_key.clone())
    .bind(new.uploaded_by)
    .bind(now_ms())
    .fetch_one(executor)
    .await?)
}

/// Lists the attachments of one directive or request in upload order.
pub async fn list(db: &Db, owner_kind: OwnerKind, owner_id: i64) -> DbResult<Vec<Attachment>> {
    let sql = format!("SELECT {COLUMNS} FROM attachments WHERE owner_kind = $1 AND owner_id = $2 ORDER BY id");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(owner_kind.as_str()).bind(owner_id).fetch_all(&db.pool).await?)
}

pub async fn get(db: &Db, id: i64) -> DbResult<Attachment> {
    let sql = format!("SELECT {COLUMNS} FROM attachments WHERE id = $1");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_one(&db.pool).await?)
}

/// Gives a draft's files (those without a part yet) the part they were published
/// with, such as the directive's first version. Returns how many it changed.
pub async fn assign_part<'e>(
    executor: impl Executor<'e, Database = Any>,
    owner_kind: OwnerKind,
    owner_id: i64,
    owner_part: i64,
) -> DbResult<u64> {
    let result = sqlx::query(
        "UPDATE attachments SET owner_part = $1 WHERE owner_kind = $2 AND owner_id = $3 AND owner_part IS NULL",
    )
    .bind(owner_part)
    .bind(owner_kind.as_str())
    .bind(owner_id)
    .execute(executor)
    .await?;
    Ok(result.rows_affected())
}

/// Deletes one attachment row and returns its storage key, so the caller can delete
/// the file once its transaction commits.
pub async fn delete<'e>(executor: impl Executor<'e, Database = Any>, id: i64) -> DbResult<String> {
    Ok(sqlx::query_scalar("DELETE FROM attachments WHERE id = $1 RETURNING storage_key")
        .bind(id)
        .fetch_one(executor)
        .await?)
}

#[cfg(test)]
mod tests;
