#!/usr/bin/env bash
# The whole test suite, on a fresh machine: installs what the tests need
# (Chromium and its driver for the browser tests, PostgreSQL for the
# PostgreSQL store, aiosmtpd for the email tests, Go and golang.org/x/mod for
# the transparency log's interop tests, schemathesis from PyPI in
# /opt/schemathesis for the OpenAPI test, stix2-validator and pymisp in
# /opt/stixval for the indicator exports, node and oidc-provider from npm for
# the sign-on tests, matrix-synapse in /opt/synapse for the Matrix tests,
# axe-core from npm in .ci/axe for the browser tests' accessibility checks)
# when it is missing and we are root,
# starts PostgreSQL, then runs every test of the workspace.
#
#   ./test.sh              everything
#   ./test.sh --no-capture   extra arguments go to the test runner
set -euo pipefail
cd "$(dirname "$0")"

if [ "$(id -u)" = 0 ]; then
  missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
  [ -x /usr/lib/postgresql/15/bin/postgres ] || missing+=(postgresql-15)
  /usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || missing+=(python3-aiosmtpd)
  /usr/bin/python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || missing+=(python3-venv)
  # Go and golang.org/x/mod for the transparency log's interop tests, which
  # build offline in GOPATH mode from Debian's packages.
  command -v go >/dev/null 2>&1 || missing+=(golang-go)
  [ -d /usr/share/gocode/src/golang.org/x/mod/sumdb/tlog ] || missing+=(golang-golang-x-mod-dev)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  export MUSTER_REQUIRE_BROWSER=1
  export MUSTER_REQUIRE_GO=1
  # The OpenAPI test runs schemathesis against the real binary; a venv of
  # its own keeps it apart from Debian's Python packages.
  if ! /opt/schemathesis/bin/schemathesis --version >/dev/null 2>&1; then
    echo "installing: schemathesis (PyPI) in /opt/schemathesis"
    /usr/bin/python3 -m venv /opt/schemathesis
    /opt/schemathesis/bin/pip install -q schemathesis
  fi
  export MUSTER_REQUIRE_SCHEMATHESIS=1
  # The indicator exports are checked by the tools their receivers use:
  # OASIS's stix2-validator and PyMISP, in a venv of their own.
  if ! /opt/stixval/bin/python -c 'import stix2validator, pymisp' >/dev/null 2>&1; then
    echo "installing: stix2-validator and pymisp (PyPI) in /opt/stixval"
    /usr/bin/python3 -m venv /opt/stixval
    /opt/stixval/bin/pip install -q stix2-validator pymisp
  fi
  export MUSTER_REQUIRE_STIX_VALIDATOR=1
  # The sign-on tests run a real OpenID Provider: oidc-provider from npm,
  # pinned by its package-lock.json, beside the tests that start it.
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "installing: nodejs npm"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
  fi
  if [ ! -f crates/muster-web/tests/oidc/node_modules/oidc-provider/package.json ]; then
    echo "installing: oidc-provider (npm) in crates/muster-web/tests/oidc"
    (cd crates/muster-web/tests/oidc && npm ci --no-audit --no-fund --silent)
  fi
  export MUSTER_REQUIRE_OIDC=1
  # The Matrix tests run a real homeserver: Synapse from PyPI (manylinux
  # wheels), in a venv of its own; the tests start it on 127.0.0.1.
  if ! /opt/synapse/bin/python -c 'import synapse.app.homeserver' >/dev/null 2>&1; then
    echo "installing: matrix-synapse (PyPI) in /opt/synapse"
    /usr/bin/python3 -m venv /opt/synapse
    /opt/synapse/bin/pip install -q matrix-synapse
  fi
  export MUSTER_REQUIRE_MATRIX=1
  # The browser tests run axe-core (npm) on every page state; the version is
  # pinned by .ci/axe/package-lock.json.
  if [ ! -f .ci/axe/node_modules/axe-core/axe.min.js ]; then
    if ! command -v npm >/dev/null 2>&1; then
      echo "installing: npm"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null
    fi
    echo "installing: axe-core (npm) in .ci/axe"
    npm ci --prefix .ci/axe --no-audit --no-fund >/dev/null
  fi
  export MUSTER_REQUIRE_AXE=1
fi

# PostgreSQL: start it and point the PostgreSQL tests at it. Without it those
# tests print that they were skipped and why.
if [ -z "${MUSTER_TEST_DATABASE_URL:-}" ] && [ -x .ci/postgres.sh ] && [ "$(id -u)" = 0 ]; then
  eval "$(.ci/postgres.sh)"
fi
if [ -n "${MUSTER_TEST_DATABASE_URL:-}" ]; then
  echo "PostgreSQL tests: on ($MUSTER_TEST_DATABASE_URL)"
else
  echo "PostgreSQL tests: skipped (set MUSTER_TEST_DATABASE_URL=postgres://… to run them)"
fi

# The PostgreSQL fault test stops and restarts the server, so it runs on its
# own first; then everything else, in parallel.
fault=postgres_restart_mid_write
if cargo nextest --version >/dev/null 2>&1; then
  if [ -n "${MUSTER_TEST_DATABASE_URL:-}" ]; then
    cargo nextest run --workspace -E "test($fault)" "$@"
  fi
  exec cargo nextest run --workspace --no-fail-fast -E "not test($fault)" "$@"
else
  if [ -n "${MUSTER_TEST_DATABASE_URL:-}" ]; then
    cargo test -p muster-store-postgres --test pg "$@" -- "$fault"
  fi
  exec cargo test --workspace --no-fail-fast "$@" -- --skip "$fault"
fi
