//! Directives and requests of the demo: a few invented documents sent by the department
//! and by cluster 1, with schools of clusters 1 and 2 at every stage of reading and
//! acknowledging, and requests at every stage of handling.

use caunoi_core::directive::{Audience, DirectiveKind};
use caunoi_core::org::{Role, SchoolLevel};
use caunoi_core::school_year::SchoolYear;
use caunoi_db::directives::{self, DirectiveInput, inbox};
use caunoi_core::request_status::{FIRST_ANSWER_WORKING_DAYS, Side};
use caunoi_db::requests::{self, NewReply, NewRequest, RequestCategory};
use caunoi_db::{Db, clusters, schools, users};

use caunoi_web::i18n::Locale;

use super::PROVINCE;
use super::names::Rng;

const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 24 * HOUR_MS;

/// One invented directive of the demo.
struct DemoDirective {
    kind: DirectiveKind,
    number: &'static str,
    title: &'static str,
    summary: &'static str,
    body: &'static str,
    /// Deadline relative to now; negative for one already passed.
    deadline_days: Option<i64>,
    levels: Vec<SchoolLevel>,
    /// Indexes into the year's clusters; empty for the whole province.
    clusters: Vec<usize>,
    /// Sent by the board of this cluster index rather than the department.
    sender_cluster: Option<usize>,
    /// Percent of receiving schools (of clusters 1 and 2) that read it, and that acknowledge.
    read_percent: u64,
    ack_percent: u64,
}

fn plan() -> Vec<DemoDirective> {
    vec![
        DemoDirective {
            kind: DirectiveKind::Guidance,
            number: "3456/SGDĐT-GDTrH",
            title: "Hướng dẫn thực hiện nhiệm vụ giáo dục trung học năm học",
            summary: "Kế hoạch dạy học, kiểm tra đánh giá và sinh hoạt chuyên môn theo cụm của các trường THCS, THPT.",
            body: "Các trường xây dựng kế hoạch giáo dục nhà trường, tổ chức sinh hoạt chuyên môn theo nghiên cứu bài học và báo cáo về cụm chuyên môn trước hạn.\n\nBan điều phối cụm tổng hợp khó khăn, vướng mắc của các trường và gửi về Sở.",
            deadline_days: Some(5),
            levels: vec![SchoolLevel::LowerSecondary, SchoolLevel::UpperSecondary],
            clusters: Vec::new(),
            sender_cluster: None,
            read_percent: 70,
            ack_percent: 45,
        },
        DemoDirective {
            kind: DirectiveKind::Plan,
            number: "512/KH-SGDĐT",
            title: "Kế hoạch tổ chức hội thảo chuyên đề đổi mới kiểm tra, đánh giá ở tiểu học",
            summary: "Mỗi cụm tổ chức một hội thảo chuyên đề và gửi biên bản về Sở.",
            body: "Các trường tiểu học cử cán bộ quản lý và giáo viên cốt cán tham dự hội thảo của cụm.",
            deadline_days: Some(-2),
            levels: vec![SchoolLevel::Primary],
            clusters: vec![0, 1],
            sender_cluster: None,
            read_percent: 80,
            ack_percent: 60,
        },
        DemoDirective {
            kind: DirectiveKind::Notice,
            number: "12/TB-CM1",
            title: "Lịch sinh hoạt chuyên môn cụm tháng này",
            summary: "Lịch các buổi sinh hoạt chuyên môn, dạy minh họa và dự giờ của cụm 1.",
            body: "Các trường đăng ký tiết dạy minh họa với Ban điều phối cụm.",
            deadline_days: None,
            levels: Vec::new(),
            clusters: vec![0],
            sender_cluster: Some(0),
            read_percent: 50,
            ack_percent: 20,
        },
    ]
}

