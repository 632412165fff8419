#!/bin/sh
# Contract conformance of the training server: starts it on a free loopback
# port, calls every operation of the REST contract and validates the answers
# against it (TAP on stdout).
# Usage: tests/contract/check-server.sh path/to/mfc-training-server path/to/openapi.yaml
# Installs the pinned validator (npm ci) into tests/contract/node_modules
# on first use; exits non-zero on any deviation.
set -eu

if [ $# -ne 2 ]; then
    echo "usage: $0 path/to/mfc-training-server path/to/openapi.yaml" >&2
    exit 2
fi
server=$1
spec=$2
if [ ! -x "$server" ]; then
    echo "$0: the training server $server is missing or not executable (build it first: ninja -C <builddir> src/mfc-training-server)" >&2
    exit 2
fi
if [ ! -r "$spec" ]; then
    echo "$0: cannot read $spec" >&2
    exit 2
fi

here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)

if ! command -v node >/dev/null 2>&1; then
    echo "$0: node not found (install nodejs and npm)" >&2
    exit 2
fi

if [ ! -f "$here/node_modules/ajv/package.json" ] ||
   [ ! -f "$here/node_modules/ajv-formats/package.json" ] ||
   [ ! -f "$here/node_modules/yaml/package.json" ]; then
    if ! command -v npm >/dev/null 2>&1; then
        echo "$0: npm not found, cannot install the validator" >&2
        exit 2
    fi
    echo "$0: installing the validator (npm ci) in $here" >&2
    # stdout of npm goes to stderr so that the TAP output stays clean
    (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) >&2
fi

exec node "$here/check-server.mjs" "$server" "$spec"
