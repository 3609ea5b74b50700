"""HyperCard against an independent reference of its official demo's rule, on random
payloads: the reference (json.loads, {**headers, **body}, drop "signature"/""/None/hollow
containers, sorted(), str() then "'"→'"', ", "→",", ": "→":" on every value) and
pyca/cryptography sign; cardseal must produce the same string and the same signature, and
its mirror and merchant side must open what the reference signs. The rule and its sources:
docs/providers/hypercard.md."""

import base64
import json
import random
import sys

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

import cardseal

PY = f"{sys.version_info[0]}.{sys.version_info[1]}"
if PY not in ("3.11", "3.12", "3.13", "3.14"):
    pytest.skip(f"repr() tables are modelled for CPython 3.11-3.14, this is {PY}", allow_module_level=True)

CASES = 96
TS, NONCE = 1_700_000_000, "a1B2c3D4e5"


def hollow(v):
    if v is None:
        return True
    if isinstance(v, str):
        return v == ""
    if isinstance(v, dict):
        return all(hollow(x) for x in v.values())
    if isinstance(v, list):
        return all(hollow(x) for x in v)
    return False


def reference_string(headers, body_text):
    params = {**headers, **json.loads(body_text)}
    items = sorted((k, v) for k, v in params.items() if k != "signature" and not hollow(v))
    return "&".join(f"{k}=" + str(v).replace("'", '"').replace(", ", ",").replace(": ", ":") for k, v in items)


PIECES = ["a", "Zoë", "中文", ", ", ": ", "'", '"', "\\", "\n", "\t", "\u00a0", "x, y: z", "O'Brien",
          "it's \"q\"", "😀", "", " ", ",", ":", "%2B", "&", "="]
NAMES = ["mc_trade_no", "base_info", "kyc_info", "doc_no", "Alpha", "_under", "zeta", "amount", "list",
         "timestamp", "nonce", "lang", "version", "api-key", "note", "flags", "é"]


def scalar(rng):
    kind = rng.randrange(8)
    if kind == 0:
        return None
    if kind == 1:
        return rng.choice([True, False])
    if kind == 2:
        return rng.choice([0, 1, -7, 12345678, 10**20])
    if kind == 3:
        return rng.choice([0.5, 5000.0, 100.25, 1e16, 1e-05, -0.0])
    return "".join(rng.choice(PIECES) for _ in range(rng.randrange(4)))


def value(rng, depth):
    kind = rng.randrange(6) if depth < 3 else 0
    if kind == 4:
        return [value(rng, depth + 1) for _ in range(rng.randrange(4))]
    if kind == 5:
        return {rng.choice(NAMES): value(rng, depth + 1) for _ in range(rng.randrange(4))}
    return scalar(rng)


def payloads():
    rng = random.Random(20261203)
    out = []
    for _ in range(CASES):
        doc = {rng.choice(NAMES): value(rng, 0) for _ in range(rng.randrange(1, 7))}
        out.append(json.dumps(doc, ensure_ascii=rng.random() < 0.3))
    # Number literals Python would not write, nested and at the top level.
    out.append('{"amount":5000.00,"fee":1e2,"kyc":{"doc_no":12345678,"rate":100.50,"l":[1E2,-0]}}')
    return out


def sign(key, text):
    return base64.b64encode(key.sign(text.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()


@pytest.fixture(scope="module")
def parties(keys):
    m_key = serialization.load_pem_private_key(keys["m1024"].encode(), None)
    p_key = serialization.load_pem_private_key(keys["p1024"].encode(), None)
    merchant = cardseal.HyperCard("hc_api_key", keys["m1024"], cardseal.public_key_pem(keys["p1024"]),
                                  python_version=PY, max_skew_secs=None)
    mirror = cardseal.HyperCardProvider("hc_api_key", keys["p1024"], cardseal.public_key_pem(keys["m1024"]),
                                        python_version=PY, max_skew_secs=None)
    return merchant, mirror, m_key, p_key


@pytest.mark.parametrize("body", payloads())
def test_string_and_signature_agree_with_the_demo_rule(parties, body):
    merchant, mirror, m_key, p_key = parties
    headers = {"timestamp": str(TS), "nonce": NONCE, "api-key": "hc_api_key", "version": "1.0", "lang": "en"}
    want = reference_string(headers, body)
    sealed = merchant.seal_request(body, timestamp=TS, nonce=NONCE, lang="en")
    assert sealed.body == body
    assert sealed.trace["string_to_sign"] == want
    assert sealed.headers["signature"] == sign(m_key, want)
    # The mirror opens a request the reference signed; the merchant opens a push event
    # the reference signed with HyperCard's key.
    assert mirror.open_request_text(body, {**headers, "signature": sign(m_key, want)}) == body
    assert merchant.open_notification_text(body, {**headers, "signature": sign(p_key, want)}) == body
    # A value changed by one character no longer verifies.
    if '"a"' in body:
        tampered = body.replace('"a"', '"b"', 1)
        with pytest.raises(cardseal.SignatureMismatch):
            mirror.open_request_text(tampered, {**headers, "signature": sign(m_key, want)})


def test_the_random_payloads_cover_the_rule():
    # The generator reaches every case of the rule (so the agreement above means something).
    texts = payloads()
    docs = [json.loads(t) for t in texts]
    tops = [v for d in docs for v in d.values()]
    assert any(isinstance(v, (dict, list)) and hollow(v) and v for v in tops), "non-empty hollow containers"
    assert any(isinstance(v, str) and (", " in v or ": " in v or "'" in v) for v in tops), "top-level rewrites"
    assert any(isinstance(v, dict) and not hollow(v) for v in tops), "kept nested objects"
    assert any(k in ("timestamp", "nonce", "lang", "version", "api-key") for d in docs for k in d), "body over header"
    assert any(v is None for v in tops) and any(v == "" for v in tops)
    assert any("\\u00a0" in t or "\u00a0" in t for t in texts), "repr escapes"
