//! The designer page of a template: its sections, fields, tables, rules and
//! indicators, each with a small form, and its version history.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use caunoi_core::org::SchoolLevel;
use caunoi_core::report::validate::format_number;
use caunoi_core::report::{Field, FieldKind, Rule, TableRows, TemplateDefinition};
use caunoi_db::reports::templates::{self, Template as StoredTemplate, TemplateVersion};
use caunoi_db::{Db, DbError, clusters, provinces};
use serde::Deserialize;
use tracing::instrument;

use super::design::{self, COLUMN_KINDS, DesignError, DesignForm, FIELD_KINDS, RuleOperand, column_kind_name};
use super::load_template;
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::i18n::{self, FluentArg, Locale};
use crate::pages::render;
use crate::pages::schools::Choice;
use crate::state::AppState;
use crate::view::Nav;

/// A section and its fields, with the add-field form under them.
pub(super) struct SectionView {
    pub key: String,
    pub title: String,
    pub help: String,
    pub levels: Vec<Choice>,
    pub level_text: String,
    pub fields: Vec<FieldView>,
    pub first: bool,
    pub last: bool,
    pub error: Option<String>,
    pub add: AddFieldView,
}

/// The add-field form of a section.
pub(super) struct AddFieldView {
    pub label: String,
    pub help: String,
    pub kinds: Vec<Choice>,
    pub options: String,
    pub columns: String,
    pub rows: String,
    pub required: bool,
    pub levels: Vec<Choice>,
    pub error: Option<String>,
}

pub(super) struct FieldView {
    pub key: String,
    pub label: String,
    pub help: String,
    pub required: bool,
    pub kind: &'static str,
    pub kind_label: String,
    pub levels: Vec<Choice>,
    pub level_text: String,
    pub min: String,
    pub max: String,
    pub unit: String,
    pub weights: Vec<Choice>,
    pub options: String,
    pub max_len: String,
    pub multiline: bool,
    pub table: Option<TableView>,
    pub first: bool,
    pub last: bool,
    pub error: Option<String>,
}

pub(super) struct TableView {
    pub open: bool,
    pub max_rows: String,
    pub rows: Vec<RowView>,
    pub columns: Vec<ColumnView>,
    pub add_column: ColumnView,
    pub add_rows: String,
    pub add_rows_levels: Vec<Choice>,
    pub add_rows_error: Option<String>,
}

pub(super) struct RowView {
    pub key: String,
    pub label: String,
    pub levels: Vec<Choice>,
    pub first: bool,
    pub last: bool,
    pub error: Option<String>,
}

pub(super) struct ColumnView {
    pub key: String,
    pub label: String,
    pub kinds: Vec<Choice>,
    pub min: String,
    pub max: String,
    pub required: bool,
    pub first: bool,
    pub last: bool,
    pub error: Option<String>,
}

pub(super) struct ItemView {
    pub index: usize,
    pub text: String,
}

/// The add-rule form: operands as options of selects and checkboxes.
pub(super) struct RuleForm {
    pub at_most: bool,
    pub left: Vec<Choice>,
    pub right: Vec<Choice>,
    pub parts: Vec<Choice>,
    pub total: Vec<Choice>,
    pub error: Option<String>,
}

pub(super) struct IndicatorForm {
    pub label: String,
    pub numerator: Vec<Choice>,
    pub denominator: Vec<Choice>,
    pub error: Option<String>,
}

pub(super) struct VersionView {
    pub version: i64,
    pub created_at: String,
    pub change_note: String,
    pub frozen: bool,
    pub requests: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "report_templates/designer.html")]
pub(super) struct DesignerPage {
    pub nav: Nav,
    pub id: i64,
    pub name: String,
    pub description: String,
    pub owner: String,
    pub list_href: String,
    pub archived: bool,
    pub version: i64,
    /// The current version was used by a request, so the next change starts a new one.
    pub frozen_notice: Option<String>,
    pub versions: Vec<VersionView>,
    pub sections: Vec<SectionView>,
    pub rules: Vec<ItemView>,
    pub indicators: Vec<ItemView>,
    pub rule_form: RuleForm,
    pub indicator_form: IndicatorForm,
    pub add_section_title: String,
    pub add_section_help: String,
    pub add_section_levels: Vec<Choice>,
    pub add_section_error: Option<String>,
    /// The message and anchor of a rejected edit, for the summary at the top.
    pub error: Option<(String, String)>,
    pub details_error: Option<String>,
    pub preview_levels: Vec<Choice>,
    pub notices: Vec<String>,
}

