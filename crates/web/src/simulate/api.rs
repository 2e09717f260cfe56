//! The simulator's API under `/api/v1/simulate` and `/api/v1/projection`, for admins and
//! analysts (403 for anyone else). Every answer is computed afresh from its parameters:
//! the same parameters and seed give the same answer.

use axum::Json;
use axum::extract::{Query, State};
use pendulum_sim::peter::{self, Report};
use pendulum_sim::{dual, projection};
use pendulum_store::Store;
use serde::Serialize;
use utoipa::ToSchema;

use super::service::{self, DualBody, ModelProjectionQuery, PeterBody, ProjectionQuery, SweepBody};
use crate::access::Viewer;
use crate::error::{ApiError, ApiJson, ApiJsonText, ErrorBody};
use crate::state::AppState;

/// The results of a Peter-principle simulation, one report per strategy (or per value of p).
#[derive(Debug, Serialize, ToSchema)]
pub struct PeterResults {
    pub reports: Vec<Report>,
}

/// Runs the Peter-principle model of Pluchino, Rapisarda and Garofalo (2010): one strategy,
/// or every strategy from the same initial organisations.
#[utoipa::path(post, path = "/api/v1/simulate/peter", operation_id = "simulate_peter", tag = "simulate",
    request_body = PeterBody,
    responses(
        (status = 200, description = "Each strategy's initial and final efficiency and gain with standard errors, and its mean efficiency year by year.", body = PeterResults),
        (status = 403, description = "Not an admin or an analyst, or a session's request without its CSRF token.", body = ErrorBody),
        (status = 415, description = "The body is not sent as `Content-Type: application/json` (code `unsupported_media_type`).", body = ErrorBody),
        (status = 422, description = "A parameter out of its range, with the field at fault (code `invalid_simulation`: runs 2–1000, years 1–10,000, p 0–1, runs × years × strategies at most 2,500,000), or JSON of the wrong shape (code `bad_request`).", body = ErrorBody),
        (status = 503, description = "Another simulation is running and this one waited 5 seconds; nothing was done (code `unavailable`, with `Retry-After`).", body = ErrorBody),
    ))]
pub async fn peter<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    ApiJson(body): ApiJson<PeterBody>,
) -> Result<Json<PeterResults>, ApiError> {
    viewer.analysis()?;
    let simulations = body.simulations()?;
    let reports = service::run(&state, move || {
        simulations
            .iter()
            .map(peter::simulate)
            .collect::<Result<Vec<_>, _>>()
    })
    .await?
    .map_err(|e| service::peter_refusal(&e))?;
    Ok(Json(PeterResults { reports }))
}

/// Sweeps the best-or-worst strategy over p: the best is promoted with probability p,
/// otherwise the worst.
#[utoipa::path(post, path = "/api/v1/simulate/peter/sweep", operation_id = "simulate_peter_sweep", tag = "simulate",
    request_body = SweepBody,
    responses(
        (status = 200, description = "One report per value of p, in order.", body = PeterResults),
        (status = 403, description = "Not an admin or an analyst, or a session's request without its CSRF token.", body = ErrorBody),
        (status = 415, description = "The body is not sent as `Content-Type: application/json` (code `unsupported_media_type`).", body = ErrorBody),
        (status = 422, description = "A parameter out of its range (code `invalid_simulation`: 0 ≤ from ≤ to ≤ 1, a step above 0, at most 101 values, runs × years × values at most 2,500,000), or JSON of the wrong shape (code `bad_request`).", body = ErrorBody),
        (status = 503, description = "Another simulation is running and this one waited 5 seconds; nothing was done (code `unavailable`, with `Retry-After`).", body = ErrorBody),
    ))]
pub async fn peter_sweep<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    ApiJson(body): ApiJson<SweepBody>,
) -> Result<Json<PeterResults>, ApiError> {
    viewer.analysis()?;
    let params = body.params()?;
    let reports = service::run(&state, move || peter::sweep(&params))
        .await?
        .map_err(|e| service::peter_refusal(&e))?;
    Ok(Json(PeterResults { reports }))
}

/// The results of a dual-track simulation, one report per policy.
#[derive(Debug, Serialize, ToSchema)]
pub struct DualResults {
    /// Each policy's efficiency (overall, individual contribution, management: initial,
    /// final mean, year by year), managers below the dismissal threshold, and moves,
    /// returns, promotions, hires and exits per year, each with its standard error.
    #[schema(value_type = Vec<Object>)]
    pub reports: Vec<dual::DualReport>,
}

/// Compares the dual-track policies on the organisation's own ladders (its latest
/// framework version, scaled to `headcount`): a single ladder, a dual track, and a dual
/// track with trials and a guaranteed return.
#[utoipa::path(post, path = "/api/v1/simulate/dual-track", operation_id = "simulate_dual_track", tag = "simulate",
    request_body = DualBody,
    responses(
        (status = 200, description = "One report per policy, from the same initial organisations.", body = DualResults),
        (status = 403, description = "Not an admin or an analyst, or a session's request without its CSRF token.", body = ErrorBody),
        (status = 404, description = "No framework version is published yet.", body = ErrorBody),
        (status = 415, description = "The body is not sent as `Content-Type: application/json` (code `unsupported_media_type`).", body = ErrorBody),
        (status = 422, description = "A parameter out of its range, with the field at fault (code `invalid_simulation`: runs 2–1000, years 1–10,000, correlation −1 to 1, headcount 20–2,000,000, positions × years × runs × policies at most 50,000,000), or JSON of the wrong shape (code `bad_request`).", body = ErrorBody),
        (status = 503, description = "Another simulation is running and this one waited 5 seconds; nothing was done (code `unavailable`, with `Retry-After`).", body = ErrorBody),
    ))]
