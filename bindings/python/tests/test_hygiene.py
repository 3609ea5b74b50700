"""Keys and secrets never appear in repr/str; payload conversion rules."""

import json
from collections import OrderedDict
from decimal import Decimal
from enum import IntEnum

import pytest

import cardseal
from cardseal import hazmat

SECRET = "b635dd5c87f7bf73387929203321b1e1"
UPAY_SECRET = "g3)&~8P9S+ZhqO@G8b9Ate%xa5Jh-.E%"


def _no_secret(obj, *secrets):
    text = repr(obj) + str(obj)
    for s in secrets:
        for probe in (s, s[:12], s[-12:]):
            assert probe not in text, f"{type(obj).__name__} repr leaks secret material: {text}"
    return repr(obj)


def test_reprs_do_not_leak(keys):
    pem_m, pem_p = keys["m1024"], keys["p1024"]
    body_m = "".join(pem_m.splitlines()[1:-1])
    a = cardseal.Asinx("app_1", SECRET)
    assert _no_secret(a, SECRET) == 'Asinx(app_id="app_1")'
    assert _no_secret(a.provider(), SECRET) == "AsinxProvider(..)"
    assert _no_secret(cardseal.AsinxProvider("app_1", SECRET), SECRET)
    pub_p = cardseal.public_key_pem(pem_p)
    objs = [
        cardseal.Paytend("888666000100201", pem_m, pub_p),
        cardseal.HyperCard("api", pem_m, pub_p),
        cardseal.UPay("app", UPAY_SECRET, keys["upay_m"], cardseal.public_key_pem(keys["upay_p"])),
        cardseal.KazePay("sys", keys["kaze_m"], cardseal.public_key_pem(keys["kaze_p"])),
    ]
    for o in objs:
        _no_secret(o, body_m, UPAY_SECRET, "".join(keys["upay_m"].splitlines()[1:-1]),
                   "".join(keys["kaze_m"].splitlines()[1:-1]))
        assert not [n for n in dir(o) if "secret" in n.lower()]
    k = hazmat.RsaPrivateKey(pem_m)
    assert _no_secret(k, body_m) == "RsaPrivateKey(bits=1024)"
    assert repr(k.public_key()) == "RsaPublicKey(bits=1024)"
    s = cardseal.Asinx("app_1", SECRET).seal_request("/x", {"a": 1})
    assert repr(s) == "Sealed(body=<7 bytes>, headers=[\"appId\", \"sign\", \"Content-Type\"])"
    _no_secret(s.trace, SECRET)


def test_error_messages_do_not_echo_key_material(keys):
    broken = keys["m1024"].replace("A", "B", 5)
    with pytest.raises(cardseal.Error) as info:
        hazmat.RsaPrivateKey(broken)
    body = "".join(broken.splitlines()[1:-1])
    _no_secret(info.value, body)
    with pytest.raises(cardseal.InvalidKey) as info:
        cardseal.Asinx("app", "zz" + SECRET[2:] + "q")
    _no_secret(info.value, SECRET[2:])


def test_payload_conversion_is_exact_and_ordered():
    class Color(IntEnum):
        RED = 7

    value = OrderedDict([
        ("z", Decimal("5000.00")),
        ("a", [1, -0.0, 1e16, 0.1, 2 ** 70, True, False, None, (1, 2)]),
        ("u", "é€😀 \"q\" \\ / \n\t\u0001"),
        ("e", Color.RED),
        ("d", Decimal("1E+3")),
        ("m", {}),
    ])
    text = hazmat.json_compact(value)
    assert text == (
        '{"z":5000.00,"a":[1,-0.0,1e+16,0.1,1180591620717411303424,true,false,null,[1,2]],'
        '"u":"é€😀 \\"q\\" \\\\ / \\n\\t\\u0001","e":7,"d":1E+3,"m":{}}'
    )
    assert json.loads(text, parse_float=Decimal)["z"] == Decimal("5000.00")
    # A str payload is used byte for byte: json_compact only removes whitespace.
    assert hazmat.json_compact(' {"b" : 1.50 , "a":2} ') == '{"b":1.50,"a":2}'
    assert hazmat.json_sorted_compact({"b": 1, "a": Decimal("2.0")}) == '{"a":2.0,"b":1}'
    # Results: dict in order, decimals exact.
    p = cardseal.AsinxProvider("app", SECRET)
    r = p.seal_response('{"b":1.10,"a":[2,3.000]}')
    got = cardseal.Asinx("app", SECRET).open_response(r.body)
    assert list(got) == ["b", "a"] and got["a"][1] == Decimal("3.000") and str(got["a"][1]) == "3.000"


def test_seed_is_bytes_only():
    with pytest.raises(cardseal.InvalidInput):
        cardseal.Asinx("app", SECRET, seed="text seed")
