#!/usr/bin/env bash
# Every test in every language, from a bare machine of the project's kind (Rust, Python 3,
# Node 20 + npm, Java 17 + Maven). Installs what it needs from the package registries:
# pip packages into bindings/python/.venv, npm packages into bindings/node/node_modules,
# Maven Central artifacts into ~/.m2. Safe to re-run.
set -uo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

passed=0
failed=0
failed_names=()
step() {
  local name="$1"
  shift
  echo
  echo "=== ${name}"
  local t0=$SECONDS
  if "$@"; then
    passed=$((passed + 1))
    echo "=== ${name}: ok ($((SECONDS - t0)) s)"
  else
    failed=$((failed + 1))
    failed_names+=("${name}")
    echo "=== ${name}: FAILED ($((SECONDS - t0)) s)"
  fi
}

# The core and CLI crates (the workspace's default members), never the binding crates:
# those are built and tested by their own language's tool below.
rust_fmt() { cargo fmt --all -- --check; }
rust_clippy() {
  cargo clippy --workspace --all-targets --all-features -- -D warnings &&
    cargo clippy -p cardseal --all-targets --no-default-features --features rustcrypto -- -D warnings
}
# All features (as docs.rs builds them: [package.metadata.docs.rs]), the default feature
# set, and the portable backend alone: no intra-doc link may depend on a feature.
rust_docs() {
  RUSTDOCFLAGS="-D warnings" cargo doc -p cardseal --no-deps --all-features -q &&
    RUSTDOCFLAGS="-D warnings" cargo doc -p cardseal --no-deps -q &&
    RUSTDOCFLAGS="-D warnings" cargo doc -p cardseal --no-deps --no-default-features --features rustcrypto -q
}
# --show-output: the vector and Wycheproof suites print how many cases each file ran.
rust_test_both() { cargo test --all-features -- --show-output; }
rust_test_openssl() { cargo test -p cardseal -- --show-output; }
rust_test_rustcrypto() { cargo test -p cardseal --no-default-features --features rustcrypto -- --show-output; }
rust_benches() { cargo bench -p cardseal-benches -- --test; }
# crates/cardseal/examples: one program per provider (compiled by `cargo test` too).
rust_examples() {
  local e
  for e in asinx paytend hypercard upay kazepay; do
    echo "--- cargo run -p cardseal --example $e"
    cargo run -q -p cardseal --example "$e" || return 1
  done
}

step "rust: cargo fmt --check" rust_fmt
step "rust: clippy -D warnings (all features, and rustcrypto alone)" rust_clippy
step "rust: docs build without warnings (all, default, rustcrypto features)" rust_docs
step "rust: tests, both RSA backends side by side" rust_test_both
step "rust: tests, openssl backend alone" rust_test_openssl
step "rust: tests, rustcrypto backend alone" rust_test_rustcrypto
step "rust: every benchmark runs once (criterion --test)" rust_benches
step "rust: every example runs once (one per provider)" rust_examples
# cargo-fuzz (nightly; installs cargo-fuzz when missing): every target 30 s (fuzz/README.md).
step "fuzz: 30 s smoke per target" bash scripts/fuzz.sh smoke
for b in python node uniffi; do
  if [ -f "bindings/$b/test.sh" ]; then
    step "binding: $b" bash "bindings/$b/test.sh"
  fi
done

# Release artifacts of this platform (scripts/dist.sh --native; the full matrix is its own
# command, README "Install"), installed the way a user installs them. After the binding
# suites, whose builds they reuse (the npm addon is bindings/node/test.sh's build).
dist_npm_jvm() { DIST_DIR="$PWD/target/dist-ci" DIST_PARTS="npm jvm mobile" bash scripts/dist.sh --native; }
npm_install() { DIST_DIR="$PWD/target/dist-ci" bash scripts/dist/test-npm.sh; }
jvm_install() { DIST_DIR="$PWD/target/dist-ci" bash scripts/dist/test-jvm.sh; }
step "dist: npm packages, JVM jar (--native)" dist_npm_jvm
step "install: npm .tgz into a fresh project, CommonJS and ESM" npm_install
step "install: the jar from a fresh Maven project (README Kotlin example)" jvm_install
# The x86_64 manylinux2014 wheel (scripts/dist/python.sh, DIST_SCOPE=native) installed as a
# user would: a fresh venv, not bindings/python/.venv; the Python suite runs against the
# venv's site-packages (CARDSEAL_EXPECT_PACKAGE_DIR: tests/conftest.py checks where
# `import cardseal` resolves).
python_wheel_install() {
  local dist="$PWD/target/dist-ci" venv="$PWD/target/wheel-venv"
  DIST_DIR="$dist" DIST_SCOPE=native bash scripts/dist/python.sh || return 1
  rm -rf "$venv" && python3 -m venv "$venv" || return 1
  "$venv/bin/pip" install --quiet --disable-pip-version-check "$dist"/python/cardseal-*-manylinux2014_x86_64.*.whl \
    pytest cryptography httpx requests fastapi uvicorn flask </dev/null || return 1
  local site
  site="$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["platlib"])')" || return 1
  (cd bindings/python && CARDSEAL_EXPECT_PACKAGE_DIR="$site/cardseal" "$venv/bin/pytest" -q -p no:cacheprovider tests </dev/null)
}
step "python: the manylinux2014 x86_64 wheel in a fresh venv runs the suite" python_wheel_install
# The core on aarch64 under qemu-user (cross-built; the full run of every test on both
# backends is `bash scripts/test-aarch64.sh`, longer than the CI budget).
step "rust: aarch64 under qemu-user, vector suite on both RSA backends" bash scripts/test-aarch64.sh --smoke

echo
if [ "$failed" -gt 0 ]; then
  printf 'failed: %s\n' "${failed_names[@]}"
fi
echo "suites: ${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
