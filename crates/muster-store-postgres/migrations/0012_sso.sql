-- Sign-on through an identity provider (issue 14). Times are Unix microseconds.
-- (0012: 0010 and 0011 are taken by work on other branches.)

-- Which provider session (issuer, sid) each web session was signed in
-- through, so that the provider's front-channel logout ends it.
CREATE TABLE sso_sessions (
    token  uuid PRIMARY KEY REFERENCES api_tokens (id),
    issuer text NOT NULL,
    sid    text NOT NULL,
    at     bigint NOT NULL
);
CREATE INDEX sso_sessions_sid ON sso_sessions (issuer, sid);

-- One-time grants `muster login --sso` exchanges for a token: the code's
-- SHA-256, whose they are, the CLI's PKCE challenge, and until when.
CREATE TABLE sso_grants (
    code_hash  text PRIMARY KEY,
    person     uuid NOT NULL REFERENCES people (id),
    challenge  text NOT NULL,
    expires_at bigint NOT NULL
);
CREATE INDEX sso_grants_expires_at ON sso_grants (expires_at);
