//! Feedback surveys in the demo, all on cluster 1. The past seminar's closed survey is
//! answered by its five attendees with varied answers, so its results show. A second
//! past workshop's closed survey has three answers, so its results stay hidden. An
//! action item from the seminar's results waits on the next semester's plan, and a
//! session two days ago has a survey still open for its attendees to answer.

use anyhow::Context;
use caunoi_core::activity::plan::Semester;
use caunoi_core::activity::{ActivityKind, Openness, Organiser, default_credit_minutes};
use caunoi_core::directive::Audience;
use caunoi_core::school_year::SchoolYear;
use caunoi_core::survey::{AnswerValue, default_questions, next_semester};
use caunoi_db::activities::{self, ActivityInput, attendance};
use caunoi_db::surveys::action_items::{self, NewActionItem};
use caunoi_db::surveys::{self, SurveySettings, answers, templates};
use caunoi_db::{Db, users};

use super::PROVINCE;
use super::activities::SEMINAR_TITLE;

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

/// The seminar's five answers: four ratings and the two open answers.
const SEMINAR_ANSWERS: [([i64; 4], &str, &str); 5] = [
    ([5, 4, 5, 4], "Các ví dụ về đề kiểm tra theo ma trận rất sát thực tế.", "Nên có thêm thời gian thực hành xây dựng đề."),
    ([4, 4, 3, 4], "Phần trao đổi về rubric đánh giá bài viết.", ""),
    ([5, 5, 4, 5], "Được xem đề minh họa của các trường bạn.", "Gửi tài liệu trước buổi sinh hoạt để chuẩn bị."),
    ([3, 4, 2, 3], "", "Buổi sáng hơi dài, nên chia thành hai buổi."),
    ([4, 3, 4, 4], "Cách ra câu hỏi theo mức độ nhận thức.", "Nên có thêm thời gian thực hành xây dựng đề."),
];

/// Title of the recent session whose survey is still open.
const OPEN_TITLE: &str = "Trao đổi kinh nghiệm tổ chức hoạt động trải nghiệm cho học sinh";
/// Title of the second past activity, whose survey stays under five answers.
const SMALL_TITLE: &str = "Sinh hoạt chuyên đề: Dạy học STEM trong môn Khoa học tự nhiên";

fn answer_values(points: [i64; 4], useful: &str, proposal: &str) -> Vec<Option<AnswerValue>> {
    let open = |text: &str| (!text.is_empty()).then(|| AnswerValue::Open(text.to_owned()));
    let mut values: Vec<Option<AnswerValue>> = points.iter().map(|point| Some(AnswerValue::Rating(*point))).collect();
    values.push(open(useful));
    values.push(open(proposal));
    values
}

