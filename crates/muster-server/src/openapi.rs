use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Muster",
        description = "Assembles and runs the team that handles a security or privacy incident. Every write to an incident is a command; every change is a hash-chained log entry."
    ),
    modifiers(&BearerAuth),
    security(("token" = [])),
    components(schemas(muster_api::ErrorBody, muster_api::ErrorDetail)),
    tags(
        (name = "incidents", description = "Declared incidents, their commands and logs"),
        (name = "reports", description = "Security events awaiting triage"),
        (name = "people", description = "The people directory, logins and tokens"),
        (name = "rota", description = "Who is the on-call incident manager"),
        (name = "audit", description = "Reads of restricted incidents"),
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