pub(crate) fn level_choices(locale: Locale, selected: &[String]) -> Vec<Choice> {
    SchoolLevel::ALL
        .iter()
        .map(|level| Choice {
            value: level.as_str().to_owned(),
            label: locale.tp("level", level.as_str()),
            selected: selected.iter().any(|s| s == level.as_str()),
        })
        .collect()
}

fn level_names(levels: &[SchoolLevel]) -> Vec<String> {
    levels.iter().map(|l| l.as_str().to_owned()).collect()
}

/// Describes the levels something exists for: "every level" when there is no limit.
pub(crate) fn level_text(locale: Locale, levels: &[SchoolLevel]) -> String {
    if levels.is_empty() {
        return locale.t("rtpl-levels-all");
    }
    levels.iter().map(|l| locale.tp("level", l.as_str())).collect::<Vec<_>>().join(", ")
}

fn operand_choices(operands: &[RuleOperand], selected: &[&str]) -> Vec<Choice> {
    operands
        .iter()
        .map(|o| Choice { value: o.path.clone(), label: o.label.clone(), selected: selected.contains(&o.path.as_str()) })
        .collect()
}

fn number(value: Option<f64>) -> String {
    value.map(format_number).unwrap_or_default()
}

/// A rejected edit: the form as typed and its translated message.
pub(super) struct Rejected<'a> {
    pub form: &'a DesignForm,
    pub message: String,
}

impl Rejected<'_> {
    fn on(&self, op: &str) -> Option<&DesignForm> {
        (self.form.op == op).then_some(self.form)
    }
}

/// Returns the anchor of the form a rejected edit came from.
fn error_anchor(form: &DesignForm) -> String {
    match form.op.as_str() {
        "section_add" => "add-section".to_owned(),
        "section_update" | "section_move" | "section_remove" => format!("section-{}", form.section),
        "field_add" => format!("add-field-{}", form.section),
        "rows_add" => format!("add-rows-{}", form.field),
        "column_add" => format!("add-column-{}", form.field),
        "column_update" | "column_move" | "column_remove" => format!("column-{}-{}", form.field, form.column),
        "row_update" | "row_move" | "row_remove" => format!("row-{}-{}", form.field, form.row),
        "rule_add" | "rule_remove" => "rules".to_owned(),
        "indicator_add" | "indicator_remove" => "indicators".to_owned(),
        "import" => "details".to_owned(),
        _ => format!("field-{}", form.field),
    }
}

fn field_view(locale: Locale, definition: &TemplateDefinition, field: &Field, rejected: Option<&Rejected<'_>>) -> FieldView {
    let typed = rejected.and_then(|r| match r.form.op.as_str() {
        "field_update" | "field_move" | "field_remove" if r.form.field == field.key => Some(r.form),
        _ => None,
    });
    let error = typed.and(rejected.map(|r| r.message.clone()));
    let (min, max, unit) = match &field.kind {
        FieldKind::Integer { min, max, unit } => (number(min.map(|v| v as f64)), number(max.map(|v| v as f64)), unit.clone()),
        FieldKind::Decimal { min, max, unit } => (number(*min), number(*max), unit.clone()),
        _ => (String::new(), String::new(), String::new()),
    };
    let weight = match &field.kind {
        FieldKind::Percent { weight } => weight.clone().unwrap_or_default(),
        _ => String::new(),
    };
    let options = match &field.kind {
        FieldKind::Choice { options } | FieldKind::MultiChoice { options } => options.join("\n"),
        _ => String::new(),
    };
    let (max_len, multiline) = match &field.kind {
        FieldKind::Text { max_len, multiline } => (max_len.map(|n| n.to_string()).unwrap_or_default(), *multiline),
        _ => (String::new(), false),
    };
    let weight = typed.map_or(weight, |t| t.weight.trim().to_owned());
    let mut weights = vec![Choice { value: String::new(), label: locale.t("rtpl-weight-none"), selected: weight.is_empty() }];
    weights.extend(design::weight_fields(definition).into_iter().map(|f| Choice {
        value: f.key.clone(),
        label: f.label.clone(),
        selected: f.key == weight,
    }));
    let table = match &field.kind {
        FieldKind::Table(spec) => Some(table_view(locale, field, spec, typed, rejected)),
        _ => None,
    };
    let levels = typed.map_or_else(|| level_names(&field.levels), |t| t.levels.clone());
    FieldView {
        key: field.key.clone(),
        label: typed.map_or_else(|| field.label.clone(), |t| t.label.clone()),
        help: typed.map_or_else(|| field.help.clone(), |t| t.help.clone()),
        required: typed.map_or(field.required, |t| t.required.is_some()),
        kind: field.kind.name(),
        kind_label: locale.tp("rtpl-kind", field.kind.name()),
        level_text: level_text(locale, &field.levels),
        levels: level_choices(locale, &levels),
        min: typed.map_or(min, |t| t.min.clone()),
        max: typed.map_or(max, |t| t.max.clone()),
        unit: typed.map_or(unit, |t| t.unit.clone()),
        weights,
        options: typed.map_or(options, |t| t.options.clone()),
        max_len: typed.map_or(max_len, |t| t.max_len.clone()),
        multiline: typed.map_or(multiline, |t| t.multiline.is_some()),
        table,
        first: false,
        last: false,
        error,
    }
}

