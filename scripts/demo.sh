#!/usr/bin/env bash
# The main job: a demo over every provider with built-in sandbox keys, checking the
# providers' published vectors on the way. Needs only Rust (cargo).
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo run --quiet -p cardseal-cli -- demo "$@"
