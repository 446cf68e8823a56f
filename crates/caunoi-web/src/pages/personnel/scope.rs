//! The part of a province a personnel figure covers, authorised once for the screens
//! and the API.

use caunoi_core::policy::{Action, PersonnelScope};
use caunoi_core::staffing::Subject;
use caunoi_db::staffing::figures::{self, Grouping, ProvinceFigures};
use caunoi_db::{Db, clusters, schools};

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::FluentArg;

/// A request for figures: the province, and optionally one cluster, commune or school.
#[derive(Debug, Clone, Default)]
pub struct FigureRequest {
    pub province: String,
    pub school_year: String,
    pub cluster: Option<i64>,
    pub commune: Option<String>,
    pub school: Option<i64>,
}

impl FigureRequest {
    /// Returns the grouping one step down the drill-down: clusters of the province,
    /// communes of a cluster, schools of a commune or of one school.
    pub fn grouping(&self) -> Grouping {
        match (&self.school, &self.commune, &self.cluster) {
            (Some(_), _, _) | (None, Some(_), _) => Grouping::School,
            (None, None, Some(_)) => Grouping::Commune,
            (None, None, None) => Grouping::Cluster,
        }
    }
}

/// Checks that the user may see the requested part, then computes its figures. A
/// cluster or school of another province gets a 404, like a missing one.
pub async fn authorised_figures(db: &Db, user: &CurrentUser, request: &FigureRequest) -> AppResult<ProvinceFigures> {
    if let Some(school_id) = request.school {
        let school = schools::facts(db, school_id).await?;
        if school.province != request.province {
            return Err(AppError::NotFound);
        }
        user.require(Action::ViewPersonnel { scope: PersonnelScope::School(&school) })?;
    } else if let Some(cluster_id) = request.cluster {
        let cluster = clusters::facts(db, cluster_id).await?;
        if cluster.province != request.province {
            return Err(AppError::NotFound);
        }
        user.require(Action::ViewPersonnel { scope: PersonnelScope::Cluster(&cluster) })?;
    } else {
        user.require(Action::ViewPersonnel { scope: PersonnelScope::Province(&request.province) })?;
    }

    let mut figures = figures::province(db, &request.province, &request.school_year).await?;
    if let Some(cluster) = request.cluster {
        figures.retain(|place| place.cluster_id == Some(cluster));
    }
    if let Some(commune) = &request.commune {
        figures.retain(|place| place.commune_code.as_deref() == Some(commune.as_str()));
    }
    if let Some(school) = request.school {
        figures.retain(|place| place.id == school);
    }
    Ok(figures)
}

/// Parses a comma-separated list of subject keys or names; an empty list is the
/// subjects most often short (English, Informatics, Music, Fine arts, Technology).
pub fn parse_subjects(raw: Option<&str>) -> AppResult<Vec<Subject>> {
    let Some(raw) = raw.map(str::trim).filter(|raw| !raw.is_empty()) else {
        return Ok(Subject::OFTEN_SHORT.to_vec());
    };
    // Keys and names both work: "english,informatics" and "Tiếng Anh, Tin học".
    let (subjects, unknown) = Subject::parse_list(&caunoi_core::text::normalize(raw));
    if let Some(part) = unknown.into_iter().next() {
        return Err(AppError::BadRequest { message_id: "personnel-error-subject", args: vec![("value", FluentArg::Text(part))] });
    }
    Ok(subjects)
}