fn table_view(
    locale: Locale,
    field: &Field,
    spec: &caunoi_core::report::TableSpec,
    typed_field: Option<&DesignForm>,
    rejected: Option<&Rejected<'_>>,
) -> TableView {
    let matches = |op: &str| rejected.and_then(|r| r.on(op)).filter(|form| form.field == field.key);
    let kinds = |selected: &str| {
        COLUMN_KINDS
            .iter()
            .map(|kind| Choice { value: (*kind).to_owned(), label: locale.tp("rtpl-kind", kind), selected: *kind == selected })
            .collect::<Vec<_>>()
    };
    let count = spec.columns.len();
    let columns = spec
        .columns
        .iter()
        .enumerate()
        .map(|(index, column)| {
            let typed = rejected
                .filter(|r| matches!(r.form.op.as_str(), "column_update" | "column_move" | "column_remove"))
                .map(|r| r.form)
                .filter(|form| form.field == field.key && form.column == column.key);
            let kind = typed.map_or(column_kind_name(column.kind), |t| t.column_kind.as_str());
            ColumnView {
                key: column.key.clone(),
                label: typed.map_or_else(|| column.label.clone(), |t| t.label.clone()),
                kinds: kinds(kind),
                min: typed.map_or_else(|| number(column.min), |t| t.min.clone()),
                max: typed.map_or_else(|| number(column.max), |t| t.max.clone()),
                required: typed.map_or(column.required, |t| t.required.is_some()),
                first: index == 0,
                last: index + 1 == count,
                error: typed.and(rejected.map(|r| r.message.clone())),
            }
        })
        .collect();
    let add_typed = matches("column_add");
    let add_column = ColumnView {
        key: String::new(),
        label: add_typed.map(|t| t.label.clone()).unwrap_or_default(),
        kinds: kinds(add_typed.map_or("integer", |t| t.column_kind.as_str())),
        min: add_typed.map_or_else(|| "0".to_owned(), |t| t.min.clone()),
        max: add_typed.map(|t| t.max.clone()).unwrap_or_default(),
        required: add_typed.is_some_and(|t| t.required.is_some()),
        first: false,
        last: false,
        error: add_typed.and(rejected.map(|r| r.message.clone())),
    };
    let (open, max_rows, rows) = match &spec.rows {
        TableRows::Open { max_rows } => (true, max_rows.to_string(), Vec::new()),
        TableRows::Fixed { rows } => {
            let count = rows.len();
            let views = rows
                .iter()
                .enumerate()
                .map(|(index, row)| {
                    let typed = rejected
                        .filter(|r| matches!(r.form.op.as_str(), "row_update" | "row_move" | "row_remove"))
                        .map(|r| r.form)
                        .filter(|form| form.field == field.key && form.row == row.key);
                    let levels = typed.map_or_else(|| level_names(&row.levels), |t| t.levels.clone());
                    RowView {
                        key: row.key.clone(),
                        label: typed.map_or_else(|| row.label.clone(), |t| t.label.clone()),
                        levels: level_choices(locale, &levels),
                        first: index == 0,
                        last: index + 1 == count,
                        error: typed.and(rejected.map(|r| r.message.clone())),
                    }
                })
                .collect();
            (false, "50".to_owned(), views)
        }
    };
    let open = typed_field.map_or(open, |t| t.row_mode == "open");
    let max_rows = typed_field.map_or(max_rows, |t| t.max_rows.clone());
    let rows_typed = matches("rows_add");
    TableView {
        open,
        max_rows,
        rows,
        columns,
        add_column,
        add_rows: rows_typed.map(|t| t.rows.clone()).unwrap_or_default(),
        add_rows_levels: level_choices(locale, &rows_typed.map(|t| t.levels.clone()).unwrap_or_default()),
        add_rows_error: rows_typed.and(rejected.map(|r| r.message.clone())),
    }
}

