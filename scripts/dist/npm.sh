#!/usr/bin/env bash
# The npm packages, napi-rs layout, into $DIST_DIR/npm/ (called by scripts/dist.sh):
#   cardseal-<version>.tgz                  the JS package (index.js, types, ESM entry),
#                                           optionalDependencies on the platform packages
#   cardseal-linux-x64-gnu-<version>.tgz    glibc >= 2.17 (zig) / the host's glibc (--native)
#   cardseal-linux-arm64-gnu-<version>.tgz  glibc >= 2.17 (zig)
#   cardseal-linux-x64-musl-<version>.tgz   musl (Alpine), linked with zig
#   cardseal-linux-arm64-musl-<version>.tgz musl (Alpine), linked with zig
# Each platform package holds one `cardseal.<platform>.node`, with `os`/`cpu`/`libc` set so
# npm installs only the matching one; native.js requires it by name. Every package carries
# LICENSE-MIT and LICENSE-APACHE.
#
# DIST_SCOPE=native: linux-x64-gnu only, built exactly as bindings/node/test.sh builds it
# (same cargo invocation, so its build is reused), plus the main package. DIST_SCOPE=all:
# every target, cross-linked with zig (scripts/dist/zig-tools.sh). A target that cannot
# be built prints "not built: <platform>: <reason>"; the part fails only when the main
# package or this machine's own platform package could not be made.
set -euo pipefail
# shellcheck source=scripts/dist/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
out="$dist/npm"
node_dir="$root/bindings/node"
# shellcheck source=scripts/dist/zig-tools.sh
. "$root/scripts/dist/zig-tools.sh"

version="$(node -p "require('$node_dir/package.json').version")"
rm -rf "$out"
mkdir -p "$out"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT

# platform, rust triple, zig triple, os, cpu, libc
targets=(
  "linux-x64-gnu x86_64-unknown-linux-gnu x86_64-unknown-linux-gnu.2.17 linux x64 glibc"
  "linux-arm64-gnu aarch64-unknown-linux-gnu aarch64-unknown-linux-gnu.2.17 linux arm64 glibc"
  "linux-x64-musl x86_64-unknown-linux-musl x86_64-unknown-linux-musl linux x64 musl"
  "linux-arm64-musl aarch64-unknown-linux-musl aarch64-unknown-linux-musl linux arm64 musl"
)
if [ "$scope" = native ]; then
  targets=("${targets[0]}")
fi

if [ ! -x "$node_dir/node_modules/.bin/napi" ]; then
  echo "== npm ci (bindings/node: @napi-rs/cli)"
  (cd "$node_dir" && npm ci --no-audit --no-fund >/dev/null)
fi

# build_node PLATFORM TRIPLE ZIGTRIPLE -> $stage/bin/cardseal.PLATFORM.node
build_node() {
  local platform="$1" triple="$2" zigtriple="$3" log="$stage/build-$1.log"
  mkdir -p "$stage/bin"
  if [ "$scope" = native ]; then
    # bindings/node/test.sh's build (its cargo cache), into the staging folder.
    (cd "$node_dir" && flock "$lock" npx napi build --platform --release \
      --output-dir "$stage/host" --no-js --dts native.d.ts) >"$log" 2>&1 || return 1
    cp "$stage/host/cardseal.$platform.node" "$stage/bin/"
    return 0
  fi
  dist_rust_target "$triple" >"$log" 2>&1 || return 1
  local flags_var
  flags_var="CARGO_TARGET_$(tr 'a-z-' 'A-Z_' <<<"$triple")_RUSTFLAGS"
  # musl: Rust links musl statically by default, which a cdylib (the .node) cannot be.
  case "$triple" in *musl) export "$flags_var=-C target-feature=-crt-static" ;; esac
  flock "$lock" cargo zigbuild -p cardseal-node --release --target "$zigtriple" >>"$log" 2>&1 ||
    return 1
  cp "$target_dir/$triple/release/libcardseal_node.so" "$stage/bin/cardseal.$platform.node"
}

# The fields every package.json here shares (description aside).
common_meta() {
  node -e '
    const p = require(process.argv[1])
    const keep = {}
    for (const k of ["version", "license", "homepage", "repository", "bugs", "keywords", "engines"]) keep[k] = p[k]
    process.stdout.write(JSON.stringify(keep))
  ' "$node_dir/package.json"
}
meta="$(common_meta)"

