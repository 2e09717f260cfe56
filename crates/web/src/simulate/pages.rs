//! `/simulate`: the simulator's page. Its forms are `GET` forms whose values stay in the
//! address, but for a planner's own projection model, which may be long and is posted to
//! `/simulate/model`; a refused value comes back in its form, marked, with the others
//! kept, and **422**.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use pendulum_sim::dual;
use pendulum_sim::peter::{self, Hypothesis, Strategy};
use pendulum_sim::projection;
use pendulum_store::Store;
use pendulum_views::forms::FormErrors;
use pendulum_views::simulate::{
    DualPart, DualValues, ModelForm, PeterPart, PeterValues, ProjectionPart, ProjectionValues,
    SimulatorView, SweepValues, Tool,
};

use super::service::{self, DualBody, PeterBody, ProjectionQuery, SweepBody};
use crate::access::Viewer;
use crate::error::WebError;
use crate::shell::{Htmx, app_links, org_name, render_with_status};
use crate::state::AppState;

/// The heading of a refused simulation's summary.
const REFUSED: &str = "Nothing was run: there is a problem";
/// The most characters of a value the page reads (a number never needs more).
const MAX_VALUE_CHARS: usize = 32;

/// The page's query: every value as typed, read leniently (the forms say what is wrong).
type Values = HashMap<String, String>;

fn value<'v>(values: &'v Values, name: &str, default: &'v str) -> &'v str {
    values
        .get(name)
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .unwrap_or(default)
}

/// A value as a number, or the field's refusal.
fn number<T: std::str::FromStr>(
    text: &str,
    field: &'static str,
    what: &str,
) -> Result<T, WebError> {
    if text.chars().count() > MAX_VALUE_CHARS {
        return Err(WebError::invalid(
            "invalid_simulation",
            format!("{what} is too long to be a number."),
        )
        .at_field(field));
    }
    text.parse().map_err(|_| {
        WebError::invalid(
            "invalid_simulation",
            format!("{what} must be a number; “{text}” is not one."),
        )
        .at_field(field)
    })
}

/// A refusal in the form `form`, at its field.
fn errors(form: &str, e: &WebError) -> FormErrors {
    let (message, field) = match e {
        WebError::Invalid { message, field, .. } => (message.clone(), *field),
        other => (other.to_string(), None),
    };
    let errors = FormErrors::new(form, message.clone()).titled(REFUSED);
    match field {
        Some(field) => errors.at(field, message),
        None => errors,
    }
}

pub(super) async fn page<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    htmx: Htmx,
    Query(values): Query<Values>,
) -> Result<Response, WebError> {
    viewer.analysis()?;
    let tool = values
        .get("tool")
        .and_then(|t| Tool::parse(t))
        .unwrap_or(Tool::Peter);
    let (status, view) = match tool {
        Tool::Peter => {
            let (status, part) = peter_part(&state, &values).await?;
            (
                status,
                SimulatorView::peter(org_name(&state), &app_links(&viewer), part),
            )
        }
        Tool::Projection => {
            let (status, part) = projection_part(&state, &viewer, &values).await?;
            (
                status,
                SimulatorView::projection(org_name(&state), &app_links(&viewer), part),
            )
        }
        Tool::DualTrack => {
            let (status, part) = dual_part(&state, &values).await?;
            (
                status,
                SimulatorView::dual(org_name(&state), &app_links(&viewer), part),
            )
        }
    };
    Ok(render_with_status(status, &view, htmx))
}

