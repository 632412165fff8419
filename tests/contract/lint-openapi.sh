#!/bin/sh
# Lint the REST contract with a real OpenAPI 3.0 validator.
# Usage: tests/contract/lint-openapi.sh path/to/openapi.yaml
# Installs the pinned validator (npm ci) into tests/contract/node_modules
# on first use; exits non-zero on any error.
set -eu

if [ $# -ne 1 ]; then
    echo "usage: $0 path/to/openapi.yaml" >&2
    exit 2
fi
spec=$1
if [ ! -r "$spec" ]; then
    echo "$0: cannot read $spec" >&2
    exit 2
fi

here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)

if ! command -v node >/dev/null 2>&1; then
    echo "$0: node not found (install nodejs and npm)" >&2
    exit 2
fi

if [ ! -f "$here/node_modules/@seriousme/openapi-schema-validator/package.json" ] ||
   [ ! -f "$here/node_modules/ajv-formats/package.json" ] ||
   [ ! -f "$here/node_modules/yaml/package.json" ]; then
    if ! command -v npm >/dev/null 2>&1; then
        echo "$0: npm not found, cannot install the validator" >&2
        exit 2
    fi
    echo "$0: installing the validator (npm ci) in $here" >&2
    # stdout of npm goes to stderr so that the lint's own output stays clean
    (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) >&2
fi

exec node "$here/lint-openapi.mjs" "$spec"
