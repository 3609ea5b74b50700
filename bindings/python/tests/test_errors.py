"""(c) Every error kind from Python: one hierarchy, defined once, with `.kind`."""

import json
import math
from decimal import Decimal

import pytest

import cardseal
from cardseal import hazmat

KINDS = {
    cardseal.InvalidKey: "invalid_key",
    cardseal.InvalidInput: "invalid_input",
    cardseal.SignatureMismatch: "signature_mismatch",
    cardseal.DecryptionFailed: "decryption_failed",
    cardseal.ProviderError: "provider_error",
    cardseal.Expired: "expired",
}
SECRET = "b635dd5c87f7bf73387929203321b1e1"


def test_hierarchy_is_defined_once():
    assert issubclass(cardseal.Error, Exception)
    assert cardseal.Error.__module__ == "cardseal" and cardseal.Error.kind is None
    for cls, kind in KINDS.items():
        assert issubclass(cls, cardseal.Error)
        assert cls.kind == kind
        assert cls.__module__ == "cardseal"
        assert getattr(cardseal._native, cls.__name__) is cls
    assert len({c.kind for c in KINDS}) == 6


def _raises(cls, fn):
    with pytest.raises(cls) as info:
        fn()
    e = info.value
    assert type(e) is cls and isinstance(e, cardseal.Error)
    assert e.kind == KINDS[cls]
    return e


def test_invalid_key():
    _raises(cardseal.InvalidKey, lambda: cardseal.Asinx("app", "123456"))
    _raises(cardseal.InvalidKey, lambda: hazmat.aes_ecb_encrypt(b"short", b"x"))
    _raises(cardseal.InvalidKey, lambda: hazmat.RsaPrivateKey("not a key"))
    _raises(cardseal.InvalidKey, lambda: cardseal.public_key_pem(b"\x30\x03\x02\x01\x00"))
    _raises(cardseal.InvalidKey, lambda: cardseal.Paytend("p", 12345, "x"))


def test_invalid_input_names_the_field():
    a = cardseal.Asinx("app", SECRET)
    e = _raises(cardseal.InvalidInput, lambda: a.open_response("not json"))
    assert e.field == "body" and "body" in str(e)
    e = _raises(cardseal.InvalidInput, lambda: a.seal_request("/x", {"a": {1, 2}}))
    assert e.field == "params" and "set" in str(e)
    e = _raises(cardseal.InvalidInput, lambda: a.seal_request("/x", {1: "int key"}))
    assert "keys must be str" in str(e)
    for bad in (math.nan, math.inf, Decimal("NaN"), Decimal("-Infinity")):
        _raises(cardseal.InvalidInput, lambda: a.seal_request("/x", {"v": bad}))
    _raises(cardseal.InvalidInput, lambda: a.seal_request("/x", b"\xff\xfe"))
    _raises(cardseal.InvalidInput, lambda: a.seal_request("/x", {"big": 10 ** 5000}))  # > int_max_str_digits
    _raises(cardseal.InvalidInput, lambda: a.seal_request("/x", {"s": "\ud800"}))
    deep = []
    for _ in range(200):
        deep = [deep]
    _raises(cardseal.InvalidInput, lambda: a.seal_request("/x", {"d": deep}))
    _raises(cardseal.InvalidInput, lambda: hazmat.hex_decode("abc"))
    _raises(cardseal.InvalidInput, lambda: hazmat.b64_decode("a"))
    _raises(cardseal.InvalidInput, lambda: hazmat.aes_ecb_encrypt(bytes(16), b"x", "zero"))
    _raises(cardseal.InvalidInput, lambda: hazmat.aes_ecb_encrypt(bytes(16), "text is not bytes"))
    _raises(cardseal.InvalidInput, lambda: hazmat.rsa_sign_pkcs1v15(cardseal.generate_rsa_key(1024), b"m", "sha512"))
    _raises(cardseal.InvalidInput, lambda: a.provider().open_request("{}", 42, path="/x"))
    _raises(cardseal.InvalidInput, lambda: hazmat.json_sorted_compact('{"a":1,"a":2}'))
    kp = cardseal.generate_rsa_key(1024)
    _raises(cardseal.InvalidInput, lambda: cardseal.KazePay("s", kp, cardseal.public_key_pem(kp), digest="md5"))


