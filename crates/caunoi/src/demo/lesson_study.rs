//! Lesson study in the demo, on cluster 1's lesson study: registered teachers, a lesson
//! plan in two versions, a seating chart, notes from three observers, two analysis
//! forms and the organiser's summary. The summary is left open, so a newcomer can still
//! add a form and close it.

use caunoi_core::lesson_study::analysis::{Answer, Summary};
use caunoi_core::lesson_study::observation::{NoteInput, NoteTarget, NoteTime, Seat, SeatingChart};
use caunoi_core::lesson_study::plan::{LessonPlan, PlanActivity};
use caunoi_db::{Db, users};
use caunoi_db::activities::registrations::{self, NewRegistration};
use caunoi_db::lesson_study::{analysis, observation, plan};
use caunoi_db::now_ms;

/// The people of the demo's lesson study.
pub struct Group {
    pub activity: i64,
    pub coordinator: i64,
    /// The teacher who teaches the research lesson, and the school they work at.
    pub teacher: (i64, i64),
    /// Colleagues who observe, with their schools.
    pub observers: Vec<(i64, i64)>,
}

fn first_plan(teacher_name: &str) -> LessonPlan {
    let activity = |name: &str, objective: &str, content: &str, product: &str, organisation: &str| PlanActivity {
        name: name.into(),
        objective: objective.into(),
        content: content.into(),
        product: product.into(),
        organisation: organisation.into(),
    };
    LessonPlan {
        school: "Trường THCS trong Cụm 1".into(),
        subject_group: "Tổ Toán – Tin".into(),
        teacher: teacher_name.into(),
        title: "Hàm số bậc nhất y = ax + b".into(),
        subject: "Toán".into(),
        grade: "9".into(),
        periods: Some(1),
        knowledge: "Nhận biết hàm số bậc nhất; biết khi nào hàm số đồng biến, nghịch biến.".into(),
        competences: "Lập bảng giá trị, vẽ đồ thị; giải thích cách làm với bạn trong nhóm.".into(),
        qualities: "Chăm chỉ, trung thực khi báo cáo kết quả nhóm.".into(),
        equipment: "Phiếu học tập, bảng phụ, máy chiếu.".into(),
        activities: [
            activity("Giá cước taxi", "Thấy nhu cầu dùng hàm số để mô tả một tình huống.", "Tính tiền taxi theo số ki-lô-mét.", "Bảng tính tiền của mỗi nhóm.", "Giao phiếu; nhóm làm 5 phút; hai nhóm báo cáo."),
            activity("Hàm số bậc nhất là gì", "Nêu được định nghĩa và tính chất.", "Đọc SGK, so sánh các ví dụ.", "Định nghĩa do học sinh phát biểu.", "Cặp đôi thảo luận; giáo viên chốt."),
            activity("", "Nhận dạng hàm số bậc nhất.", "Bài tập 8, 9 SGK.", "Lời giải trên bảng phụ.", "Cá nhân làm, nhóm đối chiếu."),
            activity("", "Dùng hàm số mô tả chi phí thực tế.", "Tìm một tình huống chi phí trong gia đình.", "Báo cáo ngắn.", "Làm ở nhà, báo cáo tiết sau."),
        ],
    }
}

