"""(b) Every provider round-trips through its mirror, in both directions, with dict and
JSON-text payloads; decimals keep their exact digits."""

import json
from decimal import Decimal

import pytest

import cardseal
from cardseal import public_key_pem

SECRET = "b635dd5c87f7bf73387929203321b1e1"
NOW = 1_774_573_955_994
BIZ = {"cardId": "1755902", "amount": Decimal("5000.00"), "fee": 1.5, "n": 3, "ok": True, "none": None,
       "nested": {"z": [1, "two", {"b": "é/\"\\\n"}], "a": Decimal("0.10")}}


def pub(k):
    return public_key_pem(k)


def test_asinx_round_trip():
    m = cardseal.Asinx("app_447770", SECRET)
    p = m.provider()
    s = m.seal_request("/card/create", BIZ, uid="u-1")
    assert s.headers["appId"] == "app_447770" and s.headers["uId"] == "u-1"
    assert len(s.headers["sign"]) == 32
    # Body is the sorted compact JSON; decimals exact.
    assert s.body.startswith('{"amount":5000.00,')
    assert s.trace["body"] == s.body and s.trace["origin"] == "/card/create" + s.body
    got = p.open_request(s.body, s.headers, path="/card/create")
    assert got["amount"] == Decimal("5000.00") and str(got["amount"]) == "5000.00"
    assert p.open_request_text(s.body, dict(s.headers, **{":path": "/card/create"})) == s.body
    with pytest.raises(cardseal.SignatureMismatch):
        p.open_request(s.body, s.headers, path="/card/other")

    r = p.seal_response({"gateway": "https://x/", "amount": Decimal("12.340")})
    assert m.open_response(r.body) == {"gateway": "https://x/", "amount": Decimal("12.340")}
    assert m.open_response_text(r.body) == '{"gateway":"https://x/","amount":12.340}'
    n = p.seal_notification('{"recordNo": "r-1",  "amount": 1.0}')
    # A string payload is used byte for byte.
    assert m.open_notification_text(n.body) == '{"recordNo": "r-1",  "amount": 1.0}'
    e = p.seal_error_response(40001, "card frozen")
    with pytest.raises(cardseal.ProviderError) as info:
        m.open_response(e.body)
    assert info.value.code == "40001" and info.value.message == "card frozen"
    assert info.value.kind == "provider_error"
    assert info.value.result is None and info.value.data is None
    # Error details travel encrypted in `result` and come back on the error, exactly.
    e = p.seal_error_response(40001, "card frozen", {"cardNo": "5392", "limit": Decimal("10.50")})
    assert e.body.startswith('{"success":false,"code":40001,"message":"card frozen","result":"')
    with pytest.raises(cardseal.ProviderError) as info:
        m.open_response(e.body)
    assert info.value.code == "40001" and info.value.message == "card frozen"
    assert info.value.result == '{"cardNo":"5392","limit":10.50}'
    assert info.value.data == {"cardNo": "5392", "limit": Decimal("10.50")}
    with pytest.raises(cardseal.InvalidInput):
        p.seal_error_response(1, "x", "{")


def test_paytend_round_trip(keys):
    m = cardseal.Paytend("888666000100201", keys["m1024"], pub(keys["p1024"]))
    p = m.provider(keys["p1024"])
    s = m.seal_request(BIZ)
    req = json.loads(s.body)
    assert req["partnerId"] == "888666000100201" and len(req["requestId"]) == 32
    assert p.open_request(s.body) == BIZ
    text = '{"holderId": "101982",   "cardId":"1755902"}'
    s2 = m.seal_request(text, request_id="888666000100201" + "20231106120000000")
    assert json.loads(s2.body)["requestId"] == "88866600010020120231106120000000"
    assert p.open_request_text(s2.body) == text
    r = p.seal_response({"balance": Decimal("10.00")})
    assert m.open_response(r.body) == {"balance": Decimal("10.00")}
    n = p.seal_notification({"event": "x"}, notify_type="2")
    assert m.open_notification(n.body) == {"event": "x"}
    with pytest.raises(cardseal.ProviderError) as info:
        m.open_response(p.seal_error_response("05", "insufficient").body)
    assert (info.value.code, info.value.message) == ("05", "insufficient")
    # Tampered signature.
    doc = json.loads(r.body)
    doc["signature"] = doc["signature"][:-4] + ("AAA=" if not doc["signature"].endswith("AAA=") else "BBB=")
    with pytest.raises((cardseal.SignatureMismatch, cardseal.InvalidInput)):
        m.open_response(json.dumps(doc))


