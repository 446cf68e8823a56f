//! Who may see which dashboard, and the cached model behind it.

use std::collections::HashSet;
use std::sync::Arc;

use caunoi_core::policy::{Action, StaffVisibility, staff_visibility};
use caunoi_db::communes::{self, Commune};
use caunoi_db::dashboard::{self, Dashboard, DashboardScope};
use caunoi_db::{clusters, now_ms, provinces};

use super::super::provinces::hosted_code;
use super::super::schools::parse_id;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{self, Locale};
use crate::live::CacheKind;
use crate::state::AppState;

/// The indicator that colours the map of communes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Indicator {
    #[default]
    Acknowledgement,
    Completeness,
    Requests,
}

impl Indicator {
    pub const ALL: [Indicator; 3] = [Indicator::Acknowledgement, Indicator::Completeness, Indicator::Requests];

    pub fn as_str(self) -> &'static str {
        match self {
            Indicator::Acknowledgement => "ack",
            Indicator::Completeness => "reports",
            Indicator::Requests => "requests",
        }
    }

    /// Parses the `indicator` parameter: blank gives the default, an unknown value `Err`
    /// with the value for the notice.
    pub fn parse(raw: Option<&str>) -> Result<Indicator, String> {
        match raw.map(str::trim).filter(|text| !text.is_empty()) {
            None => Ok(Indicator::default()),
            Some(text) => Indicator::ALL.into_iter().find(|i| i.as_str() == text).ok_or_else(|| text.to_owned()),
        }
    }
}

/// A dashboard the user may see: a province, optionally one cluster, and the user's part.
#[derive(Debug, Clone)]
pub(crate) struct DashboardTarget {
    pub province: String,
    pub cluster: Option<i64>,
    pub visibility: StaffVisibility,
}

impl DashboardTarget {
    /// Authorises the department dashboard of a province. Board members and commune
    /// officers see it narrowed to their clusters or communes.
    pub async fn for_province(state: &AppState, user: &CurrentUser, raw_province: &str) -> AppResult<DashboardTarget> {
        let province = hosted_code(&state.db, raw_province).await?;
        user.require(Action::ViewDashboard { province: &province })?;
        let visibility = staff_visibility(&user.actor, &province);
        if visibility.is_empty() {
            return Err(AppError::NotFound);
        }
        Ok(DashboardTarget { province, cluster: None, visibility })
    }

    /// Authorises a cluster's dashboard: for the department of its province and the
    /// cluster's own board.
    pub async fn for_cluster(state: &AppState, user: &CurrentUser, raw_id: &str) -> AppResult<DashboardTarget> {
        let id = parse_id(raw_id)?;
        let facts = clusters::facts(&state.db, id).await?;
        user.require(Action::ViewDashboard { province: &facts.province })?;
        let visibility = staff_visibility(&user.actor, &facts.province);
        if !visibility.whole_province && !visibility.clusters.contains(&id) {
            return Err(AppError::NotFound);
        }
        let visibility = if visibility.whole_province {
            visibility
        } else {
            StaffVisibility { clusters: vec![id], ..StaffVisibility::default() }
        };
        Ok(DashboardTarget { province: facts.province, cluster: Some(id), visibility })
    }

    /// A key naming the figures this target sees, equal for users with the same part.
    fn cache_key(&self) -> String {
        let v = &self.visibility;
        let mut clusters = v.clusters.clone();
        clusters.sort_unstable();
        clusters.dedup();
        let mut communes = v.communes.clone();
        communes.sort();
        let mut schools = v.schools.clone();
        schools.sort_unstable();
        schools.dedup();
        format!(
            "{}|{:?}|{}|{clusters:?}|{communes:?}|{schools:?}",
            self.province, self.cluster, v.whole_province
        )
    }

    /// Returns the province's current revision and the model at it, from the cache when
    /// it is current.
    pub async fn model(&self, state: &AppState) -> AppResult<(i64, Arc<DashboardModel>)> {
        let revision = state.live.revision(&self.province).await?;
        let model = state
            .live
            .cached(CacheKind::Model, &self.cache_key(), revision, || DashboardModel::load(state, self))
            .await?;
        Ok((revision, model))
    }

    /// Returns the revision and the rendered figures fragment in a locale, cached like
    /// the model.
    pub async fn fragment(&self, state: &AppState, locale: Locale, indicator: Indicator) -> AppResult<(i64, Arc<String>)> {
        let revision = state.live.revision(&self.province).await?;
        let key = format!("{}|{}|{}", self.cache_key(), locale.code(), indicator.as_str());
        let html = state
            .live
            .cached(CacheKind::Fragment, &key, revision, || async {
                let (_, model) = self.model(state).await?;
                super::fragment::render(&model, self, locale, indicator)
            })
            .await?;
        Ok((revision, html))
    }

    pub fn events_path(&self) -> String {
        match self.cluster {
            Some(id) => format!("/clusters/{id}/dashboard/events"),
            None => format!("/p/{}/dashboard/events", self.province),
        }
    }

    pub fn page_path(&self) -> String {
        match self.cluster {
            Some(id) => format!("/clusters/{id}/dashboard"),
            None => format!("/p/{}/dashboard", self.province),
        }
    }
}

/// Everything a dashboard shows, computed once per revision and viewer part.
#[derive(Debug)]
pub(crate) struct DashboardModel {
    pub province_name: String,
    pub cluster_name: Option<String>,
    pub school_year: String,
    pub figures: Dashboard,
    /// Units drawn on the map: the whole province for the department, else the units
    /// of the viewer's clusters and communes and those with figures.
    pub map_communes: Vec<Commune>,
    /// Instant the figures were computed (Unix ms).
    pub computed_at: i64,
}

impl DashboardModel {
    async fn load(state: &AppState, target: &DashboardTarget) -> AppResult<DashboardModel> {
        let db = &state.db;
        let province = provinces::get(db, &target.province).await?;
        let school_year = clusters::current_year(db, &target.province, i18n::today()).await?;
        let now = now_ms();
        let scope = DashboardScope {
            province: &target.province,
            cluster: target.cluster,
            school_year: &school_year,
            visibility: &target.visibility,
            now,
        };
        let figures = dashboard::load(db, &scope).await?;
        let cluster_name = match target.cluster {
            Some(id) => Some(clusters::get(db, id).await?.name),
            None => None,
        };

        let mut map_communes = communes::all_in_province(db, &target.province).await?;
        if target.cluster.is_some() || !target.visibility.whole_province {
            let shown_clusters: HashSet<i64> = match target.cluster {
                Some(id) => HashSet::from([id]),
                None => target.visibility.clusters.iter().copied().collect(),
            };
            let mut keep: HashSet<String> = clusters::layout(db, &target.province, &school_year)
                .await?
                .into_iter()
                .filter(|(_, cluster)| shown_clusters.contains(cluster))
                .map(|(commune, _)| commune)
                .collect();
            if target.cluster.is_none() {
                keep.extend(target.visibility.communes.iter().cloned());
            }
            keep.extend(figures.communes.iter().map(|c| c.code.clone()));
            map_communes.retain(|commune| keep.contains(&commune.code));
        }
        Ok(DashboardModel {
            province_name: province.name,
            cluster_name,
            school_year,
            figures,
            map_communes,
            computed_at: now,
        })
    }
}
