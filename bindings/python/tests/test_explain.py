"""Failure explanations in Python (explain_request / explain_response /
explain_notification): the same redacted report as the core and `cardseal explain`."""

import base64
import hashlib
import hmac
import json

import cardseal


def pub(pem):
    return cardseal.public_key_pem(pem)

NOW_MS = 1_774_573_955_994
UPAY_SECRET = "g3)&~8P9S+ZhqO@G8b9Ate%xa5Jh-.E%"


def test_hypercard_request_signed_over_another_string(keys):
    m = cardseal.HyperCard("api-key-1", keys["m2048"], pub(keys["p2048"]), now_ms=NOW_MS)
    p = m.provider(keys["p2048"])
    sent = m.seal_request('{"amount":"10.00","cardId":"c-1"}', nonce="n0nce")
    theirs = sent.trace["string_to_sign"]
    body = sent.body.replace("10.00", "90.00")
    r = p.explain_request(body, sent.headers, their_string=theirs)
    ours = theirs.replace("10.00", "90.00")
    assert r["ok"] is False
    assert r["error"]["kind"] == "signature_mismatch"
    assert r["failed_check"].startswith("signature: SHA256withRSA does not verify")
    assert r["steps"]["string_to_sign"] == ours
    assert r["steps"]["string_to_sign_sha256"] == hashlib.sha256(ours.encode()).hexdigest()
    assert r["steps"]["signature_verifies_over_this_string"] == "false"
    assert r["their_string"]["byte_offset"] == ours.index("90.00")
    assert r["their_string"]["identical"] is False

    ok = p.explain_request(sent.body, sent.headers, their_string=theirs)
    assert ok["ok"] is True and ok["result"] == "every check passed"
    assert ok["their_string"] == {"identical": True}


def test_upay_report_never_holds_the_expected_mac(keys):
    m = cardseal.UPay("api-key-1", UPAY_SECRET, keys["m2048"], pub(keys["p2048"]), now_ms=NOW_MS)
    p = m.provider(keys["p2048"])
    sent = m.seal_request("POST", "/api/v1/card/apply", {"amount": 10})
    body = sent.body.replace("10", "11")
    r = p.explain_request(body, sent.headers, path="/api/v1/card/apply")
    assert r["failed_check"] == "X-UPA-SIGN does not match"
    ours = r["steps"]["string_to_sign"]
    assert ours.startswith("POST|/api/v1/card/apply|") and ours.endswith("|amount=11")
    expected = base64.b64encode(
        hmac.new(UPAY_SECRET.encode(), ours.encode(), hashlib.sha256).digest()
    ).decode()
    text = json.dumps(r)
    assert expected not in text and UPAY_SECRET not in text


def test_encrypted_messages_get_the_uniform_error_only(keys):
    m = cardseal.Paytend("888666000100201", keys["m2048"], pub(keys["p2048"]), now_ms=NOW_MS)
    p = m.provider(keys["p2048"])
    sealed = json.loads(p.seal_response({"cardNo": "4111111111111111"}).body)
    data = sealed["respData"]
    sealed["respData"] = data[:4] + ("B" if data[4] == "A" else "A") + data[5:]
    r = m.explain_response(json.dumps(sealed), their_string="anything")
    assert set(r) == {"provider", "side", "message", "ok", "error"}
    assert (r["provider"], r["side"], r["message"], r["ok"]) == ("paytend", "merchant", "response", False)
    try:
        m.open_response(json.dumps(sealed))
    except cardseal.Error as e:
        assert r["error"] == {"kind": e.kind, "message": str(e)}
    else:
        raise AssertionError("a tampered response opened")


def test_hypercard_webhook_at_an_instant(keys):
    m = cardseal.HyperCard("api-key-1", keys["m2048"], pub(keys["p2048"]), now_ms=NOW_MS)
    p = m.provider(keys["p2048"])
    s = p.seal_notification({"event": "card.frozen"})
    late = m.explain_notification(s.body, s.headers, now=NOW_MS + 10 * 86_400_000)
    assert late["error"]["kind"] == "expired"
    assert late["steps"]["signature_verifies_over_this_string"] == "true"
    assert m.explain_notification(s.body, s.headers)["ok"] is True


def test_the_readme_debugging_snippet_runs(keys):
    """The README's "Debugging a failing message" Python block, on a tampered webhook."""
    import logging
    import pathlib
    import re

    readme = (pathlib.Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Debugging a failing message", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert len(blocks) == 1
    m = cardseal.HyperCard("api-key-1", keys["m2048"], pub(keys["p2048"]), now_ms=NOW_MS)
    s = m.provider(keys["p2048"]).seal_notification({"event": "card.frozen", "amount": "1.00"})
    records = []

    class Capture(logging.Handler):
        def emit(self, record):
            records.append(record)

    log = logging.getLogger("readme-explain")
    log.addHandler(Capture())
    ns = {"cardseal": cardseal, "client": m, "log": log, "headers": s.headers,
          "body": s.body.replace("1.00", "9.00")}
    exec(compile(blocks[0], "README.md", "exec"), ns)
    assert "payload" not in ns and len(records) == 1
    report = records[0].args[0] if isinstance(records[0].args, tuple) else records[0].args
    assert report["failed_check"].startswith("signature: SHA256withRSA does not verify")
