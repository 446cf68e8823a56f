//! The minutes (biên bản) of a lesson study as a Word document, in the usual layout of
//! Vietnamese administrative documents. The organiser's name and
//! the national motto stand side by side above the place and date line and the title.
//! Then come the session's time and place, participants, the lesson, the observation,
//! the analysis per criterion, the conclusions and the signatures of the chair and the
//! secretary. The text is Vietnamese whatever the reader's language, because the
//! document is filed.

use std::io::Cursor;

use caunoi_db::activities::attendance;
use caunoi_db::lesson_study::{self as repo, analysis, observation, plan};
use caunoi_db::{provinces, users};
use chrono::{DateTime, Datelike, Utc};
use docx_rs::{AlignmentType, Docx, Paragraph, Run, RunFonts, Table, TableCell, TableRow, WidthType};

use super::Lesson;
use super::observation::{target_label, time_label};
use crate::error::AppResult;
use crate::i18n::{self, FluentArg, Locale, vietnam_offset};
use crate::pages::activities::{organiser_name, school_name};
use crate::state::AppState;

/// Everything the minutes print, already in Vietnamese.
#[derive(Debug, Clone, Default)]
pub struct MinutesData {
    pub organiser: String,
    /// `Thành phố Hồ Chí Minh, ngày 05 tháng 12 năm 2026`.
    pub place_date: String,
    pub starts: String,
    pub ends: String,
    pub place: String,
    pub participants: Vec<String>,
    pub chair: String,
    pub secretary: String,
    pub lesson_lines: Vec<String>,
    pub observation_lines: Vec<String>,
    /// Each criterion and its comments (`author: comment`).
    pub analysis: Vec<(String, Vec<String>)>,
    pub conclusions: String,
    pub lessons_to_apply: String,
}

/// Writes `ngày dd tháng mm năm yyyy` for an instant, in Vietnam time.
pub fn vietnamese_date(ms: i64) -> String {
    let date = DateTime::<Utc>::from_timestamp_millis(ms).unwrap_or_default().with_timezone(&vietnam_offset()).date_naive();
    Locale::Vi.t_args(
        "ls-minutes-date",
        &[
            ("day", FluentArg::Text(format!("{:02}", date.day()))),
            ("month", FluentArg::Text(format!("{:02}", date.month()))),
            ("year", FluentArg::Text(date.year().to_string())),
        ],
    )
}

impl MinutesData {
    /// Gathers the minutes of a lesson study from the stored records.
    pub async fn load(state: &AppState, lesson: &Lesson) -> AppResult<MinutesData> {
        let locale = Locale::Vi;
        let db = &state.db;
        let activity = &lesson.activity;
        let study = repo::get(db, activity.id).await?;
        let province = provinces::get(db, &activity.province_code).await?;
        let place = match activity.place_school_id {
            Some(id) => school_name(db, id).await?,
            None if !activity.place_address.is_empty() => activity.place_address.clone(),
            None => activity.meeting_url.clone(),
        };
        let participants: Vec<String> = attendance::list(db, activity.id).await?.into_iter().map(|a| a.full_name).collect();
        let chair = match study.summary_by {
            Some(id) => users::get(db, id).await?.full_name,
            None => String::new(),
        };

        let mut lesson_lines = Vec::new();
        if let Some(version) = plan::latest(db, activity.id).await? {
            let p = &version.plan;
            let line = |id: &str, value: &str| (!value.is_empty()).then(|| format!("{}: {value}", locale.t(id)));
            lesson_lines.extend(
                [
                    line("ls-field-title", &p.title),
                    line("ls-field-subject", &p.subject),
                    line("ls-field-grade", &p.grade),
                    line("ls-field-teacher", &p.teacher),
                    line("ls-field-periods", &p.periods.map(|n| n.to_string()).unwrap_or_default()),
                ]
                .into_iter()
                .flatten(),
            );
            lesson_lines.push(super::plan::version_line(locale, &version));
        } else {
            lesson_lines.push(locale.t("ls-plan-none"));
        }

        let notes = observation::notes(db, activity.id).await?;
        let observation_lines = if notes.is_empty() {
            vec![locale.t("ls-minutes-no-notes")]
        } else {
            notes
                .iter()
                .map(|note| format!("{} – {}: {} ({})", time_label(locale, note.time()), target_label(locale, &note.target(), &study.seating), note.body, note.author_name))
                .collect()
        };

        let forms = analysis::forms(db, activity.id).await?;
        let analysis = study
            .criteria
            .iter()
            .map(|criterion| {
                let comments = forms
                    .iter()
                    .filter_map(|form| {
                        let answer = form.answers.iter().find(|a| a.criterion == criterion.key && (!a.comment.is_empty() || a.rating.is_some()))?;
                        let rating = answer.rating.map(|r| format!(" ({})", locale.t1("ls-rating-value", "rating", &r.to_string()))).unwrap_or_default();
                        Some(format!("{}: {}{rating}", form.author_name, answer.comment))
                    })
                    .collect();
                (criterion.text.clone(), comments)
            })
            .collect();

        Ok(MinutesData {
            organiser: organiser_name(db, locale, activity).await?,
            place_date: format!("{}, {}", province.name, vietnamese_date(activity.starts_at)),
            starts: i18n::datetime(activity.starts_at),
            ends: i18n::datetime(activity.ends_at),
            place,
            participants,
            chair,
            lesson_lines,
            observation_lines,
            analysis,
            conclusions: study.summary.conclusions,
            lessons_to_apply: study.summary.lessons_to_apply,
            secretary: study.summary.secretary,
        })
    }
}