pub async fn dual_track<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    ApiJson(body): ApiJson<DualBody>,
) -> Result<Json<DualResults>, ApiError> {
    viewer.analysis()?;
    let framework = state.latest_framework().await?;
    let simulations = body.simulations(&framework.framework)?;
    let reports = service::run(&state, move || {
        simulations
            .iter()
            .map(dual::simulate)
            .collect::<Result<Vec<_>, _>>()
    })
    .await?
    .map_err(|e| service::dual_refusal(&e))?;
    Ok(Json(DualResults { reports }))
}

/// A projection as shown: the estimate's counts and rates by group, and the groups'
/// headcounts year by year (docs/data.md, "Workforce projection file", and
/// docs/simulation.md, section 3).
#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectionResults {
    /// The rates by group with the counts they rest on and their 95 % intervals, the
    /// recruitment shares, and the states merged into their track's group.
    #[schema(value_type = Object)]
    pub estimate: projection::Report,
    /// `start` (today), `years` (stocks by group, total, recruits, exits),
    /// `steady_state`, `expected_years_in_system`, `from_entry`.
    #[schema(value_type = Object)]
    pub projection: projection::Projection,
}

/// Projects the organisation's own history: yearly transition rates between its
/// (track, level) groups and to leaving, estimated over the window, applied for the
/// years asked. A group resting on fewer than 5 people is merged into its track's total.
#[utoipa::path(get, path = "/api/v1/projection", operation_id = "project_workforce", tag = "simulate",
    params(ProjectionQuery),
    responses(
        (status = 200, description = "The estimate and its projection, by groups.", body = ProjectionResults),
        (status = 400, description = "A query value of the wrong type or an unknown parameter (code `bad_request`).", body = ErrorBody),
        (status = 403, description = "Not an admin or an analyst.", body = ErrorBody),
        (status = 404, description = "No framework version is published yet.", body = ErrorBody),
        (status = 422, description = "A parameter out of its range, or no history to estimate from (code `invalid_projection`, with the field at fault when there is one).", body = ErrorBody),
        (status = 503, description = "Another simulation is running and this one waited 5 seconds; nothing was done (code `unavailable`, with `Retry-After`).", body = ErrorBody),
    ))]
pub async fn projection<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Query(q): Query<ProjectionQuery>,
) -> Result<Json<ProjectionResults>, ApiError> {
    let analysis = viewer.analysis()?;
    let window = q.window.unwrap_or(projection::DEFAULT_WINDOW_YEARS);
    let estimate = service::estimate(&state, &analysis, window).await?;
    let (estimate, projection) = service::project_estimate(&state, estimate, &q).await?;
    Ok(Json(ProjectionResults {
        estimate,
        projection,
    }))
}

/// Projects a planner's own model: the projection file of `pendulum project --matrix`
/// (docs/data.md, "Workforce projection file"), sent as the body. Nothing is stored and
/// nothing of the organisation is read.
#[utoipa::path(post, path = "/api/v1/projection", operation_id = "project_model", tag = "simulate",
    params(ModelProjectionQuery),
    request_body(content = Object, content_type = "application/json",
        description = "The model: `states`, `stocks` (one head count per state), `transitions` (a row per state; 1 minus its sum is the probability of leaving) and `recruitment` (`mode` `fixed` with `total`, or `fixed-size` with `growth`, and `distribution`). At most 1 MiB and 200 states."),
    responses(
        (status = 200, description = "`years` (stocks by state, total, recruits, exits), `steady_state`, `expected_years_in_system`, `from_entry`: the output of `pendulum project --matrix FILE --format json`.", body = Object),
        (status = 400, description = "A query value of the wrong type or an unknown parameter, or a body that is not UTF-8 (code `bad_request`).", body = ErrorBody),
        (status = 403, description = "Not an admin or an analyst, or a session's request without its CSRF token.", body = ErrorBody),
        (status = 413, description = "The body is over 1 MiB (code `too_large`); nothing was read further.", body = ErrorBody),
        (status = 415, description = "The body is not sent as `Content-Type: application/json` (code `unsupported_media_type`).", body = ErrorBody),
        (status = 422, description = "The model was refused (code `invalid_projection`): the message gives the line and column of malformed JSON or a value of the wrong type, or names the state or field at fault, and `field` is `states`, `stocks`, `transitions`, `recruitment` or `years`.", body = ErrorBody),
        (status = 503, description = "Another simulation is running and this one waited 5 seconds; nothing was done (code `unavailable`, with `Retry-After`).", body = ErrorBody),
    ))]
pub async fn project_model<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Query(q): Query<ModelProjectionQuery>,
    ApiJsonText(text): ApiJsonText<{ projection::MAX_FILE_BYTES }>,
) -> Result<Json<projection::Projection>, ApiError> {
    viewer.analysis()?;
    let years = service::projection_years(q.years)?;
    let projected = service::run(&state, move || {
        let model = projection::Model::from_json(&text)?;
        projection::project(&model, years)
    })
    .await?;
    Ok(Json(
        projected.map_err(|e| service::model_file_refusal(&e))?,
    ))
}
