#!/usr/bin/env bash
# The JVM artifact dev.cardseal:cardseal:<version> (called by scripts/dist.sh):
#   $DIST_DIR/jvm/cardseal-<version>.jar   compiled Kotlin binding (bindings/uniffi/generated),
#                                          JNA natives linux-x86-64/ and linux-aarch64/
#                                          libcardseal_uniffi.so, META-INF/LICENSE-{MIT,APACHE}
#   $DIST_DIR/jvm/cardseal-<version>.pom   its pom (dependencies: kotlin-stdlib, JNA,
#                                          kotlinx-coroutines)
#   $DIST_DIR/maven/                       a local Maven repository holding the two
#                                          (mvn install:install-file -DlocalRepositoryPath),
#                                          usable as <repository><url>file://…/dist/maven
# The natives are release builds of cardseal-uniffi (portable rustcrypto backend, no
# OpenSSL). DIST_SCOPE=all: both Linux architectures, linked with zig against glibc 2.17
# (scripts/dist/zig-tools.sh). DIST_SCOPE=native: linux-x86-64 only, the host's cargo build.
# A native that cannot be built prints "not built: <platform>: <reason>"; the jar is made
# with the others, and the part fails only when this machine's own one is missing.
set -euo pipefail
# shellcheck source=scripts/dist/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
# shellcheck source=scripts/dist/zig-tools.sh
. "$root/scripts/dist/zig-tools.sh"

pom="$root/scripts/dist/jvm/pom.xml"
version="$(sed -n 's|^  <version>\(.*\)</version>$|\1|p' "$pom" | head -n 1)"
cargo_version="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n 1)"
if [ "$version" != "$cargo_version" ]; then
  echo "error: scripts/dist/jvm/pom.xml version $version != workspace version $cargo_version" >&2
  exit 1
fi

work="$target_dir/dist-jvm"
rm -rf "$work" "$dist/jvm" "$dist/maven"
mkdir -p "$work/natives/META-INF" "$dist/jvm" "$dist/maven"
cp "$root/LICENSE-MIT" "$root/LICENSE-APACHE" "$work/natives/META-INF/"

# JNA resource folder, rust triple, zig triple
targets=(
  "linux-x86-64 x86_64-unknown-linux-gnu x86_64-unknown-linux-gnu.2.17"
  "linux-aarch64 aarch64-unknown-linux-gnu aarch64-unknown-linux-gnu.2.17"
)
zig_ready=""
if [ "$scope" = native ]; then
  targets=("${targets[0]}")
elif dist_zig_tools; then
  zig_ready=1
fi

built=()
for t in "${targets[@]}"; do
  read -r jna triple zigtriple <<<"$t"
  log="$work/build-$jna.log"
  t0=$SECONDS
  if [ "$scope" = native ]; then
    flock "$lock" cargo build -p cardseal-uniffi --release --lib >"$log" 2>&1 &&
      lib="$target_dir/release/libcardseal_uniffi.so" || lib=""
  elif [ -z "$zig_ready" ]; then
    echo "not built: $jna: zig / cargo-zigbuild could not be installed"
    continue
  else
    { dist_rust_target "$triple" &&
      flock "$lock" cargo zigbuild -p cardseal-uniffi --release --lib --target "$zigtriple"; } >"$log" 2>&1 &&
      lib="$target_dir/$triple/release/libcardseal_uniffi.so" || lib=""
  fi
  if [ -z "$lib" ] || [ ! -f "$lib" ]; then
    echo "not built: $jna: build failed: $(grep -m1 -E '^error' "$log" || tail -n 1 "$log")"
    tail -n 20 "$log" | sed 's/^/    /'
    continue
  fi
  mkdir -p "$work/natives/$jna"
  cp "$lib" "$work/natives/$jna/"
  echo "built: $jna ($triple, $((SECONDS - t0)) s)"
  built+=("$jna")
done
if [ "$(uname -m)" = x86_64 ] && [[ " ${built[*]} " != *" linux-x86-64 "* ]]; then
  echo "error: this machine's own native (linux-x86-64) was not built" >&2
  exit 1
fi

echo "== jar (Kotlin compile, Maven Central: kotlin-maven-plugin, JNA, kotlinx-coroutines)"
t0=$SECONDS
(cd "$root/scripts/dist/jvm" && flock "$lock" mvn -q -B -Dstyle.color=never package \
  -Dcardseal.natives.dir="$work/natives" -Dcardseal.build.dir="$work/build")
jar="$work/build/cardseal-$version.jar"
cp "$jar" "$dist/jvm/"
# The artifact's pom: the build pom less its <build> section and the build properties.
python3 - "$pom" "$dist/jvm/cardseal-$version.pom" <<'EOF'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
text = re.sub(r"\n  <build>.*?</build>\n", "\n", text, flags=re.S)
text = re.sub(r"\n    <!-- Set by jvm.sh:.*?</cardseal\.build\.dir>", "", text, flags=re.S)
text = re.sub(r"<!--\n  The cardseal JVM artifact.*?-->\n", "", text, flags=re.S)
open(sys.argv[2], "w", encoding="utf-8").write(text)
EOF
echo "jar: $((SECONDS - t0)) s"

echo "== install into the local Maven repository $dist/maven"
(cd "$work" && mvn -q -B -Dstyle.color=never \
  org.apache.maven.plugins:maven-install-plugin:2.4:install-file \
  -Dfile="$dist/jvm/cardseal-$version.jar" -DpomFile="$dist/jvm/cardseal-$version.pom" \
  -DlocalRepositoryPath="$dist/maven" -DcreateChecksum=true)

echo "built: dev.cardseal:cardseal:$version (natives: ${built[*]})"
unzip -l "$dist/jvm/cardseal-$version.jar" | grep -E 'libcardseal_uniffi|LICENSE|dev/cardseal/Asinx.class' || true