/// Body font size in half-points (13 pt, Times New Roman). NOTE: chosen as the size
/// most Vietnamese official documents use, not checked against Decree 30/2020/NĐ-CP.
const BODY_SIZE: usize = 26;

fn text(value: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(value).size(BODY_SIZE))
}

fn bold(value: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(value).bold().size(BODY_SIZE))
}

fn centred(paragraph: Paragraph) -> Paragraph {
    paragraph.align(AlignmentType::Center)
}

/// Adds text with line breaks as one paragraph per line.
fn lines(mut doc: Docx, value: &str) -> Docx {
    for line in value.lines() {
        doc = doc.add_paragraph(text(line));
    }
    doc
}

fn cell(paragraphs: Vec<Paragraph>, width: usize) -> TableCell {
    paragraphs.into_iter().fold(TableCell::new().width(width, WidthType::Dxa), TableCell::add_paragraph)
}

/// Writes the minutes as a .docx file.
pub fn minutes(data: &MinutesData) -> Result<Vec<u8>, String> {
    let t = |id: &str| Locale::Vi.t(id);
    let header = Table::without_borders(vec![TableRow::new(vec![
        cell(vec![centred(bold(&data.organiser.to_uppercase()))], 3_800),
        cell(vec![centred(bold(&t("ls-minutes-motto-1"))), centred(bold(&t("ls-minutes-motto-2")))], 5_600),
    ])]);
    let mut doc = Docx::new()
        .default_fonts(RunFonts::new().ascii("Times New Roman").hi_ansi("Times New Roman").cs("Times New Roman"))
        .default_size(BODY_SIZE)
        .add_table(header)
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text(&data.place_date).italic().size(BODY_SIZE)).align(AlignmentType::Right))
        .add_paragraph(centred(bold(&t("ls-minutes-title"))))
        .add_paragraph(bold(&t("ls-minutes-section-time")))
        .add_paragraph(text(&format!("{}: {} – {}", t("ls-minutes-time"), data.starts, data.ends)))
        .add_paragraph(text(&format!("{}: {}", t("ls-minutes-place"), data.place)))
        .add_paragraph(bold(&t("ls-minutes-section-participants")));
    if data.participants.is_empty() {
        doc = doc.add_paragraph(text(&t("ls-minutes-no-participants")));
    }
    for (index, name) in data.participants.iter().enumerate() {
        doc = doc.add_paragraph(text(&format!("{}. {name}", index + 1)));
    }
    doc = doc.add_paragraph(bold(&t("ls-minutes-section-lesson")));
    for line in &data.lesson_lines {
        doc = doc.add_paragraph(text(line));
    }
    doc = doc.add_paragraph(bold(&t("ls-minutes-section-observation")));
    for line in &data.observation_lines {
        doc = doc.add_paragraph(text(&format!("- {line}")));
    }
    doc = doc.add_paragraph(bold(&t("ls-minutes-section-analysis")));
    for (index, (criterion, comments)) in data.analysis.iter().enumerate() {
        doc = doc.add_paragraph(Paragraph::new().add_run(Run::new().add_text(format!("{}. {criterion}", index + 1)).italic().size(BODY_SIZE)));
        if comments.is_empty() {
            doc = doc.add_paragraph(text(&format!("- {}", t("ls-minutes-no-comment"))));
        }
        for comment in comments {
            doc = lines(doc, &format!("- {comment}"));
        }
    }
    doc = doc.add_paragraph(bold(&t("ls-minutes-section-conclusions")));
    doc = lines(doc, if data.conclusions.is_empty() { "…" } else { &data.conclusions });
    doc = doc.add_paragraph(bold(&t("ls-minutes-section-apply")));
    doc = lines(doc, if data.lessons_to_apply.is_empty() { "…" } else { &data.lessons_to_apply });
    let signatures = Table::without_borders(vec![TableRow::new(vec![
        cell(vec![centred(bold(&t("ls-minutes-secretary"))), centred(text(&t("ls-minutes-sign"))), text(""), text(""), centred(bold(&data.secretary))], 4_700),
        cell(vec![centred(bold(&t("ls-minutes-chair"))), centred(text(&t("ls-minutes-sign"))), text(""), text(""), centred(bold(&data.chair))], 4_700),
    ])]);
    doc = doc.add_paragraph(text("")).add_table(signatures);

    let mut buffer = Cursor::new(Vec::new());
    doc.build().pack(&mut buffer).map_err(|error| error.to_string())?;
    Ok(buffer.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_line_in_vietnamese() {
        // 2026-12-04T17:30:00Z is 05/12/2026 00:30 in Ho Chi Minh City.
        assert_eq!(vietnamese_date(1_796_405_400_000), "ngày 05 tháng 12 năm 2026");
    }

    #[test]
    fn minutes_are_a_zip() {
        let bytes = minutes(&MinutesData { organiser: "Cụm A".into(), ..MinutesData::default() }).expect("docx");
        assert!(bytes.starts_with(b"PK\x03\x04"));
    }
}
