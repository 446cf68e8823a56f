//! Blob storage for uploaded files: an `object_store` backend, a directory on the local
//! disk by default, addressed by keys this module generates. A client's file name never
//! becomes part of a key, so it cannot pick or overwrite a path.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::Datelike;
use object_store::local::LocalFileSystem;
use object_store::memory::InMemory;
use object_store::path::Path as StorePath;
use object_store::{GetOptions, GetRange, GetResult, ObjectStore, ObjectStoreExt, WriteMultipart};
use rand::RngCore;
use thiserror::Error;

pub use object_store;

/// Size of one part of a streamed write, which is also the maximum a write keeps in
/// memory before passing bytes to the store.
const LOCAL_PART_BYTES: usize = 1024 * 1024;

/// S3-compatible stores reject parts under 5 MiB except the last one.
pub const S3_MIN_PART_BYTES: usize = 5 * 1024 * 1024;

#[derive(Debug, Error)]
pub enum StorageError {
    #[error("cannot create the file directory {path}: {source}")]
    CreateDir { path: PathBuf, source: std::io::Error },
    #[error("stored file {0} not found")]
    NotFound(String),
    #[error("file store failed: {0}")]
    Store(object_store::Error),
}

impl From<object_store::Error> for StorageError {
    fn from(error: object_store::Error) -> Self {
        match error {
            object_store::Error::NotFound { path, .. } => StorageError::NotFound(path),
            other => StorageError::Store(other),
        }
    }
}

/// The object store holding every uploaded file, cheap to clone.
#[derive(Clone)]
pub struct Storage {
    store: Arc<dyn ObjectStore>,
    part_bytes: usize,
}

impl fmt::Debug for Storage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Storage({})", self.store)
    }
}

impl Storage {
    /// Opens a store in the directory `root`, creating it when missing. Writes are
    /// synced to disk before they count as done, like the SQLite database beside it.
    pub fn local(root: &Path) -> Result<Storage, StorageError> {
        std::fs::create_dir_all(root).map_err(|source| StorageError::CreateDir { path: root.to_owned(), source })?;
        let store = LocalFileSystem::new_with_prefix(root)?.with_automatic_cleanup(true).with_fsync(true);
        Ok(Storage::new(Arc::new(store), LOCAL_PART_BYTES))
    }

    /// Wraps any object store. `part_bytes` is the size of the parts of a streamed
    /// write; remote stores such as S3 need at least [`S3_MIN_PART_BYTES`].
    pub fn new(store: Arc<dyn ObjectStore>, part_bytes: usize) -> Storage {
        Storage { store, part_bytes: part_bytes.max(64 * 1024) }
    }

    /// Opens an S3-compatible bucket, such as `s3://caunoi-files`. Credentials, region
    /// and endpoint come from the standard `AWS_*` environment variables
    /// (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`, `AWS_ENDPOINT`, and
    /// `AWS_ALLOW_HTTP=true` for an endpoint without TLS).
    #[cfg(feature = "s3")]
    pub fn s3(url: &str) -> Result<Storage, StorageError> {
        let store = object_store::aws::AmazonS3Builder::from_env().with_url(url).build()?;
        Ok(Storage::new(Arc::new(store), S3_MIN_PART_BYTES))
    }

    /// Creates a store in memory, for tests.
    pub fn in_memory() -> Storage {
        Storage::new(Arc::new(InMemory::new()), LOCAL_PART_BYTES)
    }

    /// Generates a fresh key `<yyyy>/<mm>/<32 hex digits>`: the month keeps directories
    /// small, and 128 random bits make a collision practically impossible.
    pub fn generate_key() -> String {
        let now = chrono::Utc::now();
        let mut random = [0u8; 16];
        rand::rng().fill_bytes(&mut random);
        let hex: String = random.iter().map(|b| format!("{b:02x}")).collect();
        format!("{:04}/{:02}/{hex}", now.year(), now.month())
    }

    /// Starts a streamed write under `key`. Nothing is visible under the key until
    /// [`BlobWriter::finish`] succeeds.
    pub async fn writer(&self, key: &str) -> Result<BlobWriter, StorageError> {
        let upload = self.store.put_multipart(&location(key)).await?;
        Ok(BlobWriter { upload: WriteMultipart::new_with_chunk_size(upload, self.part_bytes) })
    }