def test_signature_mismatch():
    _raises(cardseal.SignatureMismatch, lambda: hazmat.hmac_sha256_verify(b"k", b"data", bytes(32)))
    k = hazmat.RsaPrivateKey.generate(1024)
    sig = hazmat.rsa_sign_pkcs1v15(k, b"message")
    assert hazmat.rsa_verify_pkcs1v15(k.public_key(), b"message", sig) is None
    _raises(cardseal.SignatureMismatch, lambda: hazmat.rsa_verify_pkcs1v15(k.public_key(), b"messagE", sig))
    p = cardseal.AsinxProvider("app", SECRET)
    s = cardseal.Asinx("app", SECRET).seal_request("/x", {"a": 1})
    _raises(cardseal.SignatureMismatch, lambda: p.open_request(s.body, dict(s.headers, sign="0" * 32), path="/x"))


def test_decryption_failed_is_uniform():
    key = bytes(range(16))
    ct = hazmat.aes_ecb_encrypt(key, b"hello")
    for bad in (ct[:-1], ct[:8] + bytes(8), b"", bytes(16)):
        e = _raises(cardseal.DecryptionFailed, lambda: hazmat.aes_ecb_decrypt(key, bad))
        assert str(e) == "decryption failed"
    gcm = hazmat.aes_gcm_encrypt(key, bytes(12), b"data")
    _raises(cardseal.DecryptionFailed, lambda: hazmat.aes_gcm_decrypt(key, bytes(12), gcm[:-1] + b"\0"))
    other = cardseal.AsinxProvider("app", "00" * 16).seal_response({"a": 1})
    _raises(cardseal.DecryptionFailed, lambda: cardseal.Asinx("app", SECRET).open_response(other.body))


def test_provider_error_carries_code_and_message():
    body = json.dumps({"success": False, "code": 500, "message": "系统繁忙"})
    e = _raises(cardseal.ProviderError, lambda: cardseal.Asinx("app", SECRET).open_response(body))
    assert e.code == "500" and e.message == "系统繁忙"
    assert e.result is None and e.data is None  # no result sent
    # Class defaults (set on every raised instance): text, as typed in the stubs.
    assert cardseal.ProviderError.code == "" and cardseal.ProviderError.message == ""
    assert cardseal.ProviderError.result is None and cardseal.ProviderError.data is None


# ASINX failure details {"field":"cardNo","reason":"card is frozen","retry":false} sealed
# with SECRET (independently computed: test-vectors/gen_asinx_error_vectors.py).
DETAIL = '{"field":"cardNo","reason":"card is frozen","retry":false}'
DETAIL_HEX = (
    "78ff8281106c64d539b366c2fcb6ea04352b1eebe19614c6002ffe2941873330349e31039e39d6f65eead21f07c312a5"
    "bc7c1af38add7dde957e95638bb36f06b80fbfef69aeaf54fd0a4c12482589e8d6ec88adf38227242f491052e1bd3edc"
)


def _failure(result):
    body = {"success": False, "code": 200, "message": "Common business error"}
    if result is not None:
        body["result"] = result
    return json.dumps(body)


def test_provider_error_carries_the_opened_result():
    e = _raises(cardseal.ProviderError, lambda: cardseal.Asinx("app", SECRET).open_response(_failure(DETAIL_HEX)))
    assert e.code == "200" and e.message == "Common business error"
    assert e.result == DETAIL
    assert e.data == {"field": "cardNo", "reason": "card is frozen", "retry": False}
    assert type(e.data["retry"]) is bool
    assert str(e) == "provider error 200: Common business error"  # the result is not in the message
    # Exact text; numbers parsed as opened payloads are (Decimal keeps 5000.00).
    odd = '{ "amount" : 5000.00, "n":[1,null] }'
    sealed = cardseal.AsinxProvider("app", SECRET).seal_error_response(2, "Parameters illegal", odd)
    e = _raises(cardseal.ProviderError, lambda: cardseal.Asinx("app", SECRET).open_response(sealed.body))
    assert (e.code, e.message, e.result) == ("2", "Parameters illegal", odd)
    assert e.data == {"amount": Decimal("5000.00"), "n": [1, None]} and str(e.data["amount"]) == "5000.00"