fn add_field_view(locale: Locale, section: &str, rejected: Option<&Rejected<'_>>) -> AddFieldView {
    let typed = rejected.and_then(|r| r.on("field_add")).filter(|form| form.section == section);
    let kind = typed.map_or("integer", |t| t.kind.as_str());
    AddFieldView {
        label: typed.map(|t| t.label.clone()).unwrap_or_default(),
        help: typed.map(|t| t.help.clone()).unwrap_or_default(),
        kinds: FIELD_KINDS
            .iter()
            .map(|k| Choice { value: (*k).to_owned(), label: locale.tp("rtpl-kind", k), selected: *k == kind })
            .collect(),
        options: typed.map(|t| t.options.clone()).unwrap_or_default(),
        columns: typed.map(|t| t.columns.clone()).unwrap_or_default(),
        rows: typed.map(|t| t.rows.clone()).unwrap_or_default(),
        required: typed.is_some_and(|t| t.required.is_some()),
        levels: level_choices(locale, &typed.map(|t| t.levels.clone()).unwrap_or_default()),
        error: typed.and(rejected.map(|r| r.message.clone())),
    }
}

/// Describes a rule in words, its operands by label.
pub(crate) fn rule_text(locale: Locale, operands: &[RuleOperand], rule: &Rule) -> String {
    match rule {
        Rule::AtMost { left, right } => locale.t_args(
            "rtpl-rule-at-most-text",
            &[
                ("left", FluentArg::Text(design::operand_label(operands, left))),
                ("right", FluentArg::Text(design::operand_label(operands, right))),
            ],
        ),
        Rule::SumEquals { parts, total } => locale.t_args(
            "rtpl-rule-sum-text",
            &[
                ("parts", FluentArg::Text(parts.iter().map(|p| design::operand_label(operands, p)).collect::<Vec<_>>().join(" + "))),
                ("total", FluentArg::Text(design::operand_label(operands, total))),
            ],
        ),
    }
}

/// Returns the name of a template's owner: the department, or the cluster's board.
pub(super) async fn owner_name(db: &Db, locale: Locale, template: &StoredTemplate) -> AppResult<String> {
    Ok(match template.cluster_id {
        Some(id) => locale.t1("rtpl-owner-cluster", "cluster", &clusters::get(db, id).await?.name),
        None => provinces::department(db, &template.province_code).await?.name,
    })
}

pub(super) fn list_href(template: &StoredTemplate) -> String {
    match template.cluster_id {
        Some(id) => format!("/clusters/{id}/report-templates"),
        None => format!("/p/{}/report-templates", template.province_code),
    }
}

