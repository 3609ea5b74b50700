"""Memory bounds before authentication (issue 15): every provider's open paths refuse a
body over its 32 MiB cap first, and JSON is parsed within 500,000 values, with an
``InvalidInput`` naming the limit; a KYC-sized message still opens."""

import base64

import pytest

import cardseal

CAP = 32 * 1024 * 1024
OVER = "x" * (CAP + 1)
SIG = base64.b64encode(bytes(128)).decode()
ZEROS = '{"a":[' + "0," * 600_000 + "0]}"  # 600,003 values, 1.2 MB


def pub(k):
    return cardseal.public_key_pem(k)


def opens(keys):
    """(name, open(body)) for every provider's open paths."""
    hc = cardseal.HyperCard("hc", keys["m1024"], pub(keys["p1024"]))
    hcp = hc.provider(keys["p1024"])
    hc_h = {"timestamp": "1700000000", "signature": SIG, "api-key": "hc"}
    pt = cardseal.Paytend("888666000100201", keys["m1024"], pub(keys["p1024"]))
    ptp = pt.provider(keys["p1024"])
    ax = cardseal.Asinx("app_447770", "b635dd5c87f7bf73387929203321b1e1")
    axp = ax.provider()
    kz = cardseal.KazePay("H2400002001", keys["kaze_m"], pub(keys["kaze_p"]))
    kzp = kz.provider(keys["kaze_p"])
    up = cardseal.UPay("ak", "secret", keys["upay_m"], pub(keys["upay_p"]))
    upp = up.provider(keys["upay_p"])
    up_h = {"X-UPA-REQUESTID": "r", "X-UPA-TIMESTAMP": "1", "X-UPA-SIGN": SIG, "X-UPA-APIKEY": "ak"}
    return [
        ("hypercard.open_response", hc.open_response),
        ("hypercard.open_notification", lambda b: hc.open_notification(b, hc_h)),
        ("hypercard mirror.open_request", lambda b: hcp.open_request(b, hc_h)),
        ("paytend.open_response", pt.open_response),
        ("paytend.open_notification", pt.open_notification),
        ("paytend mirror.open_request", ptp.open_request),
        ("asinx.open_response", ax.open_response),
        ("asinx.open_notification", ax.open_notification),
        ("asinx mirror.open_request", lambda b: axp.open_request(b, {"appId": "app_447770", "sign": "0"}, path="/p")),
        ("kazepay.open_response", kz.open_response),
        ("kazepay.open_notification", kz.open_notification),
        ("kazepay mirror.open_request", kzp.open_request),
        ("upay.open_response", up.open_response),
        ("upay.open_notification", lambda b: up.open_notification(b, up_h)),
        ("upay mirror.open_request", lambda b: upp.open_request(b, up_h, method="POST", path="/p")),
    ]


def test_every_open_path_refuses_a_body_over_32_mib_first(keys):
    for name, open_ in opens(keys):
        with pytest.raises(cardseal.InvalidInput) as e:
            open_(OVER)
        assert e.value.field == "body", name
        assert str(e.value) == (
            f"invalid input in `body`: {CAP + 1} bytes, more than the maximum of {CAP} bytes (max_body_bytes)"
        ), name


def test_a_json_body_over_the_value_limit_is_refused_naming_it(keys):
    for name, open_ in opens(keys):
        if name in ("upay.open_notification",):
            continue  # a webhook body is a JWE, not JSON
        with pytest.raises(cardseal.InvalidInput) as e:
            open_(ZEROS)
        assert "parse limit: more than 500000 JSON values (max_values)" in str(e.value), name


def test_kyc_sized_hypercard_push_still_opens(keys):
    image = base64.b64encode(bytes(range(256)) * 8192).decode()  # 2 MiB of image, 2.7 MB of base64
    body = '{"mc_trade_no":"t1","kyc_info":{"front_doc":"%s","back_doc":"%s","mix_doc":"%s","doc_no":12345678}}' % (
        image, image, image)
    hc = cardseal.HyperCard("hc", keys["m1024"], pub(keys["p1024"]), max_skew_secs=None)
    sealed = hc.provider(keys["p1024"]).seal_notification(body)
    assert hc.open_notification_text(sealed.body, sealed.headers) == body
