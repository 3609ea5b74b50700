"""The vector runner itself can fail: run tests/test_vectors.py on temporary vector
directories and check that an empty directory, a file with zero vectors, an unknown op, a
wrong value and a wrong error kind each fail the run, and that a correct file passes."""

import json
import pathlib
import shutil
import subprocess
import sys

import pytest

from conftest import VECTORS_DIR

HERE = pathlib.Path(__file__).resolve().parent
GOOD = {"id": "sha256 abc", "op": "sha256", "args": {"data": "abc"},
        "expect": {"digest_hex": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"}}


def _run(tmp_path, vectors):
    d = tmp_path / "vectors"
    d.mkdir()
    shutil.copy(VECTORS_DIR / "README.md", d / "README.md")
    if vectors is not None:
        doc = {"schema": "cardseal-vectors/1", "title": "t", "source": "t", "vectors": vectors}
        (d / "t.json").write_text(json.dumps(doc), encoding="utf-8")
    env = dict(__import__("os").environ, CARDSEAL_VECTORS=str(d))
    r = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(HERE / "test_vectors.py")],
        cwd=HERE.parent, env=env, capture_output=True, text=True, timeout=300,
    )
    return r.returncode, r.stdout + r.stderr


def test_a_correct_file_passes(tmp_path):
    rc, out = _run(tmp_path, [GOOD])
    assert rc == 0, out


@pytest.mark.parametrize("case,vectors", [
    ("empty directory", None),
    ("zero vectors", []),
    ("unknown op", [GOOD, {"id": "x", "op": "no_such_op", "args": {}, "expect": {}}]),
    ("wrong value", [dict(GOOD, expect={"digest_hex": "00" * 32})]),
    ("missing output", [dict(GOOD, expect={"no_such_output": "x"})]),
    ("wrong error kind", [{"id": "bad padding", "op": "aes_ecb_decrypt",
                           "args": {"key_hex": "00" * 16, "ciphertext_hex": "00" * 16, "padding": "pkcs7"},
                           "error": "invalid_key"}]),
    ("error expected, none raised", [dict(GOOD, expect=None, error="invalid_input")]),
    ("both expect and error", [dict(GOOD, error="invalid_input")]),
])
def test_the_runner_fails_on(tmp_path, case, vectors):
    if vectors:
        vectors = [{k: v for k, v in vec.items() if v is not None} for vec in vectors]
    rc, out = _run(tmp_path, vectors)
    assert rc == 1, f"{case}: runner exit {rc}\n{out}"