/// Builds the designer page of a template, with a rejected edit shown where it was made.
pub(super) async fn designer_page(
    db: &Db,
    nav: Nav,
    template: &StoredTemplate,
    current: &TemplateVersion,
    rejected: Option<Rejected<'_>>,
    details_error: Option<String>,
) -> AppResult<DesignerPage> {
    let locale = nav.locale;
    let definition = &current.definition;
    let rejected = rejected.as_ref();

    let section_count = definition.sections.len();
    let mut sections = Vec::new();
    for (index, section) in definition.sections.iter().enumerate() {
        let typed = rejected
            .filter(|r| matches!(r.form.op.as_str(), "section_update" | "section_move" | "section_remove"))
            .map(|r| r.form)
            .filter(|form| form.section == section.key);
        let field_count = section.fields.len();
        let fields = section
            .fields
            .iter()
            .enumerate()
            .map(|(position, field)| FieldView {
                first: position == 0,
                last: position + 1 == field_count,
                ..field_view(locale, definition, field, rejected)
            })
            .collect();
        let levels = typed.map_or_else(|| level_names(&section.levels), |t| t.levels.clone());
        sections.push(SectionView {
            key: section.key.clone(),
            title: typed.map_or_else(|| section.title.clone(), |t| t.title.clone()),
            help: typed.map_or_else(|| section.help.clone(), |t| t.help.clone()),
            levels: level_choices(locale, &levels),
            level_text: level_text(locale, &section.levels),
            fields,
            first: index == 0,
            last: index + 1 == section_count,
            error: typed.and(rejected.map(|r| r.message.clone())),
            add: add_field_view(locale, &section.key, rejected),
        });
    }

    let operands = design::rule_operands(definition, locale);
    let rules = definition.rules.iter().enumerate().map(|(index, rule)| ItemView { index, text: rule_text(locale, &operands, rule) }).collect();
    let rule_typed = rejected.and_then(|r| r.on("rule_add"));
    let parts: Vec<&str> = rule_typed.map(|t| t.parts.iter().map(String::as_str).collect()).unwrap_or_default();
    let rule_form = RuleForm {
        at_most: rule_typed.is_none_or(|t| t.rule != "sum_equals"),
        left: operand_choices(&operands, &[rule_typed.map_or("", |t| t.left.as_str())]),
        right: operand_choices(&operands, &[rule_typed.map_or("", |t| t.right.as_str())]),
        parts: operand_choices(&operands, &parts),
        total: operand_choices(&operands, &[rule_typed.map_or("", |t| t.total.as_str())]),
        error: rule_typed.and(rejected.map(|r| r.message.clone())).or_else(|| {
            rejected.filter(|r| r.form.op == "rule_remove").map(|r| r.message.clone())
        }),
    };
    let items = design::indicator_items(definition, locale);
    let indicators = definition
        .indicators
        .iter()
        .enumerate()
        .map(|(index, indicator)| ItemView {
            index,
            text: locale.t_args(
                "rtpl-indicator-text",
                &[
                    ("label", FluentArg::Text(indicator.label.clone())),
                    ("numerator", FluentArg::Text(design::operand_label(&items, &indicator.numerator))),
                    ("denominator", FluentArg::Text(design::operand_label(&items, &indicator.denominator))),
                ],
            ),
        })
        .collect();
    let indicator_typed = rejected.and_then(|r| r.on("indicator_add"));
    let indicator_form = IndicatorForm {
        label: indicator_typed.map(|t| t.label.clone()).unwrap_or_default(),
        numerator: operand_choices(&items, &[indicator_typed.map_or("", |t| t.numerator.as_str())]),
        denominator: operand_choices(&items, &[indicator_typed.map_or("", |t| t.denominator.as_str())]),
        error: indicator_typed.and(rejected.map(|r| r.message.clone())),
    };

    let counts = templates::request_counts(db, template.id).await?;
    let versions = templates::versions(db, template.id)
        .await?
        .into_iter()
        .map(|v| {
            let requests = counts.iter().find(|(id, _)| *id == v.id).map_or(0, |(_, n)| *n);
            VersionView {
                version: v.version,
                created_at: i18n::datetime(v.created_at),
                change_note: v.change_note,
                frozen: v.frozen_at.is_some(),
                requests: locale.int(requests),
                current: v.version == template.current_version,
            }
        })
        .collect();
    let frozen_notice = current.frozen_at.map(|_| {
        locale.t_args(
            "rtpl-frozen-notice",
            &[("version", FluentArg::Number(current.version)), ("next", FluentArg::Number(current.version + 1))],
        )
    });
    let section_typed = rejected.and_then(|r| r.on("section_add"));
    let preview_levels = SchoolLevel::ALL
        .iter()
        .map(|l| Choice { value: l.as_str().to_owned(), label: locale.tp("level", l.as_str()), selected: false })
        .collect();

    Ok(DesignerPage {
        id: template.id,
        name: template.name.clone(),
        description: template.description.clone(),
        owner: owner_name(db, locale, template).await?,
        list_href: list_href(template),
        archived: template.archived != 0,
        version: current.version,
        frozen_notice,
        versions,
        sections,
        rules,
        indicators,
        rule_form,
        indicator_form,
        add_section_title: section_typed.map(|t| t.title.clone()).unwrap_or_default(),
        add_section_help: section_typed.map(|t| t.help.clone()).unwrap_or_default(),
        add_section_levels: level_choices(locale, &section_typed.map(|t| t.levels.clone()).unwrap_or_default()),
        add_section_error: section_typed.and(rejected.map(|r| r.message.clone())),
        error: rejected.map(|r| (r.message.clone(), error_anchor(r.form))),
        details_error,
        preview_levels,
        notices: Vec::new(),
        nav,
    })
}

