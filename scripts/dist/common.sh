# Sourced by the scripts/dist/*.sh parts: the repository root (made the working
# directory), the scope and output folder scripts/dist.sh passes (DIST_SCOPE, DIST_DIR),
# the shared build lock and the absolute cargo target folder.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
scope="${DIST_SCOPE:-all}"
dist="${DIST_DIR:-$root/dist}"
lock=/tmp/cardseal-build.lock
target_dir="${CARGO_TARGET_DIR:-$root/target}"
case "$target_dir" in /*) ;; *) target_dir="$root/$target_dir" ;; esac