async fn peter_part<S: Store>(
    state: &AppState<S>,
    values: &Values,
) -> Result<(StatusCode, PeterPart), WebError> {
    let runs_default = peter::PAPER_RUNS.to_string();
    let steps_default = peter::PAPER_STEPS.to_string();
    let seed_default = peter::DEFAULT_SEED.to_string();
    let p_default = peter::PAPER_P.to_string();
    let kept = PeterValues {
        hypothesis: value(values, "hypothesis", Hypothesis::CommonSense.as_str()).to_string(),
        p: value(values, "p", &p_default).to_string(),
        runs: value(values, "runs", &runs_default).to_string(),
        steps: value(values, "steps", &steps_default).to_string(),
        seed: value(values, "seed", &seed_default).to_string(),
    };
    let sweep = SweepValues {
        from: value(values, "from", "0").to_string(),
        to: value(values, "to", "1").to_string(),
        step: value(values, "step", "0.1").to_string(),
    };
    let mut part = PeterPart::new(
        kept.clone(),
        sweep.clone(),
        peter::MAX_RUNS,
        peter::MAX_STEPS,
    );
    let run = values.get("run").map(String::as_str);
    if run.is_none() {
        return Ok((StatusCode::OK, part));
    }
    let body = match peter_body(&kept) {
        Ok(body) => body,
        Err(e) => {
            part.errors = Some(errors("peter", &e));
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, part));
        }
    };
    match run {
        Some("sweep") => {
            let sweep_body = (|| -> Result<SweepBody, WebError> {
                Ok(SweepBody {
                    hypothesis: body.hypothesis,
                    from: Some(number(&sweep.from, "from", "From")?),
                    to: Some(number(&sweep.to, "to", "To")?),
                    step: Some(number(&sweep.step, "step", "Step")?),
                    runs: body.runs,
                    steps: body.steps,
                    seed: body.seed,
                })
            })();
            let params = match sweep_body.and_then(|b| b.params()) {
                Ok(params) => params,
                Err(e) => {
                    part.sweep_errors = Some(errors("sweep", &e));
                    return Ok((StatusCode::UNPROCESSABLE_ENTITY, part));
                }
            };
            let reports = service::run(state, move || peter::sweep(&params))
                .await?
                .map_err(|e| service::peter_refusal(&e))?;
            Ok((StatusCode::OK, part.with_sweep(&reports)))
        }
        _ => {
            let simulations = match body.simulations() {
                Ok(s) => s,
                Err(e) => {
                    part.errors = Some(errors("peter", &e));
                    return Ok((StatusCode::UNPROCESSABLE_ENTITY, part));
                }
            };
            let reports = service::run(state, move || {
                simulations
                    .iter()
                    .map(peter::simulate)
                    .collect::<Result<Vec<_>, _>>()
            })
            .await?
            .map_err(|e| service::peter_refusal(&e))?;
            Ok((StatusCode::OK, part.with_results(&reports)))
        }
    }
}

async fn projection_part<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer<S>,
    values: &Values,
) -> Result<(StatusCode, ProjectionPart), WebError> {
    let kept = projection_values(values);
    let mut part = ProjectionPart::new(
        kept.clone(),
        projection::MAX_YEARS,
        projection::MAX_WINDOW_YEARS,
    )
    .with_model_form(model_form(viewer, String::new(), String::new()));
    if values.get("run").is_none() {
        return Ok((StatusCode::OK, part));
    }
    let analysis = viewer.analysis()?;
    let outcome = async {
        let query = projection_query(&kept)?;
        let estimate =
            service::estimate(state, &analysis, query.window.unwrap_or_default()).await?;
        service::project_estimate(state, estimate, &query).await
    }
    .await;
    match outcome {
        Ok((report, shown)) => Ok((StatusCode::OK, part.with_results(&report, &shown))),
        Err(e @ WebError::Invalid { .. }) => {
            part.errors = Some(errors("projection", &e));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, part))
        }
        Err(e) => Err(e),
    }
}

/// The projection form's values as typed, each left out at its default.
fn projection_values(values: &Values) -> ProjectionValues {
    let window_default = projection::DEFAULT_WINDOW_YEARS.to_string();
    let years_default = service::DEFAULT_YEARS.to_string();
    ProjectionValues {
        window: value(values, "window", &window_default).to_string(),
        years: value(values, "years", &years_default).to_string(),
        mode: value(values, "mode", projection::Mode::FixedSize.as_str()).to_string(),
        total: values
            .get("total")
            .map(|t| t.trim().to_string())
            .unwrap_or_default(),
        growth: value(values, "growth", "0").to_string(),
    }
}

/// The planner's form holding `text` and `years` (empty: the default).
fn model_form<S: Store>(viewer: &Viewer<S>, text: String, years: String) -> ModelForm {
    ModelForm {
        csrf: viewer.csrf().to_string(),
        text,
        years: if years.trim().is_empty() {
            service::DEFAULT_YEARS.to_string()
        } else {
            years.trim().to_string()
        },
        errors: None,
        max_states: projection::MAX_STATES,
        max_bytes: projection::MAX_FILE_BYTES,
    }
}

