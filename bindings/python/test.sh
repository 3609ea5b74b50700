#!/usr/bin/env bash
# Builds the cardseal Python wheel from scratch and runs the pytest suite against it.
#
# From a bare machine with Python >= 3.9 and Rust: creates a fresh venv in
# bindings/python/.venv (gitignored), installs maturin, pytest, cryptography, the type
# checkers and the adapters' test peers (httpx, requests, fastapi, uvicorn, flask) from PyPI,
# builds one abi3 wheel with `maturin build --release` (on Linux x86_64 the manylinux2014
# wheel, `--zig`, as scripts/dist/python.sh builds it, in target/x86_64-unknown-linux-gnu/;
# OpenSSL vendored and statically linked; the workspace target dir and release profile),
# installs it, checks the .pyi stubs against it (mypy stubtest; mypy --strict and pyright
# strict over tests/test_typed_usage.py) and runs the tests.
# Non-interactive and safe to re-run.
set -euo pipefail
export CI=true
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
cd "$(dirname "$0")"
here="$(pwd)"
python="${PYTHON:-python3}"

echo "--- fresh venv ($("$python" --version 2>&1))"
rm -rf .venv dist
"$python" -m venv .venv
venv_py="$here/.venv/bin/python"
"$venv_py" -m pip install --quiet "maturin>=1.9.4,<2" pytest cryptography mypy "pyright==1.1.414" \
  httpx requests fastapi uvicorn flask types-requests </dev/null

echo "--- maturin build --release (abi3 wheel)"
build=(--release --interpreter "$venv_py" --out dist)
if [ "$(uname -sm)" = "Linux x86_64" ]; then
  # The released manylinux2014 wheel (glibc 2.17, zig from PyPI as C compiler and linker),
  # built exactly as scripts/dist/python.sh builds it, so that the install test of
  # scripts/test-all.sh reuses this cargo build.
  "$venv_py" -m pip install --quiet ziglang auditwheel </dev/null
  build+=(--zig --target x86_64-unknown-linux-gnu --compatibility manylinux2014)
fi
PATH="$here/.venv/bin:$PATH" "$here/.venv/bin/maturin" build "${build[@]}" </dev/null
shopt -s nullglob
wheels=(dist/cardseal-*-abi3-*.whl)
if [ "${#wheels[@]}" -ne 1 ]; then
  echo "expected exactly one abi3 wheel in dist/, found: ${wheels[*]:-none}" >&2
  exit 1
fi
echo "wheel: ${wheels[0]}"
"$venv_py" -m pip install --quiet --force-reinstall --no-deps "${wheels[0]}" </dev/null

echo "--- the installed module is the wheel, and needs no shared OpenSSL"
so="$(cd /tmp && "$venv_py" -c 'import cardseal._native as n; print(n.__file__)')"
case "$so" in
  "$here/.venv/"*) ;;
  *) echo "cardseal imported from $so, not from the venv" >&2; exit 1 ;;
esac
if command -v ldd >/dev/null 2>&1 && ldd "$so" | grep -Eq 'lib(ssl|crypto)\.so'; then
  echo "$so links a shared OpenSSL:" >&2
  ldd "$so" >&2
  exit 1
fi

echo "--- the hand-written stubs match the runtime (mypy stubtest)"
(cd /tmp && "$venv_py" -m mypy.stubtest cardseal </dev/null)

echo "--- typed usage against the installed stubs: mypy --strict, pyright strict"
# tests/test_typed_usage.py and tests/test_serve_adapters.py (also run by pytest below), and
# the installed cardseal.adapters package. pyright's PyPI wrapper runs the pyright npm
# package of the same version with the machine's Node (fetched once by npm).
adapters="$(cd /tmp && "$venv_py" -c 'import cardseal.adapters as a, os; print(os.path.dirname(a.__file__))')"
(cd /tmp && "$venv_py" -m mypy --strict "$here/tests/test_typed_usage.py" "$here/tests/test_serve_adapters.py" </dev/null)
(cd /tmp && "$venv_py" -m mypy --strict -p cardseal.adapters </dev/null)
(cd /tmp && "$here/.venv/bin/pyright" --pythonpath "$venv_py" "$here/tests/test_typed_usage.py" \
  "$here/tests/test_serve_adapters.py" "$adapters" </dev/null)

run_pytest() { # <python> <label>
  echo "--- pytest ($2)"
  set +e
  (cd "$here" && "$1" -m pytest -q -p no:cacheprovider tests </dev/null)
  local status=$?
  set -e
  if [ "$status" -eq 5 ]; then
    echo "pytest collected no tests" >&2
    return 1
  fi
  return "$status"
}

run_pytest "$venv_py" "$("$venv_py" --version 2>&1)"

# Optional: the same abi3 wheel on other CPython versions, e.g.
# CARDSEAL_PY_EXTRA="/path/to/python3.9 /path/to/python3.13" bash bindings/python/test.sh
for extra in ${CARDSEAL_PY_EXTRA:-}; do
  xver="$("$extra" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
  xdir="$here/.venv/extra-$xver"
  rm -rf "$xdir"
  "$extra" -m venv "$xdir"
  "$xdir/bin/python" -m pip install --quiet pytest cryptography httpx requests fastapi uvicorn flask \
    "$here/${wheels[0]}" </dev/null
  run_pytest "$xdir/bin/python" "$("$xdir/bin/python" --version 2>&1), same wheel"
done
