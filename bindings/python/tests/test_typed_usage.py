# pyright: strict
"""Typed usage of the public API, checked by ``mypy --strict`` against the shipped stubs
(bindings/python/test.sh) and run by pytest: every provider's seal/open with dict, list
and tuple payloads, ``ProviderError.code``/``.message`` as ``str``, and ``open_*``
results typed ``dict[str, Any]`` where the payload is always a JSON object."""

from __future__ import annotations

import pathlib
from decimal import Decimal
from typing import Any

import cardseal
from cardseal import hazmat

KEYS = pathlib.Path(__file__).resolve().parents[3] / "test-vectors" / "keys"
SEED = b"typed-usage"
NOW_MS = 1_700_000_000_000


def _key(name: str) -> str:
    return (KEYS / name).read_text(encoding="ascii")


def test_asinx() -> None:
    a = cardseal.Asinx("app_447770", "b635dd5c87f7bf73387929203321b1e1", seed=SEED, now_ms=NOW_MS)
    p = a.provider()
    s: cardseal.Sealed = a.seal_request("/user/register", {"email": "a@b.c", "tags": ["x"]}, uid="u1")
    params: dict[str, Any] = p.open_request(s.body, s.headers, path="/user/register")
    assert params == {"email": "a@b.c", "tags": ["x"]}
    listed: Any = a.open_response(p.seal_response([1, "two", {"three": 3}]).body)
    assert listed == [1, "two", {"three": 3}]
    assert a.open_response(p.seal_response((1, 2)).body) == [1, 2]
    try:
        a.open_response(p.seal_error_response(40001, "bad sign").body)
        raise AssertionError("no ProviderError")
    except cardseal.ProviderError as e:
        code: str = e.code
        message: str = e.message
        assert (code, message.upper(), e.result) == ("40001", "BAD SIGN", None)


def test_paytend() -> None:
    m = cardseal.Paytend(
        "888666000100201",
        _key("sandbox_merchant_1024.pem"),
        cardseal.public_key_pem(_key("sandbox_provider_1024.pem")),
        seed=SEED,
        now_ms=NOW_MS,
    )
    p = m.provider(_key("sandbox_provider_1024.pem"))
    s = m.seal_request({"cardId": "1755902", "amount": Decimal("5000.00")})
    assert p.open_request(s.body) == {"cardId": "1755902", "amount": Decimal("5000.00")}
    assert m.open_response(p.seal_response({"rows": [{"a": 1}]}).body) == {"rows": [{"a": 1}]}
    assert m.open_response(p.seal_response({"a": (1,)}, encrypt=False).body) == {"a": [1]}
    try:
        m.open_response(p.seal_error_response("05", "declined").body)
        raise AssertionError("no ProviderError")
    except cardseal.ProviderError as e:
        assert (e.code.strip(), e.message.strip()) == ("05", "declined")


def test_hypercard() -> None:
    m = cardseal.HyperCard(
        "key-1",
        _key("sandbox_merchant_2048.pem"),
        cardseal.public_key_pem(_key("sandbox_provider_2048.pem")),
        seed=SEED,
        now_ms=NOW_MS,
    )
    p = m.provider(_key("sandbox_provider_2048.pem"))
    s = m.seal_request({"cardNo": "4111", "ids": (1, 2)})
    request: dict[str, Any] = p.open_request(s.body, s.headers)
    assert request["cardNo"] == "4111" and request["ids"] == [1, 2]
    event: dict[str, Any] = m.open_notification(
        (n := p.seal_notification({"event": "card.created"})).body, n.headers
    )
    assert event["event"] == "card.created"
    try:
        m.open_response(p.seal_error_response("40001", "signature error").body)
        raise AssertionError("no ProviderError")
    except cardseal.ProviderError as e:
        assert (e.code, e.message) == ("40001", "signature error")


def test_upay() -> None:
    m = cardseal.UPay(
        "api-key-1",
        "secret",
        _key("upay_merchant.pem"),
        _key("upay_platform.pub.pem"),
        seed=SEED,
        now_ms=NOW_MS,
    )
    p = m.provider(_key("upay_platform.pem"))
    s = m.seal_request("POST", "/api/v1/customer/add", {"name": "A", "docs": ["p1"]}, encrypt=True)
    assert p.open_request(s.body, s.headers, method="POST", path="/api/v1/customer/add") == {
        "name": "A",
        "docs": ["p1"],
    }
    n = p.seal_notification({"event": "card.apply", "trace": "t1", "orderNo": "o1", "detail": {"a": 1}})
    webhook: dict[str, Any] = m.open_notification(n.body, n.headers)
    assert webhook["event"] == "card.apply" and webhook["detail"] == {"a": 1}


def test_kazepay() -> None:
    m = cardseal.KazePay(
        "sys-1",
        _key("kazepay_merchant.pem"),
        _key("kazepay_provider.pub.pem"),
        seed=SEED,
        now_ms=NOW_MS,
    )
    p = m.provider(_key("kazepay_provider.pem"))
    s = m.seal_request("cardBalance", {"cardId": "c1"}, request_no="174574749857359840")
    assert p.open_request(s.body) == {"cardId": "c1"}
    r = p.seal_response(("a", 1), api_code="cardBalance", request_no="174574749857359840")
    assert m.open_response(r.body) == ["a", 1]
    try:
        m.open_response(p.seal_error_response("cardBalance", "174574749857359840", "FAIL", "no card").body)
        raise AssertionError("no ProviderError")
    except cardseal.ProviderError as e:
        assert (e.code, e.message) == ("FAIL", "no card")


def test_hazmat_payloads() -> None:
    assert hazmat.json_sorted_compact({"b": [1, (2, 3)], "a": 1}) == '{"a":1,"b":[1,[2,3]]}'
    assert hazmat.json_compact([{"b": 1, "a": 2}]) == '[{"b":1,"a":2}]'
    assert hazmat.json_compact(("x", None)) == '["x",null]'
