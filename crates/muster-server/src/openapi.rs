//! The OpenAPI document: the routes' own annotations, then [`complete`], which
//! adds the statuses every route can answer with because of what all routes
//! share (the bearer token, the NUL refusal, the JSON body extractor, the
//! store), so that no route's annotation can forget them.

use utoipa::OpenApi;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Muster",
        description = "Assembles and runs the team that handles a security or privacy incident. Every write to an incident is a command; every change is a hash-chained log entry.

Authentication: `Authorization: Bearer <API token>` on every route but `/healthz`, `/metrics` and this document.

Times: every time Muster writes is RFC 3339 in UTC with exactly six fractional digits, `2026-11-27T13:16:29.123456Z` (the shape the log hashes its entries' `recorded_at` in; see docs/log-format.md), so times sort as text. Requests may give any RFC 3339 time with an offset (`Z` or `±hh:mm`). A log entry's `payload` is the event's canonical JSON exactly as it was hashed; its times are RFC 3339 in UTC as recorded and are never re-formatted.

Errors: every refusal is `{\"error\": {\"code\", \"message\", \"field\"?, \"rule\"?}}` (schema `ErrorBody`), `field` naming the field by its path in the request (e.g. `preventive_actions[1].owner`) and `rule` the rule of PRODUCT.md that refused it. 401: no or an unknown token. 403: the caller may not. 404: no such thing (or restricted, rule 10). 409: the incident's state does not allow it. 413: a body over 1 MiB. 415: a body that is not `application/json`. 422: a missing or wrong field or parameter, or text with a NUL character. 503: the store is unavailable and nothing was written."
    ),
    modifiers(&BearerAuth),
    security(("token" = [])),
    components(schemas(muster_api::ErrorBody, muster_api::ErrorDetail)),
    tags(
        (name = "incidents", description = "Declared incidents, their commands and logs"),
        (name = "reports", description = "Security events awaiting triage"),
        (name = "people", description = "The people directory, logins and tokens"),
        (name = "rota", description = "Who is the on-call incident manager"),
        (name = "obligations", description = "Regulatory obligations: deadlines, drafts, the breach register and the rules"),
        (name = "indicators", description = "Indicators, sightings and the attacker's timeline; imports and the cross-incident lookup"),
        (name = "audit", description = "Reads of restricted incidents"),
        (name = "insights", description = "The organisation's incident figures and the preventive actions across incidents"),
        (name = "log", description = "The transparency log: its key, signed checkpoints, inclusion and consistency proofs"),
        (name = "health", description = "Liveness, metrics and this document"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "token",
                SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
            );
        }
    }
}

fn error(description: &str) -> RefOr<Response> {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .build(),
        )
        .build()
        .into()
}

/// Whether the operation needs a token: the document's `token` applies unless
/// the operation says `security(())`.
fn secured(op: &Operation) -> bool {
    match &op.security {
        None => true,
        Some(reqs) => reqs.iter().any(|r| {
            serde_json::to_value(r).is_ok_and(|v| v.as_object().is_some_and(|o| !o.is_empty()))
        }),
    }
}

/// Adds the statuses that come from what every route shares, where the route's
/// annotation has not described them itself.
pub fn complete(doc: &mut utoipa::openapi::OpenApi) {
    for item in doc.paths.paths.values_mut() {
        for op in [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.patch,
            &mut item.delete,
        ]
        .into_iter()
        .flatten()
        {
            let mut add = Vec::new();
            // The NUL refusal stands in front of every route.
            add.push((
                "422",
                "a field or parameter is missing or wrong (names it), or has a NUL character",
            ));
            if secured(op) {
                add.push(("401", "no API token, or one that is unknown or revoked"));
                add.push(("503", "the store is unavailable; nothing was written"));
            }
            // The JSON extractor's refusals. Every bearer-token route reads
            // its body with it; the chat platforms' signed routes read the
            // raw bytes (the signature covers them) and document their own.
            let json_body = op.request_body.as_ref().is_some_and(|b| match b {
                RefOr::T(b) => b.content.keys().all(|t| t == "application/json"),
                RefOr::Ref(_) => true,
            });
            if json_body && secured(op) {
                add.push(("413", "the body is larger than 1 MiB"));
                add.push(("415", "the body is not `application/json`"));
            }
            for (status, description) in add {
                op.responses
                    .responses
                    .entry(status.to_owned())
                    .or_insert_with(|| error(description));
            }
        }
    }
}