/// `POST /simulate/model`: a planner's own model (the JSON of a projection file, as
/// `pendulum project --matrix` reads it) projected, and shown as the history's projection
/// is; or the form again (**422**) with the model as typed and what is wrong: the line and
/// column of malformed JSON, or the state or field at fault. Nothing is stored.
pub(super) async fn project_model<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    htmx: Htmx,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    viewer.analysis()?;
    let field = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let form = model_form(&viewer, field("text"), field("years"));
    let part = ProjectionPart::new(
        projection_values(&Values::new()),
        projection::MAX_YEARS,
        projection::MAX_WINDOW_YEARS,
    );
    let outcome = async {
        let years =
            service::projection_years(Some(number(&form.years, "years", "Years to project")?))?;
        if form.text.len() > projection::MAX_FILE_BYTES {
            return Err(WebError::invalid(
                "invalid_projection",
                format!(
                    "The model is {} bytes; a model holds at most {}.",
                    form.text.len(),
                    form.max_size()
                ),
            )
            .at_field("text"));
        }
        if form.text.trim().is_empty() {
            return Err(WebError::invalid(
                "invalid_projection",
                "Paste a model: its states, stocks, transitions and recruitment, as JSON.",
            )
            .at_field("text"));
        }
        let text = form.text.clone();
        service::run(&state, move || {
            let model = projection::Model::from_json(&text)?;
            projection::project(&model, years)
        })
        .await?
        .map_err(|e| service::model_file_refusal(&e))
    }
    .await;
    let (status, part) = match outcome {
        Ok(projected) => (
            StatusCode::OK,
            part.with_model_form(form).with_model_results(&projected),
        ),
        Err(WebError::Invalid { message, field, .. }) => {
            // Everything but the years is in the model's text.
            let at = if field == Some("years") {
                "years"
            } else {
                "text"
            };
            let errors = FormErrors::new("model", message.clone())
                .titled(REFUSED)
                .at(at, message);
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                part.with_model_form(ModelForm {
                    errors: Some(errors),
                    ..form
                }),
            )
        }
        Err(e) => return Err(e),
    };
    let view = SimulatorView::projection(org_name(&state), &app_links(&viewer), part);
    Ok(render_with_status(status, &view, htmx))
}

/// The projection form as the API's query.
fn projection_query(v: &ProjectionValues) -> Result<ProjectionQuery, WebError> {
    let recruitment = match v.mode.as_str() {
        "fixed" => projection::Mode::Fixed,
        "fixed-size" => projection::Mode::FixedSize,
        _ => {
            return Err(WebError::invalid(
                "invalid_projection",
                "Choose one of the two ways of recruiting.",
            )
            .at_field("mode"));
        }
    };
    Ok(ProjectionQuery {
        window: Some(number(&v.window, "window", "Years of history")?),
        years: Some(number(&v.years, "years", "Years to project")?),
        recruitment: Some(recruitment),
        total: if v.total.is_empty() {
            None
        } else {
            Some(number(&v.total, "total", "People")?)
        },
        growth: Some(number(&v.growth, "growth", "Growth")?),
    })
}

