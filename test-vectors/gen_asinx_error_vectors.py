#!/usr/bin/env python3
"""Writes the ASINX failure-response rows of test-vectors/asinx.json (the `error_detail`
rows of `asinx_open_response` and the `asinx_seal_error_response` rows), computing every
ciphertext independently of cardseal with pyca/cryptography, per docs/providers/asinx.md:
result = hex(AES-128-ECB-PKCS7(hex_decode(appSecret), ascii(b64(json)))).

Rows are replaced by id (other rows are kept as they are); run from anywhere:
    python3 test-vectors/gen_asinx_error_vectors.py
"""

import base64
import json
import pathlib

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PATH = pathlib.Path(__file__).with_name("asinx.json")
APP_ID = "app_447770"
SECRET = "b635dd5c87f7bf73387929203321b1e1"
OTHER_SECRET = "00112233445566778899aabbccddeeff"
KEY = bytes.fromhex(SECRET)


def seal(payload: str, key: bytes = KEY) -> str:
    b = base64.b64encode(payload.encode("utf-8"))
    p = padding.PKCS7(128).padder()
    data = p.update(b) + p.finalize()
    e = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    return (e.update(data) + e.finalize()).hex()


def open_(result_hex: str, key: bytes = KEY) -> str:
    d = Cipher(algorithms.AES(key), modes.ECB()).decryptor()
    data = d.update(bytes.fromhex(result_hex)) + d.finalize()
    u = padding.PKCS7(128).unpadder()
    return base64.b64decode(u.update(data) + u.finalize(), validate=True).decode("utf-8")


def compact(obj) -> str:
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


# The published /user/usdRechargeInfo result (API document) and what it opens to.
RECHARGE_RESULT = (
    "0252e1e822c50faeaa28549b037dee5633f2e2c7664f1fa03fe4d531fb9710a983ffa7002dc27fd3acb29b"
    "6442deb266f151e77ee647df196821d505a4c0d7696a860fa49598273a77055d95f9fb84d6547d227ae04791"
    "84c049c03fe102f22fd3e0c87a293fe934bf53eecbd8353cf1"
)
RECHARGE_JSON = '{"gateway":"https://test.moonbank.me/payment/#/?orderNo=MB230819193948569135325"}'
assert seal(RECHARGE_JSON) == RECHARGE_RESULT  # the published pair, reproduced
# The API document's short example, made with another secret.
JKLOX = "JkLoxhGUGR8WB3ze8X1HfRAFnv0DJ5zy+Bm//Zvk4TII9XC+n3ppjhm2OFes0Wrh"

DETAIL_JSON = '{"field":"cardNo","reason":"card is frozen","retry":false}'
DETAIL_HEX = seal(DETAIL_JSON)
assert open_(DETAIL_HEX) == DETAIL_JSON
DETAIL_B64 = base64.b64encode(bytes.fromhex(DETAIL_HEX)).decode()
# Exact text, not a re-serialization: spacing, member order, escapes, 5000.00.
ODD_JSON = '{ "b" : 5000.00, "a":"\\u00e9\\/闪电" }'
ODD_HEX = seal(ODD_JSON)


def creds(secret=SECRET):
    return {"app_id": APP_ID, "app_secret": secret}


def failure(code_json: str, message: str, result_json=None) -> str:
    """A failure body in the order ASINX's mirror writes it; `result_json` is the raw JSON
    text of the `result` member (None: no member)."""
    body = '{"success":false,"code":' + code_json + ',"message":' + compact(message)
    if result_json is not None:
        body += ',"result":' + result_json
    return body + "}"


def detail(code: str, message: str, result_json):
    return {"code": code, "message": message, "result_json": result_json}