def test_hypercard_round_trip(keys):
    m = cardseal.HyperCard("hc_key", keys["m1024"], pub(keys["p1024"]))
    p = m.provider(keys["p1024"])
    s = m.seal_request(BIZ, lang="en")
    assert s.headers["api-key"] == "hc_key" and s.headers["lang"] == "en"
    assert len(s.headers["nonce"]) == 10
    assert p.open_request(s.body, s.headers) == BIZ
    # Header lookups are case-insensitive; a list of pairs is accepted too.
    assert p.open_request_text(s.body, [(k.upper(), v) for k, v in s.headers.items()]) == s.body
    n = p.seal_notification({"event_type": "card.transaction", "amount": Decimal("1.00")})
    assert m.open_notification(n.body, n.headers)["amount"] == Decimal("1.00")
    ts_ms = int(n.headers["timestamp"]) * 1000
    # Push events: 24 h + 5 min by default (HyperCard retries a push for 24 hours).
    assert m.open_notification_text(n.body, n.headers, now=ts_ms + 86_700_000) == n.body
    with pytest.raises(cardseal.Expired) as info:
        m.open_notification(n.body, n.headers, now=ts_ms + 86_701_000)
    assert info.value.kind == "expired"
    strict = cardseal.HyperCard("hc_key", keys["m1024"], pub(keys["p1024"]), max_skew_secs=300)
    assert strict.open_notification_text(n.body, n.headers, now=ts_ms + 300_000) == n.body
    with pytest.raises(cardseal.Expired):
        strict.open_notification(n.body, n.headers, now=ts_ms + 301_000)
    r = p.seal_response({"card_id": "c_9"})
    assert m.open_response(r.body) == {"card_id": "c_9"}
    with pytest.raises(cardseal.ProviderError) as info:
        m.open_response(p.seal_error_response("10001", "bad card").body)
    assert info.value.code == "10001"
    enc = p.encrypt_card_detail('{"pan":"4111111111111111"}', pub(keys["m4096"]))
    assert cardseal.HyperCard.decrypt_card_detail(enc, keys["m4096"]) == '{"pan":"4111111111111111"}'
    with pytest.raises(cardseal.InvalidKey):
        cardseal.HyperCard.decrypt_card_detail(enc, keys["m2048"])


def test_hypercard_number_styles(keys):
    body = '{"amount":5000.00,"n":[1e2]}'  # JSON text: literals exactly as written
    sealed = {}
    for numbers in ("python", "as_written"):
        m = cardseal.HyperCard("hc", keys["m1024"], pub(keys["p1024"]), numbers=numbers)
        s = m.seal_request(body, timestamp=1_700_000_000, nonce="a1B2c3D4e5")
        sealed[numbers] = s.trace["string_to_sign"]
        p = cardseal.HyperCardProvider("hc", keys["p1024"], pub(keys["m1024"]), numbers=numbers,
                                       max_skew_secs=None)
        assert p.open_request_text(s.body, s.headers) == body
        assert p.open_request(s.body, s.headers) == {"amount": Decimal("5000.00"), "n": [Decimal("1e2")]}
    assert "amount=5000.0&" in sealed["python"] and 'n=[100.0]' in sealed["python"]
    assert "amount=5000.00&" in sealed["as_written"] and "n=[1e2]" in sealed["as_written"]
    with pytest.raises(cardseal.InvalidInput):
        cardseal.HyperCard("hc", keys["m1024"], pub(keys["p1024"]), numbers="java")


