//! A recorded lesson in the demo: the core teacher of the first cluster's lesson study
//! uploads a ten-second test video, and the teacher and the coordinator comment on it
//! at exact moments. Its consent is pending, so only the uploader, the organisers and
//! those who attend the lesson may watch it.

use caunoi_core::activity::recording::CommentKind;
use caunoi_db::activities::registrations::{self, NewRegistration, RegisterError};
use caunoi_db::recordings::comments::{self, NewComment};
use caunoi_db::recordings::upload::PartWriter;
use caunoi_db::recordings::{self, NewRecording};
use caunoi_db::storage::Storage;
use caunoi_db::{Db, now_ms, users};

/// The test pattern video also used by the browser test (VP8 WebM, 160×120, 10 s).
const VIDEO: &[u8] = include_bytes!("../../../caunoi-web/tests/fixtures/lesson-10s.webm");

/// Comments of the demo: who, when (ms), kind, criterion number and text.
const COMMENTS: &[(&str, i64, CommentKind, &str, &str)] = &[
    ("cotcan", 1_250, CommentKind::Strength, "1", "Mở đầu bằng bài toán cước taxi gần gũi, học sinh hào hứng ngay."),
    ("dieuphoi", 4_480, CommentKind::Question, "9", "Nhóm bàn cuối đã hiểu yêu cầu lập bảng giá trị chưa?"),
    ("cotcan", 7_905, CommentKind::Suggestion, "11", "Có thể cho học sinh tự nêu cách nhận biết hàm số bậc nhất trước khi giáo viên chốt."),
];

pub async fn seed(db: &Db, storage: &Storage) -> anyhow::Result<()> {
    let Some(activity) = sqlx::query_scalar::<_, i64>("SELECT id FROM activities WHERE kind = 'lesson_study' ORDER BY id LIMIT 1")
        .fetch_optional(&db.pool)
        .await?
    else {
        return Ok(());
    };
    let teacher = users::id_by_username(db, "cotcan").await?;
    for username in ["cotcan", "giaovien"] {
        let user_id = users::id_by_username(db, username).await?;
        let new = NewRegistration { activity_id: activity, user_id, school_id: None, nominated_by: None, now: now_ms() };
        match registrations::register(db, &new).await {
            Ok(_) | Err(RegisterError::AlreadyActive(_)) => {}
            Err(error) => anyhow::bail!("demo lesson-study registration failed: {error:?}"),
        }
    }

    let new = NewRecording {
        activity_id: activity,
        title: "Video thử – tiết dạy nghiên cứu bài học: Hàm số bậc nhất (Toán 9)",
        file_name: "ham-so-bac-nhat.webm",
        size_bytes: VIDEO.len() as u64,
        uploaded_by: teacher,
    };
    let id = recordings::create(db, &new).await?;
    let recording = recordings::get(db, id).await?;
    let mut part = PartWriter::start(db, storage, &recording, 0, VIDEO.len() as u64).await?;
    part.write(VIDEO).await?;
    part.finish().await?;

    for (username, position_ms, kind, criterion, body) in COMMENTS {
        let author_id = users::id_by_username(db, username).await?;
        let comment = NewComment { recording_id: id, author_id, position_ms: *position_ms, kind: *kind, criterion, body };
        comments::add(db, &comment).await?;
    }
    Ok(())
}
