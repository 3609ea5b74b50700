"""Interoperability with an independent implementation: the plain-Python + pyca/cryptography
code of benches/python/bench.py (written from docs/providers/, not from cardseal) seals
requests that cardseal's mirrors open, and opens the responses they seal, for every
provider."""

import importlib.util
import pathlib

import pytest

BENCH = pathlib.Path(__file__).resolve().parents[3] / "benches" / "python" / "bench.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("cardseal_bench", BENCH)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize("provider", ["ASINX", "Paytend", "HyperCard", "UPay", "KazePay"])
def test_plain_python_implementation_interoperates(bench, provider):
    ops = bench.build()
    payload = {"cardId": "1755902", "amount": "5000.00", "holder": {"name": "Zoë", "tags": ["a", "b"]}}
    o = ops(provider, payload)  # asserts both directions
    assert o["seal"][0]().body and o["open"][0]() == payload