def test_hypercard_body_field_replaces_header_and_python_version(keys):
    m = cardseal.HyperCard("hc", keys["m1024"], pub(keys["p1024"]))
    p = m.provider(keys["p1024"])
    # The body's `lang` is signed in the header's place (HyperCard's demo merges the body
    # over the headers); the trace names the replaced header, the mirror accepts it.
    s = m.seal_request({"lang": "zh", "note": "key: value, 'x'"}, lang="en", timestamp=1_700_000_000,
                       nonce="a1B2c3D4e5")
    assert s.headers["lang"] == "en"
    assert s.trace["headers_replaced_by_body"] == "lang"
    assert s.trace["string_to_sign"] == (
        'api-key=hc&lang=zh&nonce=a1B2c3D4e5&note=key:value,"x"&timestamp=1700000000&version=1.0')
    p_any = cardseal.HyperCardProvider("hc", keys["p1024"], pub(keys["m1024"]), max_skew_secs=None)
    assert p_any.open_request(s.body, {**s.headers, "lang": "fr"}) == {"lang": "zh", "note": "key: value, 'x'"}
    # repr() of nested non-ASCII text follows the chosen CPython: U+1C89 is unassigned in
    # Unicode 15.1 (3.13 escapes it) and a letter in 16.0 (3.14 keeps it).
    body = {"kyc": {"name": "\u1c89"}}
    by_version = {}
    for v in ("3.13", "3.14"):
        mv = cardseal.HyperCard("hc", keys["m1024"], pub(keys["p1024"]), python_version=v)
        by_version[v] = mv.seal_request(body, timestamp=1_700_000_000, nonce="a1B2c3D4e5").trace["string_to_sign"]
    assert 'kyc={"name":"\\u1c89"}' in by_version["3.13"]
    assert 'kyc={"name":"\u1c89"}' in by_version["3.14"]
    assert m.seal_request(body, timestamp=1_700_000_000, nonce="a1B2c3D4e5").trace["string_to_sign"] == by_version["3.14"]
    with pytest.raises(cardseal.InvalidInput):
        cardseal.HyperCard("hc", keys["m1024"], pub(keys["p1024"]), python_version="3.10")
    assert cardseal.hazmat.form_nonempty_sorted_nested_python_str(body, python_version="3.13") == 'kyc={"name":"\\u1c89"}'


@pytest.mark.parametrize("encrypt", [False, True])
def test_upay_round_trip(keys, encrypt):
    m = cardseal.UPay("app", "g3)&~8P9S+ZhqO@G8b9Ate%xa5Jh-.E%", keys["upay_m"], pub(keys["upay_p"]))
    p = m.provider(keys["upay_p"])
    s = m.seal_request("POST", "/api/v1/customer/add", BIZ, encrypt=encrypt)
    assert set(s.headers) >= {"X-UPA-REQUESTID", "X-UPA-TIMESTAMP", "X-UPA-SIGN"}
    if encrypt:
        assert list(json.loads(s.body)) == ["payload"]
    got = p.open_request(s.body, s.headers, method="POST", path="/api/v1/customer/add")
    assert got == BIZ
    with pytest.raises(cardseal.SignatureMismatch):
        p.open_request(s.body, s.headers, method="POST", path="/api/v1/customer/other")
    r = p.seal_response({"customerNo": "c-1", "limit": Decimal("100.50")}, encrypt=encrypt)
    assert m.open_response(r.body) == {"customerNo": "c-1", "limit": Decimal("100.50")}
    event = {"event": "card.created", "trace": "t", "orderNo": "o-1", "timestamp": NOW, "detail": {"a": 1}}
    n = p.seal_notification(event, timestamp_ms=NOW, request_id="r-1")
    got = m.open_notification(n.body, n.headers, now=NOW + 60_000)
    assert got["event"] == "card.created" and got["detail"] == {"a": 1}
    with pytest.raises(cardseal.Expired):
        m.open_notification(n.body, n.headers, now=NOW + 31 * 60_000)


UPAY_SECRET = "g3)&~8P9S+ZhqO@G8b9Ate%xa5Jh-.E%"