zig_ready=""
if [ "$scope" != native ]; then
  if dist_zig_tools; then zig_ready=1; fi
fi

built=()
for t in "${targets[@]}"; do
  read -r platform triple zigtriple os cpu libc <<<"$t"
  if [ "$scope" != native ] && [ -z "$zig_ready" ]; then
    echo "not built: $platform: zig / cargo-zigbuild could not be installed"
    continue
  fi
  echo "== $platform ($triple)"
  t0=$SECONDS
  if ! build_node "$platform" "$triple" "$zigtriple"; then
    reason="$(grep -m1 -E '^error' "$stage/build-$platform.log" || tail -n 1 "$stage/build-$platform.log")"
    echo "not built: $platform: build failed: $reason"
    sed 's/^/    /' "$stage/build-$platform.log" | tail -n 20
    continue
  fi
  pkg="$stage/pkg/cardseal-$platform"
  mkdir -p "$pkg"
  cp "$stage/bin/cardseal.$platform.node" "$pkg/"
  cp "$root/LICENSE-MIT" "$root/LICENSE-APACHE" "$pkg/"
  node -e '
    const [meta, platform, os, cpu, libc] = process.argv.slice(1)
    const m = JSON.parse(meta)
    const p = {
      name: `cardseal-${platform}`,
      version: m.version,
      description: `The ${platform} native addon of cardseal (card-issuing providers\x27 signing and encryption schemes); installed by the cardseal package, not used directly`,
      license: m.license,
      homepage: m.homepage,
      repository: m.repository,
      bugs: m.bugs,
      keywords: m.keywords,
      os: [os],
      cpu: [cpu],
      libc: [libc],
      main: `cardseal.${platform}.node`,
      files: [`cardseal.${platform}.node`, "LICENSE-MIT", "LICENSE-APACHE", "README.md"],
      engines: m.engines,
    }
    process.stdout.write(JSON.stringify(p, null, 2) + "\n")
  ' "$meta" "$platform" "$os" "$cpu" "$libc" >"$pkg/package.json"
  cat >"$pkg/README.md" <<EOF
# cardseal-$platform

The \`$platform\` native addon of [cardseal](https://github.com/cardseal/cardseal)
($triple). Install \`cardseal\`, not this package: npm picks the addon matching the
machine from cardseal's optional dependencies.

License: MIT OR Apache-2.0 (LICENSE-MIT, LICENSE-APACHE).
EOF
  (cd "$pkg" && npm pack --silent --pack-destination "$out" >/dev/null)
  echo "built: $platform ($((SECONDS - t0)) s)"
  built+=("$platform")
done

# The main package: the JS files of package.json "files" (no .node), the README, the
# licenses, and optionalDependencies on the platform packages built above.
main="$stage/pkg/cardseal"
mkdir -p "$main"
for f in index.js adapters.js index.d.ts index.mjs index.d.mts native.js native.d.ts README.md; do
  cp "$node_dir/$f" "$main/"
done
cp "$root/LICENSE-MIT" "$root/LICENSE-APACHE" "$main/"
node -e '
  const fs = require("fs")
  const [src, ...built] = process.argv.slice(1)
  const p = JSON.parse(fs.readFileSync(src, "utf8"))
  for (const k of ["devDependencies", "scripts", "overrides"]) delete p[k]
  p.files = p.files.filter((f) => f !== "*.node").concat(["README.md"])
  p.optionalDependencies = Object.fromEntries(built.map((b) => [`cardseal-${b}`, p.version]))
  process.stdout.write(JSON.stringify(p, null, 2) + "\n")
' "$node_dir/package.json" "${built[@]}" >"$main/package.json"
(cd "$main" && npm pack --silent --pack-destination "$out" >/dev/null)
echo "built: cardseal (main package; optionalDependencies: ${built[*]:-none})"

host_platform="linux-x64-gnu"
if [ "$(uname -m)" != x86_64 ]; then host_platform=""; fi
if [ -n "$host_platform" ] && [[ " ${built[*]} " != *" $host_platform "* ]]; then
  echo "error: this machine's own platform package ($host_platform) was not built" >&2
  exit 1
fi
ls -l "$out"
