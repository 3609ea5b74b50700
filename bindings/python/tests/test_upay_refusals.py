"""UPay refusals of issue 15: a negative window, and unencrypted plaintext of exactly
``{"payload": <str>}`` (the other side would read it as an encrypted body)."""

import pytest

import cardseal

SECRET = "g3)&~8P9S+ZhqO@G8b9Ate%xa5Jh-.E%"
NOW = 1_774_573_955_994


def pub(k):
    return cardseal.public_key_pem(k)


@pytest.mark.parametrize("window", [-1, -60_000, -(2**63)])
def test_negative_windows_are_refused(keys, window):
    with pytest.raises(cardseal.InvalidInput) as e:
        cardseal.UPay("ak", SECRET, keys["upay_m"], pub(keys["upay_p"]), replay_window_ms=window)
    assert e.value.field == "replay_window_ms"
    assert str(e.value) == "invalid input in `replay_window_ms`: negative"
    with pytest.raises(cardseal.InvalidInput) as e:
        cardseal.UPayProvider("ak", SECRET, keys["upay_p"], pub(keys["upay_m"]), replay_window_ms=window)
    assert e.value.field == "replay_window_ms"


def test_negative_inflation_cap_is_refused(keys):
    for make in (
        lambda: cardseal.UPay("ak", SECRET, keys["upay_m"], pub(keys["upay_p"]), max_inflated_bytes=-1),
        lambda: cardseal.UPayProvider("ak", SECRET, keys["upay_p"], pub(keys["upay_m"]), max_inflated_bytes=-1),
    ):
        with pytest.raises(cardseal.InvalidInput) as e:
            make()
        assert e.value.field == "max_inflated_bytes"


def test_zero_window_accepts_the_exact_timestamp_only(keys):
    m = cardseal.UPay("ak", SECRET, keys["upay_m"], pub(keys["upay_p"]), now_ms=NOW)
    s = m.seal_request("POST", "/p", {"a": 1})
    exact = cardseal.UPayProvider("ak", SECRET, keys["upay_p"], pub(keys["upay_m"]), now_ms=NOW, replay_window_ms=0)
    assert exact.open_request(s.body, s.headers, method="POST", path="/p") == {"a": 1}
    late = cardseal.UPayProvider("ak", SECRET, keys["upay_p"], pub(keys["upay_m"]), now_ms=NOW + 1, replay_window_ms=0)
    with pytest.raises(cardseal.Expired):
        late.open_request(s.body, s.headers, method="POST", path="/p")


@pytest.mark.parametrize("shaped", [{"payload": "x"}, '{"payload":"x"}', '{ "\\u0070ayload" : "" }'])
def test_payload_shaped_plaintext_is_refused_unencrypted(keys, shaped):
    m = cardseal.UPay("ak", SECRET, keys["upay_m"], pub(keys["upay_p"]), now_ms=NOW)
    p = m.provider(keys["upay_p"])
    with pytest.raises(cardseal.InvalidInput) as e:
        m.seal_request("POST", "/p", shaped)
    assert e.value.field == "params.payload"
    assert "encrypted" in str(e.value)
    with pytest.raises(cardseal.InvalidInput) as e:
        p.seal_response(shaped)
    assert e.value.field == "data.payload"
    # Encrypted, the same plaintext seals and opens.
    want = {"payload": ""} if isinstance(shaped, str) and "u0070" in shaped else {"payload": "x"}
    s = m.seal_request("POST", "/p", shaped, encrypt=True)
    assert p.open_request(s.body, s.headers, method="POST", path="/p") == want
    r = p.seal_response(shaped, encrypt=True)
    assert m.open_response(r.body) == want


@pytest.mark.parametrize("other", [{"payload": "x", "a": 1}, {"payload": 1}, {"payload": {"a": "b"}}, {"payloads": "x"}])
def test_other_shapes_seal_and_open(keys, other):
    m = cardseal.UPay("ak", SECRET, keys["upay_m"], pub(keys["upay_p"]), now_ms=NOW)
    p = m.provider(keys["upay_p"])
    s = m.seal_request("POST", "/p", other)
    assert p.open_request(s.body, s.headers, method="POST", path="/p") == other
    assert m.open_response(p.seal_response(other).body) == other


def test_notification_ack(keys):
    """The answer to an accepted webhook (docs/providers/upay.md: `SUCCESS` within 5 s)."""
    ack = cardseal.UPay("ak", SECRET, keys["upay_m"], pub(keys["upay_p"])).seal_notification_ack()
    assert (ack.body, ack.headers) == ("SUCCESS", {"Content-Type": "text/plain"})