async fn dual_part<S: Store>(
    state: &AppState<S>,
    values: &Values,
) -> Result<(StatusCode, DualPart), WebError> {
    let published = state.latest_framework().await?;
    let framework = &published.framework;
    let d = |v: f64| v.to_string();
    let kept = DualValues {
        hypothesis: value(values, "hypothesis", Hypothesis::CommonSense.as_str()).to_string(),
        strategy: value(values, "strategy", Strategy::Best.as_str()).to_string(),
        correlation: value(values, "correlation", &d(dual::params::DEFAULT_CORRELATION))
            .to_string(),
        noise: value(values, "noise", &d(dual::params::DEFAULT_ASSESSMENT_NOISE)).to_string(),
        trial_threshold: value(
            values,
            "trial_threshold",
            &d(dual::params::DEFAULT_TRIAL_THRESHOLD),
        )
        .to_string(),
        headcount: value(values, "headcount", &service::DUAL_HEADCOUNT.to_string()).to_string(),
        runs: value(values, "runs", &service::DUAL_RUNS.to_string()).to_string(),
        steps: value(values, "steps", &service::DUAL_STEPS.to_string()).to_string(),
        seed: value(values, "seed", &peter::DEFAULT_SEED.to_string()).to_string(),
    };
    let ladders = match dual::Ladders::from_framework(framework, 100, &dual::Shape::default()) {
        Ok(l) => describe_ladders(&l),
        Err(e) => format!("its ladders cannot be simulated ({e})"),
    };
    let mut part = DualPart::new(kept.clone(), ladders);
    if values.get("run").is_none() {
        return Ok((StatusCode::OK, part));
    }
    let simulations = match dual_body(&kept).and_then(|b| b.simulations(framework)) {
        Ok(s) => s,
        Err(e) => {
            part.errors = Some(errors("dual", &e));
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, part));
        }
    };
    let reports = service::run(state, move || {
        simulations
            .iter()
            .map(dual::simulate)
            .collect::<Result<Vec<_>, _>>()
    })
    .await?
    .map_err(|e| service::dual_refusal(&e))?;
    Ok((StatusCode::OK, part.with_results(&reports)))
}

/// "4 individual-contributor rungs and 2 management rungs, management filled from ic-3".
fn describe_ladders(l: &dual::Ladders) -> String {
    let ic = l.individual_contribution.rungs.len();
    let m = l.management.rungs.len();
    let rungs = |n: usize, what: &str| format!("{n} {what} rung{}", if n == 1 { "" } else { "s" });
    match l
        .feeder()
        .and_then(|i| l.individual_contribution.rungs.get(i))
    {
        Some(feeder) if m > 0 => format!(
            "{} and {}, management filled from {}",
            rungs(ic, "individual-contributor"),
            rungs(m, "management"),
            feeder.level
        ),
        _ => format!(
            "{}, and no management ladder",
            rungs(ic, "individual-contributor")
        ),
    }
}

/// A hypothesis chosen in a form, or the field's refusal.
fn hypothesis(value: &str) -> Result<Hypothesis, WebError> {
    Hypothesis::ALL
        .into_iter()
        .find(|h| h.as_str() == value)
        .ok_or_else(|| {
            WebError::invalid("invalid_simulation", "Choose one of the two hypotheses.")
                .at_field("hypothesis")
        })
}

/// The dual-track form as the API's body.
fn dual_body(v: &DualValues) -> Result<DualBody, WebError> {
    let hypothesis = hypothesis(&v.hypothesis)?;
    let strategy = Strategy::ALL
        .into_iter()
        .find(|s| s.as_str() == v.strategy)
        .ok_or_else(|| {
            WebError::invalid("invalid_simulation", "Choose one of the four strategies.")
                .at_field("strategy")
        })?;
    Ok(DualBody {
        hypothesis: Some(hypothesis),
        strategy: Some(strategy),
        correlation: Some(number(&v.correlation, "correlation", "The correlation")?),
        assessment_noise: Some(number(&v.noise, "noise", "The assessment error")?),
        trial_threshold: Some(number(
            &v.trial_threshold,
            "trial_threshold",
            "The threshold",
        )?),
        headcount: Some(number(&v.headcount, "headcount", "People")?),
        runs: Some(number(&v.runs, "runs", "Runs")?),
        steps: Some(number(&v.steps, "steps", "Years per run")?),
        seed: Some(number(&v.seed, "seed", "The seed")?),
        ..DualBody::default()
    })
}

/// The strategies form as the API's body.
fn peter_body(v: &PeterValues) -> Result<PeterBody, WebError> {
    let hypothesis = hypothesis(&v.hypothesis)?;
    Ok(PeterBody {
        hypothesis: Some(hypothesis),
        strategy: None,
        p: Some(number(&v.p, "p", "p")?),
        runs: Some(number(&v.runs, "runs", "Runs")?),
        steps: Some(number(&v.steps, "steps", "Years per run")?),
        seed: Some(number(&v.seed, "seed", "The seed")?),
    })
}