def test_upay_api_key_argument_alias_and_validation(keys):
    m = cardseal.UPay("upa-ak-1", UPAY_SECRET, keys["upay_m"], pub(keys["upay_p"]))
    assert m.api_key == "upa-ak-1" and m.app_id == "upa-ak-1"
    assert repr(m) == 'UPay(api_key="upa-ak-1")'
    for kw in ("api_key", "app_id"):
        k = cardseal.UPay(**{kw: "upa-ak-2"}, secret=UPAY_SECRET, private_key=keys["upay_m"],
                          provider_public_key=pub(keys["upay_p"]))
        assert k.api_key == "upa-ak-2"
    with pytest.raises(TypeError, match="both 'api_key' and its alias 'app_id'"):
        cardseal.UPay("a", UPAY_SECRET, keys["upay_m"], pub(keys["upay_p"]), app_id="b")
    with pytest.raises(TypeError, match="missing required argument: 'api_key'"):
        cardseal.UPay(secret=UPAY_SECRET, private_key=keys["upay_m"], provider_public_key=pub(keys["upay_p"]))
    with pytest.raises(TypeError, match="missing required argument: 'provider_public_key'"):
        cardseal.UPay("a", UPAY_SECRET, keys["upay_m"])
    for bad in ("", "ak\r\nX-Evil: 1"):
        with pytest.raises(cardseal.InvalidInput) as e:
            cardseal.UPay(bad, UPAY_SECRET, keys["upay_m"], pub(keys["upay_p"]))
        assert e.value.field == "api_key"
        with pytest.raises(cardseal.InvalidInput) as e:
            cardseal.UPayProvider(bad, UPAY_SECRET, keys["upay_p"], pub(keys["upay_m"]))
        assert e.value.field == "api_key"


def test_upay_every_request_carries_the_api_key_and_the_mirror_checks_it(keys):
    m = cardseal.UPay("upa-ak-1", UPAY_SECRET, keys["upay_m"], pub(keys["upay_p"]), now_ms=NOW)
    for params, encrypt, multipart in ((BIZ, False, False), (BIZ, True, False), (None, False, False),
                                       ({"fileType": "1"}, False, True)):
        s = m.seal_request("POST", "/api/v1/x", params, encrypt=encrypt, multipart=multipart)
        assert list(s.headers) == ["X-UPA-REQUESTID", "X-UPA-TIMESTAMP", "X-UPA-SIGN", "X-UPA-APIKEY"]
        assert s.headers["X-UPA-APIKEY"] == "upa-ak-1"
    # The file upload signs an empty SIGN_PARAM (sign from Python's hmac module).
    s = m.seal_request("POST", "/api/v1/common/file/upload", {"fileType": "1"}, multipart=True,
                       timestamp_ms=1774573955994, request_id="0123456789abcdef0123456789abcdef")
    assert s.trace["string_to_sign"] == "POST|/api/v1/common/file/upload|1774573955994|0123456789abcdef0123456789abcdef|"
    assert dict(s.headers) == {
        "X-UPA-REQUESTID": "0123456789abcdef0123456789abcdef",
        "X-UPA-TIMESTAMP": "1774573955994",
        "X-UPA-SIGN": "V6PEwGbunXYkgLDKdWZ97Py0ZETzEXCEE9O/e6iEBeA=",
        "X-UPA-APIKEY": "upa-ak-1",
    }
    assert s.body == ""
    # The mirror knows the API key: another one is a signature mismatch naming the header,
    # a missing one is invalid input; header names in any case.
    p = m.provider(keys["upay_p"])
    s = m.seal_request("POST", "/p", {"a": 1})
    assert p.open_request(s.body, {k.lower(): v for k, v in s.headers.items()}, method="POST", path="/p") == {"a": 1}
    h = dict(s.headers, **{"X-UPA-APIKEY": "upa-ak-2"})
    with pytest.raises(cardseal.SignatureMismatch) as e:
        p.open_request(s.body, h, method="POST", path="/p")
    assert str(e.value) == "signature mismatch: X-UPA-APIKEY does not verify"
    del h["X-UPA-APIKEY"]
    with pytest.raises(cardseal.InvalidInput) as e:
        p.open_request(s.body, h, method="POST", path="/p")
    assert e.value.field == "X-UPA-APIKEY"
    other = cardseal.UPayProvider("someone-else", UPAY_SECRET, keys["upay_p"], pub(keys["upay_m"]), now_ms=NOW)
    with pytest.raises(cardseal.SignatureMismatch, match="X-UPA-APIKEY"):
        other.open_request(s.body, s.headers, method="POST", path="/p")


