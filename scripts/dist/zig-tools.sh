# Sourced by scripts/dist/{npm,jvm}.sh: the cross linker for the Linux targets.
# zig (PyPI `ziglang`) and cargo-zigbuild (PyPI `cargo-zigbuild`), pinned, in a venv under
# target/dist-tools/ (created on first use), put first on PATH. zig also lowers the glibc
# floor: `--target x86_64-unknown-linux-gnu.2.17` links against glibc 2.17's symbols.
# Defines dist_zig_tools (returns non-zero, with the reason on stderr, when they cannot
# be installed).
DIST_ZIGLANG_VERSION="0.17.0"
DIST_CARGO_ZIGBUILD_VERSION="0.24.0"

dist_zig_tools() {
  local root venv
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  venv="$root/target/dist-tools/venv"
  if ! "$venv/bin/python" -c "import ziglang" 2>/dev/null || [ ! -x "$venv/bin/cargo-zigbuild" ]; then
    mkdir -p "$root/target/dist-tools"
    python3 -m venv "$venv" >&2 &&
      "$venv/bin/pip" install -q --disable-pip-version-check \
        "ziglang==$DIST_ZIGLANG_VERSION" "cargo-zigbuild==$DIST_CARGO_ZIGBUILD_VERSION" >&2 ||
      { echo "cannot install ziglang / cargo-zigbuild from PyPI" >&2; return 1; }
  fi
  export PATH="$venv/bin:$PATH"
}

# dist_rust_target TRIPLE: `rustup target add` (no-op when installed).
dist_rust_target() {
  rustup target list --installed 2>/dev/null | grep -qx "$1" ||
    rustup target add "$1" >&2
}
