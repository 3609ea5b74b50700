"""Paytend through the Python API: payloads that are absent, unencrypted payloads
(`encrypt=False`), URL-encoded `randomKey`s and error responses (docs/providers/paytend.md)."""

import json
from decimal import Decimal
from urllib.parse import quote

import pytest

import cardseal
from cardseal import public_key_pem

PARTNER = "888666000100201"
RID = PARTNER + "20231106120000000"


@pytest.fixture()
def pair(keys):
    m = cardseal.Paytend(PARTNER, keys["m1024"], public_key_pem(keys["p1024"]), seed=b"py", now_ms=1_699_243_200_000)
    return m, m.provider(keys["p1024"])


def test_absent_biz_data_has_no_random_key(pair):
    m, p = pair
    bodies = set()
    for biz in (None, "", "  ", "null"):
        s = m.seal_request(biz) if biz is not None else m.seal_request()
        assert s.trace["string_to_sign"] == f"partnerId={PARTNER}&requestId={RID}&signType=RSA&version=2.0"
        assert list(json.loads(s.body)) == ["requestId", "partnerId", "signType", "signature", "version"]
        assert p.open_request(s.body) is None and p.open_request_text(s.body) == "null"
        bodies.add(s.body)
    assert len(bodies) == 1
    r = p.seal_response()
    assert list(json.loads(r.body)) == ["respCode", "respMsg", "signType", "signature"]
    assert m.open_response(r.body) is None
    n = p.seal_notification(notify_type="3")
    assert list(json.loads(n.body)) == ["notifyType", "partnerId", "signature", "signType", "version"]
    assert m.open_notification(n.body) is None
    with pytest.raises(cardseal.InvalidInput) as info:
        m.seal_request([1])
    assert info.value.field == "bizData"


def test_unencrypted_payloads(pair):
    m, p = pair
    biz = {"cardId": "1755902", "amount": Decimal("5000.00"), "name": "张三"}
    compact = '{"cardId":"1755902","amount":5000.00,"name":"张三"}'
    s = m.seal_request(biz, request_id=RID, encrypt=False)
    assert s.body.startswith('{"bizData":' + compact + ',"requestId":"' + RID + '","partnerId"')
    assert "randomKey" not in s.body and "biz_data" not in s.trace
    assert s.trace["string_to_sign"] == f"bizData={compact}&partnerId={PARTNER}&requestId={RID}&signType=RSA&version=2.0"
    assert p.open_request(s.body) == biz and p.open_request_text(s.body) == compact
    # JSON text: the whitespace between tokens is removed, nothing else.
    s = m.seal_request('{ "a" : "x y\\/z", "n" : 1E+2 }', encrypt=False)
    assert json.loads(s.body)["bizData"] == {"a": "x y/z", "n": 100}
    assert '"bizData":{"a":"x y\\/z","n":1E+2}' in s.body
    r = p.seal_response(biz, encrypt=False)
    assert r.body.startswith('{"respCode":"00","respMsg":"success","respData":' + compact + ',"signType":"RSA"')
    assert m.open_response(r.body) == biz
    # Pretty-printed in transit: still the same signed text.
    pretty = r.body.replace('{"', '{\n  "').replace(',"', ',\n  "').replace('":', '": ')
    assert pretty != r.body and m.open_response_text(pretty) == compact
    n = p.seal_notification(biz, notify_type="2", encrypt=False)
    assert json.loads(n.body)["notifyType"] == "2" and "randomKey" not in n.body
    assert m.open_notification(n.body) == biz
    # Changed after signing.
    with pytest.raises(cardseal.SignatureMismatch):
        m.open_response(r.body.replace("5000.00", "5000.0"))
    # Encrypted stays the default.
    assert "randomKey" in m.seal_request(biz).body and "randomKey" in p.seal_response(biz).body


def test_url_encoded_random_key_opens(pair):
    m, p = pair
    r = p.seal_response({"x": 1})
    doc = json.loads(r.body)
    doc["randomKey"] = quote(doc["randomKey"], safe="")
    assert "%" in doc["randomKey"]
    assert m.open_response(json.dumps(doc)) == {"x": 1}
    doc["randomKey"] = doc["randomKey"] + "%4"
    with pytest.raises(cardseal.InvalidInput) as info:
        m.open_response(json.dumps(doc))
    assert info.value.field == "randomKey"


def test_error_response_without_signature(pair):
    m, _ = pair
    with pytest.raises(cardseal.ProviderError) as info:
        m.open_response('{"respCode":"01","respMsg":"Field type is wrong"}')
    assert (info.value.code, info.value.message) == ("01", "Field type is wrong")
    assert getattr(info.value, "result", None) is None
