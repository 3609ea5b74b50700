"""The hand-written stubs describe exactly the runtime API (shipped in the wheel with py.typed)."""

import ast
import inspect
import pathlib

import cardseal
from cardseal import hazmat

PKG = pathlib.Path(cardseal.__file__).parent


def _stub(name):
    tree = ast.parse((PKG / name).read_text(encoding="utf-8"))
    out = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            out[node.name] = {
                n.name for n in node.body if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")
            } | {n.target.id for n in node.body if isinstance(n, ast.AnnAssign)}
        elif isinstance(node, ast.FunctionDef):
            out[node.name] = None
    return out


def _check(module, stub, names):
    for name in names:
        assert name in stub, f"{module.__name__}.{name} missing from the stub"
        obj = getattr(module, name)
        if inspect.isclass(obj) and not issubclass(obj, BaseException):
            runtime = {n for n in dir(obj) if not n.startswith("_")}
            assert runtime == stub[name], f"{name}: runtime {sorted(runtime ^ stub[name])} differ"


def test_package_files_are_in_the_wheel():
    for f in ("__init__.pyi", "hazmat.pyi", "py.typed"):
        assert (PKG / f).is_file(), f


def test_top_level_stub_matches_runtime():
    stub = _stub("__init__.pyi")
    _check(cardseal, stub, [n for n in cardseal.__all__ if n != "hazmat"])


def test_hazmat_stub_matches_runtime():
    stub = _stub("hazmat.pyi")
    _check(hazmat, stub, hazmat.__all__)
    runtime_funcs = {n for n in hazmat.__all__ if not inspect.isclass(getattr(hazmat, n))}
    stub_funcs = {n for n, v in stub.items() if v is None}
    assert runtime_funcs == stub_funcs