def test_upay_mirror_request_window_is_60_s(keys):
    m = cardseal.UPay("upa-ak-1", UPAY_SECRET, keys["upay_m"], pub(keys["upay_p"]), now_ms=NOW,
                      replay_window_ms=3_600_000)
    s = m.seal_request("POST", "/p", {"a": 1})
    for now, ok in ((NOW + 60_000, True), (NOW - 60_000, True), (NOW + 60_001, False), (NOW - 60_001, False)):
        p = cardseal.UPayProvider("upa-ak-1", UPAY_SECRET, keys["upay_p"], pub(keys["upay_m"]), now_ms=now)
        if ok:
            assert p.open_request(s.body, s.headers, method="POST", path="/p") == {"a": 1}
        else:
            with pytest.raises(cardseal.Expired) as e:
                p.open_request(s.body, s.headers, method="POST", path="/p")
            assert (e.value.timestamp_ms, e.value.now_ms, e.value.max_age_ms) == (NOW, now, 60_000)
    # The merchant's webhook window (here 60 min) does not carry over to its mirror.
    late = cardseal.UPay("upa-ak-1", UPAY_SECRET, keys["upay_m"], pub(keys["upay_p"]), now_ms=NOW + 60_001,
                         replay_window_ms=3_600_000)
    with pytest.raises(cardseal.Expired):
        late.provider(keys["upay_p"]).open_request(s.body, s.headers, method="POST", path="/p")
    wide = cardseal.UPayProvider("upa-ak-1", UPAY_SECRET, keys["upay_p"], pub(keys["upay_m"]), now_ms=NOW + 240_000,
                                 replay_window_ms=300_000)
    assert wide.open_request(s.body, s.headers, method="POST", path="/p") == {"a": 1}


def test_upay_response_is_decided_by_code(keys):
    m = cardseal.UPay("upa-ak-1", UPAY_SECRET, keys["upay_m"], pub(keys["upay_p"]))
    for body in ('{"code":403,"msg":"Forbidden","success":true,"data":{"a":1}}',
                 '{"code":"403","msg":"Forbidden","success":true}'):
        with pytest.raises(cardseal.ProviderError) as e:
            m.open_response(body)
        assert (e.value.code, e.value.message) == ("403", "Forbidden")
    assert m.open_response('{"code":"0","msg":"success","success":true,"data":{"a":1}}') == {"a": 1}
    assert m.open_response('{"code":0,"msg":"success","success":false,"data":{"a":1}}') == {"a": 1}


def test_kazepay_round_trip(keys):
    m = cardseal.KazePay("H2400002001", keys["kaze_m"], pub(keys["kaze_p"]))
    p = m.provider(keys["kaze_p"])
    assert m.profile == "digest=sha1 signed_content=plaintext key_wrapping=base64_text aes_key_bits=128"
    body = '{"cardID":"19181", "amount": 5000.00}'
    s = m.seal_request("cardBalance", body, request_no="174574749857359840")
    env = json.loads(s.body)
    assert env["head"]["requestNo"] == "174574749857359840" and len(env["head"]["sign"]) == 512
    assert p.open_request_text(s.body) == body
    r = p.seal_response({"avaBalance": Decimal("12.30")}, api_code="cardBalance", request_no="174574749857359840")
    assert m.open_response(r.body) == {"avaBalance": Decimal("12.30")}
    n = p.seal_notification({"event": "kyc"}, api_code="kycNotify")
    assert m.open_notification(n.body) == {"event": "kyc"}
    with pytest.raises(cardseal.ProviderError) as info:
        m.open_response(p.seal_error_response("cardBalance", "1", "FAIL", "no such card").body)
    assert info.value.code == "FAIL" and info.value.message == "no such card"
    report = cardseal.KazePay.detect(r.body, keys["kaze_m"], pub(keys["kaze_p"]))
    assert report["matches"] == [m.profile] and report["body"] == '{"avaBalance":12.30}'
    assert len(report["attempts"]) == 16


