"""(a) Every file in test-vectors/, through the public Python API.

A file with zero vectors fails, an unknown op fails, an empty directory fails; each
vector's `expect` must match key by key (exact values and types), or its `error` must be
the kind of the raised `cardseal.Error`.
"""

import json
from decimal import Decimal

import pytest

import cardseal
from conftest import VECTORS_DIR
from vector_ops import OPS, UnknownOp, run

FILES = sorted(VECTORS_DIR.glob("*.json"))


def _load(path):
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc.get("schema") == "cardseal-vectors/1", f"{path.name}: schema"
    return doc


def _runs_here(doc, vector):
    """Binding runners run every vector of a provider file and, of a primitive file
    (`"bindings": "smoke"`), the `smoke` vectors only: the rest tests the core, which the
    Rust runner covers (test-vectors/README.md, "Who runs what")."""
    return doc.get("bindings", "all") == "all" or vector.get("smoke") is True


def _cases():
    for path in FILES:
        doc = _load(path)
        for i, v in enumerate(doc.get("vectors") or []):
            if _runs_here(doc, v):
                yield pytest.param(path.name, v, id=f"{path.name}:{i}:{v.get('id', '?')}")


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_smoke_marking(path):
    """`bindings` is "all" (default) or "smoke"; a smoke file has a smoke vector for every
    op it uses; `smoke` appears only in smoke files."""
    doc = _load(path)
    mode = doc.get("bindings", "all")
    assert mode in ("all", "smoke"), f"{path.name}: bindings = {mode!r}"
    vectors = doc["vectors"]
    if mode == "all":
        assert not any("smoke" in v for v in vectors), f"{path.name}: smoke outside a smoke file"
    else:
        ops = {v["op"] for v in vectors}
        smoked = {v["op"] for v in vectors if v.get("smoke") is True}
        assert ops == smoked, f"{path.name}: ops without a smoke vector: {sorted(ops - smoked)}"


def test_vector_directory_has_files():
    assert FILES, f"no vector files in {VECTORS_DIR}"


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_file_has_vectors(path):
    vectors = _load(path).get("vectors")
    assert isinstance(vectors, list) and len(vectors) > 0, f"{path.name}: zero vectors"
    for v in vectors:
        assert v["op"] in OPS, f"{path.name}: unknown op `{v['op']}`"


def test_unknown_op_is_an_error():
    with pytest.raises(UnknownOp):
        run("no_such_op", {})


def _strict_equal(have, want):
    if isinstance(want, bool) or isinstance(have, bool):
        return type(have) is type(want) and have == want
    if isinstance(want, dict):
        return isinstance(have, dict) and have.keys() == want.keys() and all(
            _strict_equal(have[k], want[k]) for k in want
        )
    if isinstance(want, list):
        return isinstance(have, list) and len(have) == len(want) and all(
            _strict_equal(h, w) for h, w in zip(have, want)
        )
    return type(have) is type(want) and have == want


def _check_error_detail(e, detail):
    """`error_detail` (test-vectors/README.md): the provider error's fields, exactly; `data`
    is `result_json` parsed as opened payloads are (`Decimal` for fractions), or None."""
    assert isinstance(e, cardseal.ProviderError), f"error_detail needs a ProviderError, got {e!r}"
    attrs = {"code": "code", "message": "message", "result_json": "result"}
    for key, want in detail.items():
        assert key in attrs, f"unknown error_detail key `{key}`"
        have = getattr(e, attrs[key])
        assert _strict_equal(have, want), f"error `{key}` = {have!r}, want {want!r}"
    if "result_json" in detail:
        want = detail["result_json"]
        parsed = None if want is None else json.loads(want, parse_float=Decimal)
        assert _strict_equal(e.data, parsed), f"error data = {e.data!r}, want {parsed!r}"


@pytest.mark.parametrize("file,vector", list(_cases()))
def test_vector(file, vector):
    op, args = vector["op"], vector["args"]
    has_expect, has_error = "expect" in vector, "error" in vector
    assert has_expect != has_error, "needs exactly one of `expect` / `error`"
    if has_error:
        with pytest.raises(cardseal.Error) as info:
            run(op, args)
        assert info.value.kind == vector["error"], f"raised {info.value!r}"
        assert type(info.value).kind == vector["error"]
        if "error_detail" in vector:
            _check_error_detail(info.value, vector["error_detail"])
        return
    out = run(op, args)
    for key, want in vector["expect"].items():
        assert key in out, f"runner gave no `{key}`"
        assert _strict_equal(out[key], want), f"`{key}` = {out[key]!r}, want {want!r}"


def test_every_documented_op_has_a_runner():
    """Each op in the README's table is implemented here (even before a file uses it)."""
    readme = (VECTORS_DIR / "README.md").read_text(encoding="utf-8")
    documented = set()
    for line in readme.splitlines():
        if line.startswith("| `"):
            first_cell = line.split("|")[1]
            documented.update(part.strip().strip("`") for part in first_cell.split(","))
    assert documented, "no ops found in test-vectors/README.md"
    missing = sorted(documented - set(OPS))
    assert not missing, f"documented ops without a runner: {missing}"