MSG = "Common business error"
ROWS = [
    dict(
        id="success=false is a provider error",
        op="asinx_open_response",
        args={**creds(), "body": failure("212", "Account balance not enough")},
        error="provider_error",
        error_detail=detail("212", "Account balance not enough", None),
    ),
    dict(
        id="success=false with an encrypted result that opens: the error carries its exact text (round trip, independently computed)",
        op="asinx_open_response",
        args={**creds(), "body": failure("200", MSG, compact(DETAIL_HEX))},
        error="provider_error",
        error_detail=detail("200", MSG, DETAIL_JSON),
    ),
    dict(
        id="success=false with the same error result in base64",
        op="asinx_open_response",
        args={**creds(), "body": failure("200", MSG, compact(DETAIL_B64))},
        error="provider_error",
        error_detail=detail("200", MSG, DETAIL_JSON),
    ),
    dict(
        id="success=false: the opened result is the exact decrypted text (spacing, member order, escapes, 5000.00 kept)",
        op="asinx_open_response",
        args={**creds(), "body": failure("2", "Parameters illegal", compact(ODD_HEX))},
        error="provider_error",
        error_detail=detail("2", "Parameters illegal", ODD_JSON),
    ),
    dict(
        id="success=false carrying the published /user/usdRechargeInfo result, code as a string",
        op="asinx_open_response",
        args={**creds(), "body": failure('"99997"', "unknown", compact(RECHARGE_RESULT))},
        error="provider_error",
        error_detail=detail("99997", "unknown", RECHARGE_JSON),
    ),
    dict(
        id="success=false whose result does not open (the API document's JkLoxhGU... example, another secret's): no result, same provider error",
        op="asinx_open_response",
        args={**creds(), "body": failure("200", MSG, compact(JKLOX))},
        error="provider_error",
        error_detail=detail("200", MSG, None),
    ),
    dict(
        id="success=false whose result was sealed with another secret: no result",
        op="asinx_open_response",
        args={**creds(OTHER_SECRET), "body": failure("200", MSG, compact(DETAIL_HEX))},
        error="provider_error",
        error_detail=detail("200", MSG, None),
    ),
    dict(
        id="success=false whose result is truncated by one block: no result",
        op="asinx_open_response",
        args={**creds(), "body": failure("200", MSG, compact(DETAIL_HEX[:-32]))},
        error="provider_error",
        error_detail=detail("200", MSG, None),
    ),
    dict(
        id="success=false whose result is neither hex nor base64: no result (not invalid_input)",
        op="asinx_open_response",
        args={**creds(), "body": failure("200", MSG, compact("not hex!"))},
        error="provider_error",
        error_detail=detail("200", MSG, None),
    ),
    dict(
        id="success=false with an empty result: no result",
        op="asinx_open_response",
        args={**creds(), "body": failure("200", MSG, '""')},
        error="provider_error",
        error_detail=detail("200", MSG, None),
    ),
    dict(
        id="success=false with a result that is not a string: no result (not invalid_input)",
        op="asinx_open_response",
        args={**creds(), "body": failure("200", MSG, '{"field":"cardNo"}')},
        error="provider_error",
        error_detail=detail("200", MSG, None),
    ),
    dict(
        id="mirror: seal a failure response without result",
        op="asinx_seal_error_response",
        args={**creds(), "code": 212, "message": "Account balance not enough"},
        expect={"body": failure("212", "Account balance not enough")},
    ),
    dict(
        id="mirror: seal a failure response carrying an encrypted result (independently computed)",
        op="asinx_seal_error_response",
        args={**creds(), "code": 200, "message": MSG, "payload_json": DETAIL_JSON},
        expect={"body": failure("200", MSG, compact(DETAIL_HEX))},
    ),
    dict(
        id="mirror: a failure result that is not JSON cannot be sealed",
        op="asinx_seal_error_response",
        args={**creds(), "code": 200, "message": MSG, "payload_json": "{"},
        error="invalid_input",
    ),
]


def main():
    text = PATH.read_text(encoding="utf-8")
    doc = json.loads(text)
    vectors = doc["vectors"]
    ids = [v["id"] for v in vectors]
    for row in ROWS:
        if row["id"] in ids:
            vectors[ids.index(row["id"])] = row
        else:
            # New rows go after the last row of the same op.
            last = max(i for i, v in enumerate(vectors) if v["op"] == row["op"]) if any(
                v["op"] == row["op"] for v in vectors
            ) else len(vectors) - 1
            vectors.insert(last + 1, row)
            ids = [v["id"] for v in vectors]
    PATH.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