    /// Stores a small file in one write.
    pub async fn put(&self, key: &str, bytes: Vec<u8>) -> Result<(), StorageError> {
        self.store.put(&location(key), bytes.into()).await?;
        Ok(())
    }

    /// Opens a stored file, or the byte range `range` of it, for streaming.
    pub async fn get(&self, key: &str, range: Option<Range<u64>>) -> Result<Blob, StorageError> {
        let options = GetOptions { range: range.map(GetRange::Bounded), ..GetOptions::default() };
        let body = self.store.get_opts(&location(key), options).await?;
        Ok(Blob { size: body.meta.size, range: body.range.clone(), body })
    }

    /// Deletes a stored file. Deleting a missing file succeeds, so cleanup can be retried.
    pub async fn delete(&self, key: &str) -> Result<(), StorageError> {
        match self.store.delete(&location(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(error) => Err(error.into()),
        }
    }
}

fn location(key: &str) -> StorePath {
    StorePath::from(key)
}

/// A file being written in parts. Dropping it without [`BlobWriter::finish`] leaves
/// nothing under the key; [`BlobWriter::abort`] also cleans up a remote store's parts.
pub struct BlobWriter {
    upload: WriteMultipart,
}

impl BlobWriter {
    /// Appends bytes, waiting while an earlier part is still being written so that
    /// at most one part is buffered.
    pub async fn write(&mut self, bytes: &[u8]) -> Result<(), StorageError> {
        self.upload.wait_for_capacity(1).await?;
        self.upload.write(bytes);
        Ok(())
    }

    /// Writes the last part and makes the file visible under its key.
    pub async fn finish(self) -> Result<(), StorageError> {
        self.upload.finish().await?;
        Ok(())
    }

    /// Discards what was written.
    pub async fn abort(self) -> Result<(), StorageError> {
        self.upload.abort().await?;
        Ok(())
    }
}

/// A stored file opened for reading.
pub struct Blob {
    /// Size of the whole file, in bytes.
    pub size: u64,
    /// The bytes `body` streams.
    pub range: Range<u64>,
    /// Stream it with `body.into_stream()`.
    pub body: GetResult,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_has_month_and_random_part() {
        let key = Storage::generate_key();
        let parts: Vec<&str> = key.split('/').collect();

        assert_eq!(parts.len(), 3, "{key}");
        assert_eq!(parts[0].len(), 4, "{key}");
        assert_eq!(parts[1].len(), 2, "{key}");
        assert_eq!(parts[2].len(), 32, "{key}");
        assert!(parts[2].chars().all(|c| c.is_ascii_hexdigit()), "{key}");
        assert_ne!(key, Storage::generate_key());
    }

    #[tokio::test]
    async fn local_write_read_range_delete() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let storage = Storage::local(&dir.path().join("files")).expect("store");
        let key = Storage::generate_key();
        let content: Vec<u8> = (0..3 * LOCAL_PART_BYTES + 10).map(|i| (i % 251) as u8).collect();

        let mut writer = storage.writer(&key).await.expect("writer");
        for chunk in content.chunks(8 * 1024) {
            writer.write(chunk).await.expect("write");
        }
        writer.finish().await.expect("finish");

        let whole = storage.get(&key, None).await.expect("get");
        assert_eq!(whole.size, content.len() as u64);
        assert_eq!(whole.body.bytes().await.expect("bytes").as_ref(), content.as_slice());
        let part = storage.get(&key, Some(10..20)).await.expect("range");
        assert_eq!(part.range, 10..20);
        assert_eq!(part.body.bytes().await.expect("bytes").as_ref(), &content[10..20]);

        storage.delete(&key).await.expect("delete");
        assert!(matches!(storage.get(&key, None).await, Err(StorageError::NotFound(_))));
        storage.delete(&key).await.expect("deleting twice succeeds");
    }

    #[tokio::test]
    async fn abort_leaves_nothing() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let storage = Storage::local(dir.path()).expect("store");
        let key = Storage::generate_key();

        let mut writer = storage.writer(&key).await.expect("writer");
        writer.write(&[1; 2 * LOCAL_PART_BYTES]).await.expect("write");
        writer.abort().await.expect("abort");

        assert!(matches!(storage.get(&key, None).await, Err(StorageError::NotFound(_))));
        let leftovers = walk_files(dir.path());
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    fn walk_files(dir: &Path) -> Vec<PathBuf> {
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                files.extend(walk_files(&path));
            } else {
                files.push(path);
            }
        }
        files
    }
}