/// Seeds the lesson study of the demo's group.
pub async fn seed(db: &Db, group: &Group) -> anyhow::Result<()> {
    let (teacher, teacher_school) = group.teacher;
    for (user_id, school) in std::iter::once(group.teacher).chain(group.observers.iter().copied()) {
        let new = NewRegistration { activity_id: group.activity, user_id, school_id: Some(school), nominated_by: None, now: now_ms() };
        registrations::register(db, &new).await.map_err(|error| anyhow::anyhow!("demo lesson-study registration failed: {error:?}"))?;
    }
    tracing::debug!(school.id = teacher_school, "demo lesson-study teacher registered");

    let first = first_plan(&users::get(db, teacher).await?.full_name);
    plan::save(db, group.activity, 0, &first, "Bản đầu do ban điều phối cụm soạn", group.coordinator)
        .await
        .map_err(|error| anyhow::anyhow!("demo lesson plan failed: {error:?}"))?;
    let mut second = first.clone();
    second.periods = Some(2);
    second.activities[0].content = "Tính tiền taxi cho 1, 5 và 10 ki-lô-mét; dự đoán tiền cho 20 ki-lô-mét.".into();
    second.activities[2].name = "Luyện tập nhận dạng".into();
    plan::save(db, group.activity, 1, &second, "Thêm câu dự đoán và tách thành 2 tiết", teacher)
        .await
        .map_err(|error| anyhow::anyhow!("demo lesson plan failed: {error:?}"))?;

    let names = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khoa", "Lan", "Minh", "Ngọc", "Phúc", "Quân"];
    let seats = names
        .iter()
        .enumerate()
        .map(|(index, name)| {
            let index = i64::try_from(index).unwrap_or(0);
            Seat { row: index / 4 + 1, column: index % 4 + 1, student: (*name).to_owned(), group: format!("Nhóm {}", index / 4 + 1) }
        })
        .collect();
    observation::save_seating(db, group.activity, &SeatingChart { rows: 5, columns: 6, seats }).await?;

    let observer = group.observers.first().map_or(group.coordinator, |(id, _)| *id);
    let notes = [
        (group.coordinator, NoteTime::Clock(7 * 3600 + 42 * 60 + 10), NoteTarget::Group { name: "Nhóm 1".into() }, "Nhóm 1 chia việc ngay, An ghi kết quả."),
        (observer, NoteTime::Clock(7 * 3600 + 48 * 60 + 35), NoteTarget::Seat { row: 2, column: 2 }, "Hà chưa hiểu vì sao tiền taxi tăng đều; hỏi bạn Giang."),
        (observer, NoteTime::Lesson(21 * 60 + 5), NoteTarget::Group { name: "Nhóm 3".into() }, "Nhóm 3 lập bảng đúng nhưng chưa nêu được quy luật."),
        (group.coordinator, NoteTime::Lesson(33 * 60), NoteTarget::Seat { row: 3, column: 4 }, "Quân tự phát hiện hệ số a là tiền mỗi ki-lô-mét."),
    ];
    for (author, time, target, body) in notes {
        observation::add_note(db, group.activity, author, &NoteInput { time, target, body: body.into() }, &[]).await?;
    }

    let forms = [
        (group.coordinator, [("moet-1", "Chuỗi hoạt động dẫn dắt tốt từ tình huống taxi đến định nghĩa."), ("moet-10", "Phần lớn học sinh tham gia; nhóm 3 cần gợi ý thêm.")]),
        (observer, [("moet-6", "Giáo viên chưa kịp thấy Hà lúng túng ở phút thứ 8."), ("moet-12", "Kết quả các nhóm đúng, cách trình bày còn khác nhau.")]),
    ];
    for (author, comments) in forms {
        let answers: Vec<Answer> = comments.iter().map(|(key, comment)| Answer { criterion: (*key).into(), comment: (*comment).into(), rating: None }).collect();
        analysis::save_form(db, group.activity, author, &answers).await.map_err(|error| anyhow::anyhow!("demo analysis form failed: {error:?}"))?;
    }
    let summary = Summary {
        conclusions: "Tình huống taxi giúp học sinh thấy ý nghĩa của hàm số. Một số em chưa nối được bảng giá trị với công thức.".into(),
        lessons_to_apply: "Thêm câu hỏi gợi ý khi nhóm lập bảng; đi quan sát các nhóm sớm hơn trong 10 phút đầu.".into(),
        secretary: users::get(db, observer).await?.full_name,
    };
    analysis::save_summary(db, group.activity, &summary, group.coordinator).await.map_err(|error| anyhow::anyhow!("demo summary failed: {error:?}"))?;
    tracing::info!(activity.id = group.activity, "demo lesson study ready");
    Ok(())
}