/// Seeds the surveys of cluster 1 of school year `year`.
pub async fn seed(db: &Db, year: SchoolYear) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let (seminar, cluster, starts_at, ends_at): (i64, i64, i64, i64) =
        sqlx::query_as("SELECT id, cluster_id, starts_at, ends_at FROM activities WHERE title = $1 AND province_code = $2")
            .bind(SEMINAR_TITLE)
            .bind(PROVINCE)
            .fetch_one(&db.pool)
            .await
            .context("the demo seminar is missing")?;
    let coordinator = users::id_by_username(db, "dieuphoi").await.context("the demo coordinator is missing")?;
    templates::ensure_default(db, PROVINCE).await?;
    let template = templates::list(db, PROVINCE).await?.into_iter().next().context("the default template is missing")?;

    // The seminar's survey: open for five days after it, answered by its five attendees.
    let settings = SurveySettings { opens_at: ends_at, closes_at: ends_at + 5 * DAY, anonymous: true };
    let survey = surveys::attach(db, seminar, Some(template.id), &template.questions(), &settings, coordinator).await?;
    let attendees: Vec<i64> = attendance::list(db, seminar).await?.into_iter().map(|attendee| attendee.user_id).collect();
    for (user_id, (points, useful, proposal)) in attendees.iter().zip(SEMINAR_ANSWERS) {
        answers::answer(db, survey, *user_id, &answer_values(points, useful, proposal), ends_at + HOUR)
            .await
            .map_err(|error| anyhow::anyhow!("saving a demo survey answer failed: {error:?}"))?;
    }

    // A second past workshop of the same cluster, whose survey three people answered.
    let small_starts = starts_at - 7 * DAY;
    let input = ActivityInput {
        kind: ActivityKind::ThematicWorkshop,
        title: SMALL_TITLE.into(),
        description: String::new(),
        subjects: vec!["Khoa học tự nhiên".into()],
        levels: vec!["lower_secondary".into()],
        grades: vec![8],
        presenters: "Thầy Nguyễn Văn Minh".into(),
        place_school_id: None,
        place_address: String::new(),
        meeting_url: "https://meet.google.com/stm-demo-khtn".into(),
        starts_at: small_starts,
        ends_at: small_starts + 2 * HOUR,
        capacity: None,
        registration_deadline: None,
        credit_minutes: default_credit_minutes(small_starts, small_starts + 2 * HOUR),
        openness: Openness::Audience,
        audience: Audience { clusters: vec![cluster], ..Audience::default() },
        plan_item_id: None,
    };
    let small = activities::create(db, PROVINCE, Organiser::Cluster(cluster), &input, &attendance::new_code(), coordinator).await?;
    activities::publish(db, small, &year.to_string()).await?;
    let present: Vec<i64> = attendees.iter().take(3).copied().collect();
    attendance::mark(db, small, &present, &[], coordinator).await?;
    let small_end = small_starts + 2 * HOUR;
    let settings = SurveySettings { opens_at: small_end, closes_at: small_end + 3 * DAY, anonymous: true };
    let small_survey = surveys::attach(db, small, Some(template.id), &default_questions(), &settings, coordinator).await?;
    for (index, user_id) in present.iter().enumerate() {
        let points = [4, 5 - index as i64, 4, 3 + index as i64];
        answers::answer(db, small_survey, *user_id, &answer_values(points, "Thí nghiệm trực quan.", ""), small_end + HOUR)
            .await
            .map_err(|error| anyhow::anyhow!("saving a demo survey answer failed: {error:?}"))?;
    }

    // An experience-sharing session two days ago whose survey is still open, so that
    // `giaovien` can answer it.
    let sharing_starts = caunoi_db::now_ms() - 2 * DAY;
    let sharing = ActivityInput {
        kind: ActivityKind::ExperienceSharing,
        title: OPEN_TITLE.into(),
        subjects: vec!["Hoạt động trải nghiệm, hướng nghiệp".into()],
        presenters: "Cô Trần Thị Hoa".into(),
        starts_at: sharing_starts,
        ends_at: sharing_starts + 2 * HOUR,
        credit_minutes: default_credit_minutes(sharing_starts, sharing_starts + 2 * HOUR),
        grades: Vec::new(),
        ..input
    };
    let open_activity = activities::create(db, PROVINCE, Organiser::Cluster(cluster), &sharing, &attendance::new_code(), coordinator).await?;
    activities::publish(db, open_activity, &year.to_string()).await?;
    attendance::mark(db, open_activity, &attendees, &[], coordinator).await?;
    let settings = SurveySettings { opens_at: sharing_starts + 2 * HOUR, closes_at: sharing_starts + 7 * DAY, anonymous: true };
    surveys::attach(db, open_activity, Some(template.id), &template.questions(), &settings, coordinator).await?;

    // The board's finding from the seminar, on the plan of the next semester.
    let (target_year, target_semester) = match Semester::containing(caunoi_web::i18n::today()) {
        (today_year, semester) if today_year == year => next_semester(year, semester),
        _ => (year, Semester::Second),
    };
    let item = NewActionItem {
        cluster_id: cluster,
        province: PROVINCE.into(),
        survey_id: Some(survey),
        text: "Tổ chức buổi thực hành xây dựng ma trận và đề kiểm tra môn Ngữ văn".into(),
        owner: "Tổ trưởng chuyên môn Ngữ văn các trường".into(),
        target_year,
        target_semester,
    };
    action_items::create(db, &item, coordinator).await?;
    tracing::info!(demo.surveys = 3, demo.elapsed_ms = started.elapsed().as_millis() as u64, "demo surveys ready");
    Ok(())
}