@pytest.mark.parametrize(
    "result",
    [
        None,  # no result member
        "",
        DETAIL_HEX[:-32],  # truncated by a block: bad padding
        "JkLoxhGUGR8WB3ze8X1HfRAFnv0DJ5zy+Bm//Zvk4TII9XC+n3ppjhm2OFes0Wrh",  # another secret's
        "not hex!",
        {"field": "cardNo"},  # not a string
    ],
)
def test_provider_error_result_that_does_not_open_is_none(result):
    e = _raises(cardseal.ProviderError, lambda: cardseal.Asinx("app", SECRET).open_response(_failure(result)))
    assert (e.code, e.message, e.result, e.data) == ("200", "Common business error", None, None)
    # The right ciphertext under another secret: the same outcome.
    e = _raises(cardseal.ProviderError, lambda: cardseal.Asinx("app", "00" * 16).open_response(_failure(DETAIL_HEX)))
    assert (e.code, e.message, e.result, e.data) == ("200", "Common business error", None, None)


def test_expired_carries_times():
    kp_m, kp_p = cardseal.generate_rsa_key(1024), cardseal.generate_rsa_key(1024)
    m = cardseal.HyperCard("k", kp_m, cardseal.public_key_pem(kp_p), max_skew_secs=60)
    n = m.provider(kp_p).seal_notification({"e": 1}, timestamp=1_700_000_000)
    e = _raises(cardseal.Expired, lambda: m.open_notification(n.body, n.headers, now=1_700_000_061_000))
    assert (e.timestamp_ms, e.now_ms, e.max_age_ms) == (1_700_000_000_000, 1_700_000_061_000, 60_000)
    # The window can be disabled; datetime is accepted for `now`.
    import datetime
    m2 = cardseal.HyperCard("k", kp_m, cardseal.public_key_pem(kp_p), max_skew_secs=None)
    far = datetime.datetime(2030, 1, 1, tzinfo=datetime.timezone.utc)
    assert m2.open_notification(n.body, n.headers, now=far) == {"e": 1}
    _raises(cardseal.Expired, lambda: m.open_notification(n.body, n.headers, now=far))


def test_errors_are_catchable_as_the_base_class():
    with pytest.raises(cardseal.Error):
        cardseal.Asinx("app", "zz")


def test_signature_mismatch_names_the_check(keys):
    """`SignatureMismatch.check` is the typed sub-kind (a closed set, as in every language)."""
    m = cardseal.Asinx("app-1", "5a4d1c9e0b7f3a6e8d2c4b1a0f9e8d7c")
    p = m.provider()
    s = m.seal_request("/card/list", {"page": 1})
    with pytest.raises(cardseal.SignatureMismatch) as info:
        p.open_request(s.body, s.headers, path="/card/other")
    assert info.value.check == "sign header"
    with pytest.raises(cardseal.SignatureMismatch) as info:
        p.open_request(s.body, {**s.headers, "appId": "app-2"}, path="/card/list")
    assert info.value.check == "appId"
    assert cardseal.SignatureMismatch.check is None


def test_an_unwritable_clock_is_unavailable(keys):
    """A clock outside years 0000..9999 is the environment's failure, not the input's."""
    m = cardseal.Paytend(
        "888666000100201", keys["m1024"], cardseal.public_key_pem(keys["p1024"]), now_ms=2**62
    )
    with pytest.raises(cardseal.Unavailable) as info:
        m.seal_request({"a": 1})
    assert (info.value.kind, info.value.resource) == ("unavailable", "clock")
    assert str(info.value) == "unavailable: clock: time outside years 0000..9999"
    assert issubclass(cardseal.Unavailable, cardseal.Error)


def test_invalid_key_names_its_problem(keys):
    """`InvalidKey.problem` is the typed sub-kind (closed set, as in every language)."""
    cases = [("not a key", "malformed"), (keys["m1024"].replace("MII", "M*I", 1), "malformed")]
    for text, problem in cases:
        with pytest.raises(cardseal.InvalidKey) as info:
            cardseal.public_key_pem(text)
        assert info.value.problem == problem
    with pytest.raises(cardseal.InvalidKey) as info:
        hazmat.aes_ecb_encrypt(b"k" * 20, b"x")
    assert info.value.problem == "size"
    with pytest.raises(cardseal.InvalidKey) as info:
        cardseal.Paytend("888666000100201", cardseal.public_key_pem(keys["m1024"]), keys["p1024"])
    assert info.value.problem == "unsupported"
    assert cardseal.InvalidKey.problem is None