/// Publishes the demo directives and simulates the schools' reading and acknowledging.
pub async fn seed(db: &Db, year: SchoolYear) -> anyhow::Result<()> {
    let year = year.to_string();
    let year_clusters = clusters::list(db, PROVINCE, &year).await?;
    let specialist = users::id_by_username(db, "chuyenvien").await?;
    let coordinator = users::id_by_username(db, "dieuphoi").await?;
    let mut rng = Rng::new(7);
    let now = caunoi_db::now_ms();
    for item in plan() {
        let cluster = item.sender_cluster.map(|index| year_clusters[index].id);
        let audience = Audience {
            everyone: true,
            clusters: item.clusters.iter().map(|index| year_clusters[*index].id).collect(),
            levels: item.levels.clone(),
            roles: vec![Role::CoreTeacher],
            ..Audience::default()
        };
        let input = DirectiveInput {
            kind: item.kind,
            number_symbol: item.number.into(),
            issuing_body: match cluster {
                Some(_) => format!("Ban điều phối {}", year_clusters[0].name),
                None => "Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh".into(),
            },
            signer: "Nguyễn Văn Minh".into(),
            issued_on: Some(caunoi_web::i18n::today()),
            title: item.title.into(),
            summary: item.summary.into(),
            body: item.body.into(),
            ack_deadline: item.deadline_days.map(|days| now + days * DAY_MS),
            remind_before_min: 24 * 60,
            audience,
        };
        let sender = if cluster.is_some() { coordinator } else { specialist };
        let id = directives::create_draft(db, PROVINCE, cluster, &input, sender).await?;
        directives::mark_generated(db, id).await?;
        directives::publish(db, id, sender, &year).await?;
        simulate_receipts(db, id, &year_clusters[..2], &item, &mut rng).await?;
        if item.number.starts_with("3456") {
            seed_requests(db, id).await?;
        }
    }
    Ok(())
}

/// Requests of the demo school leader's school at three stages: answered by the
/// cluster, escalated to the department, and still open.
async fn seed_requests(db: &Db, directive: i64) -> anyhow::Result<()> {
    let leader = users::id_by_username(db, "hieutruong").await?;
    let coordinator = users::id_by_username(db, "dieuphoi").await?;
    let school = users::facts(db, leader).await?.schools.first().map(|s| s.id).expect("the demo leader has a school");
    let today = caunoi_web::i18n::today();
    let plan = [
        (RequestCategory::Curriculum, "Bố trí thời lượng dạy học môn Tin học lớp 10", "Nhà trường thiếu phòng máy nên xin hướng dẫn cách bố trí thời lượng thực hành.", Some(directive)),
        (RequestCategory::Assessment, "Hình thức kiểm tra giữa kỳ môn Giáo dục thể chất", "Xin hướng dẫn hình thức đánh giá bằng nhận xét cho học sinh được miễn thực hành.", Some(directive)),
        (RequestCategory::Facilities, "Thiếu thiết bị dạy học môn Vật lí", "Nhà trường đề nghị cụm hỗ trợ mượn thiết bị thí nghiệm cho các tiết dạy minh họa.", None),
    ];
    for (step, (category, title, body, directive_id)) in plan.into_iter().enumerate() {
        let new = NewRequest {
            school_id: school,
            category,
            category_label: Locale::Vi.tp("request-category", category.as_str()),
            title: title.into(),
            body: body.into(),
            directive_id,
            created_by: leader,
            today,
            answer_within_days: FIRST_ANSWER_WORKING_DAYS,
        };
        let id = requests::raise(db, &new, &[]).await?;
        requests::mark_generated(db, id).await?;
        match step {
            0 => {
                let answer = "Nhà trường bố trí học lý thuyết trên lớp và thực hành luân phiên theo nhóm tại phòng máy.";
                let reply = NewReply { author: coordinator, side: Side::Handler, body: answer, marks_answer: true, files: &[] };
                requests::reply(db, id, &reply).await?;
            }
            1 => requests::escalate(db, id, coordinator, "Nội dung thuộc thẩm quyền hướng dẫn của Sở.").await?,
            _ => {}
        }
    }
    Ok(())
}

/// Has the leaders of some receiving schools of the first two clusters open and
/// acknowledge a directive, in the proportions the plan gives.
async fn simulate_receipts(
    db: &Db,
    id: i64,
    year_clusters: &[clusters::Cluster],
    item: &DemoDirective,
    rng: &mut Rng,
) -> anyhow::Result<()> {
    let received = directives::recipient_schools(db, id).await?;
    let in_clusters = received.into_iter().filter(|(_, cluster)| cluster.is_some_and(|c| year_clusters.iter().any(|k| k.id == c)));
    for (school_id, _) in in_clusters {
        let roll = rng.below(100);
        if roll >= item.read_percent {
            continue;
        }
        let Some(leader) = schools::staff(db, school_id)
            .await?
            .into_iter()
            .find(|member| member.roles.split(',').any(|role| role == Role::SchoolLeader.as_str()))
        else {
            continue;
        };
        if roll < item.ack_percent {
            let note = (roll % 3 == 0).then_some("Nhà trường đã triển khai đến tổ chuyên môn.");
            inbox::acknowledge(db, id, school_id, leader.user_id, note).await?;
        } else {
            inbox::mark_read(db, id, school_id, leader.user_id).await?;
        }
    }
    Ok(())
}