/// Shows the designer of a template.
#[instrument(skip_all, fields(report_template.id = %raw_id))]
pub async fn show(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_id): Path<String>) -> AppResult<Response> {
    let (_, template) = load_template(&state.db, &user, &raw_id).await?;
    let current = templates::current_version(&state.db, template.id).await?;
    let nav = Nav::new(locale, &user, Some(&template.province_code), "reports", &uri);
    render(&designer_page(&state.db, nav, &template, &current, None, None).await?)
}

/// Shows the designer again with a rejected edit, with status 422.
pub(super) async fn rejected_page(
    state: &AppState,
    locale: Locale,
    user: &CurrentUser,
    uri: &Uri,
    template: &StoredTemplate,
    form: &DesignForm,
    error: &DesignError,
) -> AppResult<Response> {
    let current = templates::current_version(&state.db, template.id).await?;
    let nav = Nav::new(locale, user, Some(&template.province_code), "reports", uri);
    let rejected = Rejected { form, message: error.message(locale) };
    let page = designer_page(&state.db, nav, template, &current, Some(rejected), None).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}

/// Applies one edit of the designer and returns to the edited part. A rejected edit
/// shows the designer again with the message beside the form and what was typed.
#[instrument(skip_all, fields(report_template.id = %raw_id))]
pub async fn edit(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
    Form(form): Form<DesignForm>,
) -> AppResult<Response> {
    let (_, template) = load_template(&state.db, &user, &raw_id).await?;
    let current = templates::current_version(&state.db, template.id).await?;

    let mut definition = current.definition.clone();
    let anchor = match design::apply(&mut definition, &form) {
        Ok(anchor) => anchor,
        Err(error) => {
            tracing::info!(report_template.id = template.id, op = %form.op, "designer edit rejected: {}", error.message_id);
            return rejected_page(&state, locale, &user, &uri, &template, &form, &error).await;
        }
    };
    if let Some(error) = super::transfer::definition_error(&definition) {
        tracing::info!(report_template.id = template.id, op = %form.op, "designer edit breaks the definition: {}", error.message_id);
        return rejected_page(&state, locale, &user, &uri, &template, &form, &error).await;
    }
    match templates::save_definition(&state.db, template.id, &definition, "", user.id).await {
        Ok(_) => {}
        Err(DbError::Invalid(detail)) => {
            tracing::warn!(report_template.id = template.id, op = %form.op, "designer produced an invalid definition: {detail}");
            return rejected_page(&state, locale, &user, &uri, &template, &form, &DesignError::new("rtpl-error-definition")).await;
        }
        Err(other) => return Err(other.into()),
    }

    Ok(Redirect::to(&format!("/report-templates/{}#{anchor}", template.id)).into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DetailsForm {
    pub name: String,
    pub description: String,
}

/// Renames a template and replaces its description.
#[instrument(skip_all, fields(report_template.id = %raw_id))]
pub async fn details(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
    Form(form): Form<DetailsForm>,
) -> AppResult<Response> {
    let (_, template) = load_template(&state.db, &user, &raw_id).await?;
    match super::list::parse_details(&form.name, &form.description) {
        Ok((name, description)) => {
            templates::update_details(&state.db, template.id, &name, &description, user.id).await?;
            Ok(Redirect::to(&format!("/report-templates/{}", template.id)).into_response())
        }
        Err(error) => {
            let current = templates::current_version(&state.db, template.id).await?;
            let nav = Nav::new(locale, &user, Some(&template.province_code), "reports", &uri);
            let typed = StoredTemplate { name: form.name.clone(), description: form.description.clone(), ..template };
            let page = designer_page(&state.db, nav, &typed, &current, None, Some(error.message(locale))).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ArchiveForm {
    /// `1` archives, `0` restores.
    pub archived: String,
}

/// Archives a template, or restores an archived one.
#[instrument(skip_all, fields(report_template.id = %raw_id))]
pub async fn archive(State(state): State<AppState>, user: CurrentUser, Path(raw_id): Path<String>, Form(form): Form<ArchiveForm>) -> AppResult<Response> {
    let (_, template) = load_template(&state.db, &user, &raw_id).await?;
    let archived = form.archived.trim() != "0";
    templates::set_archived(&state.db, template.id, archived, user.id).await?;
    Ok(Redirect::to(&format!("/report-templates/{}", template.id)).into_response())
}
