use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use muster_api::{ErrorBody, NewShiftRequest, RotaView, ShiftView};
use muster_app::App;
use muster_app::views::{self, ts};
use muster_http::Caller;
use muster_http::error::{ApiError, ApiResult};
use muster_http::extract::{ApiJson, ApiPath};
use muster_store::Shift;
use uuid::Uuid;

async fn shift_view(state: &App, s: &Shift) -> ApiResult<ShiftView> {
    let person = state
        .directory()
        .person(s.person)
        .await?
        .ok_or_else(|| ApiError::internal(format!("shift {} names a missing person", s.id)))?;
    let user = state.logins().user(person.id).await?;
    Ok(ShiftView {
        id: s.id,
        person: views::person(&person, user.as_ref()),
        starts_at: ts(s.starts_at),
        ends_at: ts(s.ends_at),
    })
}

/// Who is the on-call incident manager at `at` (Unix microseconds).
pub async fn on_call(state: &App, at: i64) -> ApiResult<Option<Uuid>> {
    let shifts = state.rota().shifts_from(at).await?;
    Ok(shifts
        .iter()
        .find(|s| s.starts_at <= at && at < s.ends_at)
        .map(|s| s.person))
}

/// The on-call incident manager now and next, and the shifts ahead.
#[utoipa::path(get, operation_id = "show_rota", path = "/api/rota", tag = "rota", responses((status = 200, body = RotaView)))]
pub async fn show(State(state): State<App>, Caller(_actor): Caller) -> ApiResult<Json<RotaView>> {
    let now = jiff::Timestamp::now().as_microsecond();
    let mut shifts = Vec::new();
    for s in state.rota().shifts_from(now).await? {
        shifts.push(shift_view(&state, &s).await?);
    }
    let current = shifts
        .iter()
        .find(|s| s.starts_at <= ts(now) && ts(now) < s.ends_at)
        .cloned();
    let next = shifts.iter().find(|s| s.starts_at > ts(now)).cloned();
    Ok(Json(RotaView {
        now: current,
        next,
        shifts,
    }))
}

#[utoipa::path(post, operation_id = "add_shift", path = "/api/rota/shifts", tag = "rota", request_body = NewShiftRequest,
    responses((status = 201, body = ShiftView), (status = 403, body = ErrorBody)))]
pub async fn add_shift(
    State(state): State<App>,
    Caller(actor): Caller,
    ApiJson(req): ApiJson<NewShiftRequest>,
) -> ApiResult<(StatusCode, Json<ShiftView>)> {
    let shift = state
        .add_shift(&actor, &req.person, req.starts_at, req.ends_at)
        .await?;
    Ok((StatusCode::CREATED, Json(shift_view(&state, &shift).await?)))
}

#[utoipa::path(delete, operation_id = "remove_shift", path = "/api/rota/shifts/{id}", tag = "rota",
    params(("id" = Uuid, Path, description = "shift id")),
    responses((status = 204, description = "removed"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn remove_shift(
    State(state): State<App>,
    Caller(actor): Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<StatusCode> {
    state.remove_shift(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
