#!/usr/bin/env bash
# Builds every release artifact into dist/ (README "Install"): Python wheels and sdist,
# the npm packages, the JVM jar, and the mobile packages where their toolchains exist.
# Publishing stays a manual step (it needs the registries' tokens).
#
#   bash scripts/dist.sh            every artifact, every platform this machine can build
#   bash scripts/dist.sh --native   only this machine's platform (what the test command
#                                   builds and installs; see scripts/dist/*.sh)
#   DIST_PARTS="python npm" bash scripts/dist.sh ...   only those parts
#
# Each part is scripts/dist/<part>.sh; it prints what it built and what it could not
# build and why. Exit status: non-zero when a part that can be built here failed.
set -uo pipefail
cd "$(dirname "$0")/.."

scope=all
case "${1:-}" in
  "") ;;
  --native) scope=native ;;
  *)
    echo "usage: $0 [--native]" >&2
    exit 2
    ;;
esac
export DIST_SCOPE="$scope"
export DIST_DIR="${DIST_DIR:-$PWD/dist}"
mkdir -p "$DIST_DIR"

failed=()
for part in ${DIST_PARTS:-python npm jvm mobile}; do
  script="scripts/dist/$part.sh"
  if [ ! -f "$script" ]; then
    echo "=== dist $part: no $script" >&2
    failed+=("$part")
    continue
  fi
  echo "=== dist $part ($scope)"
  t0=$SECONDS
  if bash "$script"; then
    echo "=== dist $part: ok ($((SECONDS - t0)) s)"
  else
    echo "=== dist $part: FAILED ($((SECONDS - t0)) s)"
    failed+=("$part")
  fi
done
echo
echo "dist/:"
(cd "$DIST_DIR" && find . -type f | sort)
if [ "${#failed[@]}" -gt 0 ]; then
  echo "failed: ${failed[*]}"
  exit 1
fi