def test_kazepay_profiles_and_file_upload(keys):
    opts = dict(digest="sha256", signed_content="ciphertext", key_wrapping="raw", aes_key_bits=256)
    m = cardseal.KazePay("H2400002001", keys["kaze_m"], pub(keys["kaze_p"]), **opts)
    p = m.provider(keys["kaze_p"])
    up = m.seal_file_upload({"email": "kyc@x.io"}, b"\xff\xd8\xff\xe0jpeg", file_name="1.jpg", content_type="image/jpeg")
    assert up.content_type.startswith("multipart/form-data; boundary=")
    assert b"\xff\xd8\xff\xe0jpeg" in up.body and up.request_json.encode() in up.body
    assert p.open_request(up.request_json) == {"email": "kyc@x.io"}
    # The other profile does not open it.
    with pytest.raises(cardseal.Error):
        cardseal.KazePayProvider("H2400002001", keys["kaze_p"], pub(keys["kaze_m"])).open_request(up.request_json)


def test_seed_gives_reproducible_output(keys):
    def seal():
        m = cardseal.Paytend("888666000100201", keys["m1024"], pub(keys["p1024"]), seed=b"t", now_ms=NOW)
        return m.seal_request({"a": 1}).body
    assert seal() == seal()
    m = cardseal.Paytend("888666000100201", keys["m1024"], pub(keys["p1024"]))
    assert m.seal_request({"a": 1}).body != m.seal_request({"a": 1}).body


def test_keys_in_every_format(keys):
    from conftest import KEYS_DIR
    want = cardseal.hazmat.RsaPrivateKey(keys["m2048"]).bits
    assert want == 2048
    for name in ["fmt_rsa2048_pkcs1.pem", "fmt_rsa2048_pkcs8.b64"]:
        assert cardseal.hazmat.RsaPrivateKey((KEYS_DIR / name).read_text()).bits == 2048
    for name in ["fmt_rsa2048_pkcs1.der", "fmt_rsa2048_pkcs8.der"]:
        assert cardseal.hazmat.RsaPrivateKey((KEYS_DIR / name).read_bytes()).bits == 2048
    pems = {public_key_pem((KEYS_DIR / n).read_bytes()) for n in
            ["fmt_rsa2048_spki.der", "fmt_rsa2048_cert.der", "fmt_rsa2048_pkcs1_pub.der", "fmt_rsa2048_pkcs1.der"]}
    pems |= {public_key_pem((KEYS_DIR / n).read_text()) for n in
             ["fmt_rsa2048_spki.pem", "fmt_rsa2048_spki.b64", "fmt_rsa2048_cert.pem", "fmt_rsa2048_pkcs8.b64"]}
    assert len(pems) == 1 and pems.pop().startswith("-----BEGIN PUBLIC KEY-----\n")
    k = cardseal.generate_rsa_key(1024)
    assert k.startswith("-----BEGIN PRIVATE KEY-----")
    assert cardseal.hazmat.RsaPrivateKey(k).bits == 1024
    # Key objects are accepted wherever key text is.
    mk = cardseal.hazmat.RsaPrivateKey(keys["m1024"])
    pk = cardseal.hazmat.RsaPrivateKey(keys["p1024"]).public_key()
    assert pk == cardseal.hazmat.RsaPublicKey(pub(keys["p1024"]))
    with pytest.raises(cardseal.InvalidKey):
        cardseal.hazmat.RsaPublicKey(keys["p1024"])  # private key text is not a public key
    m = cardseal.Paytend("888666000100201", mk, pk)
    assert m.provider(keys["p1024"]).open_request(m.seal_request({"x": 1}).body) == {"x": 1}
