#!/usr/bin/env python3
"""Regenerates test-vectors/hypercard.json, independently of cardseal.

Every signature, push event and card-detail ciphertext is made here with a Python
reference of HyperCard's demo rule (json.loads, {**headers, **body}, drop "signature",
"" and None, sorted(), str() with the three replacements) and pyca/cryptography, with the
sandbox keys in test-vectors/keys/. Card-detail ciphertexts use a re-implementation of
`Env::fixed` + EME-PKCS1-v1_5 (as test-vectors/keys/gen_rsa_vectors.py) so that
regenerating gives the same bytes.

    python3 test-vectors/gen_hypercard_vectors.py
"""
import base64
import hashlib
import json
import os
from decimal import Decimal

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding as ap

HERE = os.path.dirname(os.path.abspath(__file__))
KEYS = os.path.join(HERE, "keys")


def pem(name):
    with open(os.path.join(KEYS, name)) as f:
        return f.read()


def load(name):
    return serialization.load_pem_private_key(pem(name).encode(), None)


def pubpem(name):
    return (
        load(name)
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


# ---- The reference rule (HyperCard's Python demo) ----
def render(v):
    if isinstance(v, (dict, list)):
        return str(v).replace("'", '"').replace('", "', '","').replace('": "', '":"')
    return str(v)


def loads(text, numbers):
    """json.loads as a Python verifier does ("python"), or keeping each number literal as
    written ("as_written": what a verifier holding the numbers as BigDecimal/text signs)."""
    if numbers == "python":
        return json.loads(text)

    class Lit(str):
        def __repr__(self):
            return str(self)

    return json.loads(text, parse_float=Lit, parse_int=Lit)


def sign_string(headers, body_text, numbers="python"):
    params = {**headers, **loads(body_text, numbers)}
    items = sorted((k, v) for k, v in params.items() if k != "signature" and v not in ("", None))
    return "&".join(f"{k}={render(v)}" for k, v in items)


def sign(key, s):
    return base64.b64encode(key.sign(s.encode(), ap.PKCS1v15(), hashes.SHA256())).decode()


# ---- Env::fixed + EME-PKCS1-v1_5 (deterministic card-detail ciphertexts) ----
class Fixed:
    def __init__(self, seed: bytes):
        self.seed, self.ctr = seed, 0

    def fill(self, n):
        out = b""
        while len(out) < n:
            block = hashlib.sha256(self.seed + self.ctr.to_bytes(8, "big")).digest()
            self.ctr += 1
            out += block[: n - len(out)]
        return out


def pkcs1_encrypt(pub, msg, env):
    k = (pub.key_size + 7) // 8
    assert len(msg) <= k - 11
    ps = bytearray(env.fill(k - 3 - len(msg)))
    for i in range(len(ps)):
        while ps[i] == 0:
            ps[i] = env.fill(1)[0]
    em = b"\x00\x02" + bytes(ps) + b"\x00" + msg
    n, e = pub.public_numbers().n, pub.public_numbers().e
    c = pow(int.from_bytes(em, "big"), e, n).to_bytes(k, "big")
    return c


SEED_BODY = """{
"mc_trade_no": "48d2741747a4493223feb22",
"base_info": {
"email": "example@gmail.com",
"first_name": "pan",
"last_name": "gao",
"mobile": "1888888888",
"mobile_code": "86",
"user_ip": "40.77.166.66"
},
"kyc_info": {
"address": "maizidianjie28hao",
"back_doc": "",
"birthday": "1990-01-01",
"city": "beijing",
"country_id": "CN",
"doc_no": 12345678,
"doc_type": 1,
"emergency_contact": "John",
"front_doc": "",
"gender": 1,
"mix_doc": "",
"nationality_id": "CN",
"sign_img": "",
"state": "beijing",
"zip_code": "100100",
"poa_doc": "",
"poa_type": "1"
}
}"""
TRICKY_BODY = r'''{"lang":"zh","b":true,"c":0,"d":"","e":null,"a":{"flag":true,"none":null,"list":[1,"x",false,{}],"quote":"it's","uni":"张三","esc":"tab\there"},"amount":"5000.00","n":12345678901234567890}'''

MK = "sandbox_merchant_1024.pem"
PK = "sandbox_provider_1024.pem"
mk = load(MK)
pk = load(PK)
API = "hc_test_api_key"
TS = "1700000000"
NOW = 1700000000000
M = dict(api_key=API, private_key=pem(MK), provider_public_key=pubpem(PK))
P = dict(api_key=API, private_key=pem(PK), merchant_public_key=pubpem(MK))


def A(base, **kw):
    d = dict(base)
    d.update(kw)
    return d


def HJ(d):
    return json.dumps(d, separators=(",", ":"))


V = []
h = {"timestamp": TS, "nonce": "a1B2c3D4e5", "api-key": API, "version": "1.0"}
s = sign_string(h, SEED_BODY)
V.append(dict(id="seed 004 Binding KYC example (as printed), checked against the Python reference rule", op="hypercard_sign",
              args=A(M, body_json=SEED_BODY, timestamp=1700000000, nonce="a1B2c3D4e5"),
              expect=dict(body=SEED_BODY, string_to_sign=s, signature=sign(mk, s))))
ht = {"timestamp": TS, "nonce": "ZZZZZZZZZZ", "api-key": API, "version": "1.0", "lang": "zh"}
st = sign_string(ht, TRICKY_BODY)
V.append(dict(id="nested True/None, apostrophe, unicode, escapes, empty values dropped, body lang equal to the lang header", op="hypercard_sign",
              args=A(M, body_json=TRICKY_BODY, timestamp=1700000000, nonce="ZZZZZZZZZZ", lang="zh"),
              expect=dict(body=TRICKY_BODY, string_to_sign=st, signature=sign(mk, st))))
V.append(dict(id="a body lang that contradicts the lang header is refused (the body's value would be signed in its place)", op="hypercard_sign",
              args=A(M, body_json=TRICKY_BODY, timestamp=1700000000, nonce="ZZZZZZZZZZ", lang="en"), error="invalid_input"))
h2 = {"timestamp": TS, "nonce": "n0", "api-key": API, "version": "2.0"}
s2 = sign_string(h2, "{}")
V.append(dict(id="no parameters: body {} and a version option", op="hypercard_sign",
              args=A(M, body_json="", timestamp=1700000000, nonce="n0", version="2.0"),
              expect=dict(body="{}", string_to_sign=s2, signature=sign(mk, s2))))
V.append(dict(id="parameters must be a JSON object", op="hypercard_sign",
              args=A(M, body_json="[1]", timestamp=1700000000, nonce="n0"), error="invalid_input"))

# ---- Number styles: Python (json.loads then str: the default) and as written ----
NUM_HDR = {"timestamp": TS, "nonce": "Nu3mB3rS00", "api-key": API, "version": "1.0"}
NUM_BODIES = [
    ("top-level decimals", '{"amount":5000.00,"fee":1e2,"rate":100.5,"big":123456789012345678901234567890,"neg":-0.0,"small":0.00001,"huge":1E16}'),
    ("nested decimals", '{"order":{"amount":5000.00,"fee":1e2,"rate":100.5,"big":123456789012345678901234567890,"list":[5000.00,1e2,-7]}}'),
    ("top-level booleans and null (null dropped), nested ones", '{"t":true,"f":false,"z":null,"nested":{"t":true,"f":false,"z":null},"list":[true,false,null]}'),
]
for label, body in NUM_BODIES:
    for numbers in ("python", "as_written"):
        sn = sign_string(NUM_HDR, body, numbers)
        args = A(M, body_json=body, timestamp=1700000000, nonce="Nu3mB3rS00")
        if numbers != "python":
            args["numbers"] = numbers
        V.append(dict(id=f"numbers {numbers}: {label}", op="hypercard_sign", args=args,
                      expect=dict(body=body, string_to_sign=sn, signature=sign(mk, sn))))
# A push event signed the Python way opens under the default and is refused as written.
nev = NUM_BODIES[1][1]
neh = dict(NUM_HDR)
neh["signature"] = sign(pk, sign_string(NUM_HDR, nev, "python"))
V.append(dict(id="push event with nested decimals signed by a Python verifier's rule (default numbers)", op="hypercard_open_notification",
              args=A(M, body=nev, headers_json=HJ(neh), now_ms=NOW), expect=dict(payload_json=nev)))
V.append(dict(id="the same push event checked with numbers as written", op="hypercard_open_notification",
              args=A(M, body=nev, headers_json=HJ(neh), now_ms=NOW, numbers="as_written"), error="signature_mismatch"))

# ---- Push events signed by HyperCard ----
ev = '{"event_type":"card.transaction","data":{"card_id":"c_9","amount":"12.30","approved":true,"merchant":"GOOGLE *TEMPORARY HOLD"}}'
eh = {"timestamp": TS, "nonce": "Qw3rTy9UiO", "api-key": API, "version": "1.0"}
es = sign_string(eh, ev)
eh["signature"] = sign(pk, es)
V.append(dict(id="push event signed with HyperCard's key (made independently)", op="hypercard_open_notification",
              args=A(M, body=ev, headers_json=HJ(eh), now_ms=NOW + 120000), expect=dict(payload_json=ev)))
V.append(dict(id="push event: body changed after signing", op="hypercard_open_notification",
              args=A(M, body=ev.replace("12.30", "99.30"), headers_json=HJ(eh), now_ms=NOW), error="signature_mismatch"))
V.append(dict(id="push event older than the 300 s window", op="hypercard_open_notification",
              args=A(M, body=ev, headers_json=HJ(eh), now_ms=NOW + 301000), error="expired"))
t = dict(eh)
t["api-key"] = "someone_else"
V.append(dict(id="push event for another api-key", op="hypercard_open_notification",
              args=A(M, body=ev, headers_json=HJ(t), now_ms=NOW), error="signature_mismatch"))
t = dict(eh)
t["signature"] = sign(mk, es)
V.append(dict(id="push event signed with the merchant's key instead of HyperCard's", op="hypercard_open_notification",
              args=A(M, body=ev, headers_json=HJ(t), now_ms=NOW), error="signature_mismatch"))
t = dict(eh)
del t["signature"]
V.append(dict(id="push event without signature", op="hypercard_open_notification",
              args=A(M, body=ev, headers_json=HJ(t), now_ms=NOW), error="invalid_input"))
# Replay: the body's top-level timestamp wins the merge, so the header timestamp is not
# signed; a captured event replayed an hour later with a fresh header must not open.
rev = '{"event_type":"card.transaction","timestamp":1700000000,"data":{"card_id":"c_9"}}'
reh = {"timestamp": TS, "nonce": "R3pl4yR3pl", "api-key": API, "version": "1.0"}
reh["signature"] = sign(pk, sign_string(reh, rev))
V.append(dict(id="push event with a body-level timestamp equal to the header", op="hypercard_open_notification",
              args=A(M, body=rev, headers_json=HJ(reh), now_ms=NOW), expect=dict(payload_json=rev)))
t = dict(reh)
t["timestamp"] = str(int(TS) + 3600)
V.append(dict(id="replay: captured event with a body-level timestamp, header timestamp refreshed an hour later", op="hypercard_open_notification",
              args=A(M, body=rev, headers_json=HJ(t), now_ms=NOW + 3600000), error="signature_mismatch"))
V.append(dict(id="replay: the same captured event an hour later, header untouched", op="hypercard_open_notification",
              args=A(M, body=rev, headers_json=HJ(reh), now_ms=NOW + 3600000), error="expired"))

# ---- Requests opened by the mirror (signed independently with the merchant key) ----
rh = dict(h)
rh["signature"] = sign(mk, s)
V.append(dict(id="mirror opens the seed 004 example request", op="hypercard_open_request",
              args=A(P, body=SEED_BODY, headers_json=HJ(rh), now_ms=NOW), expect=dict(payload_json=SEED_BODY)))
t = dict(rh)
t["nonce"] = "a1B2c3D4e6"
V.append(dict(id="mirror: nonce changed after signing", op="hypercard_open_request",
              args=A(P, body=SEED_BODY, headers_json=HJ(t), now_ms=NOW), error="signature_mismatch"))
t = dict(rh)
del t["api-key"]
V.append(dict(id="mirror: request without api-key", op="hypercard_open_request",
              args=A(P, body=SEED_BODY, headers_json=HJ(t), now_ms=NOW), error="invalid_input"))
rq = '{"mc_trade_no":"T1","timestamp":"1700000000"}'
rqh = {"timestamp": TS, "nonce": "R3pl4yR3pl", "api-key": API, "version": "1.0"}
rqh["signature"] = sign(mk, sign_string(rqh, rq))
V.append(dict(id="mirror opens a request with a body-level timestamp equal to the header", op="hypercard_open_request",
              args=A(P, body=rq, headers_json=HJ(rqh), now_ms=NOW), expect=dict(payload_json=rq)))
t = dict(rqh)
t["timestamp"] = str(int(TS) + 3600)
V.append(dict(id="mirror: replayed request with a body-level timestamp and a refreshed header timestamp", op="hypercard_open_request",
              args=A(P, body=rq, headers_json=HJ(t), now_ms=NOW + 3600000), error="signature_mismatch"))

# ---- Responses (unsigned) ----
V.append(dict(id="API response code 00000: data returned", op="hypercard_open_response",
              args=A(M, body='{"code":"00000","msg":"ok","data":{"card_id":"c_9","balance":5000.00}}'),
              expect=dict(payload_json='{"card_id":"c_9","balance":5000.00}')))
V.append(dict(id="seed 004 example response (no data)", op="hypercard_open_response",
              args=A(M, body='{\n"code": "00000",\n"msg": "ok"\n}'), expect=dict(payload_json="null")))
V.append(dict(id="API response with an error code", op="hypercard_open_response",
              args=A(M, body='{"code":"10001","msg":"invalid mc_trade_no"}'), error="provider_error"))

# ---- Card details with a 4096-bit key (501-byte blocks) ----
ck = load("sandbox_merchant_4096.pem")
CK = pem("sandbox_merchant_4096.pem")
detail = '{"card_no":"5555444433332222","cvv":"123","expiry":"12/29","holder":"张三"}'
long_detail = json.dumps({"card_no": "5555444433332222", "note": "x" * 1000})


def enc(m, seed, key=ck):
    env = Fixed(seed.encode())
    b = m.encode()
    return base64.b64encode(b"".join(pkcs1_encrypt(key.public_key(), b[i:i + 501], env) for i in range(0, len(b), 501))).decode()


V.append(dict(id="card detail, one block (4096-bit key)", op="hypercard_decrypt_card_detail",
              args=dict(private_key=CK, encoded=enc(detail, "card 1")), expect=dict(detail=detail)))
V.append(dict(id="card detail split in 501-byte blocks", op="hypercard_decrypt_card_detail",
              args=dict(private_key=CK, encoded=enc(long_detail, "card 2")), expect=dict(detail=long_detail)))
raw = base64.b64decode(enc(detail, "card 1"))
V.append(dict(id="card detail truncated", op="hypercard_decrypt_card_detail",
              args=dict(private_key=CK, encoded=base64.b64encode(raw[:-1]).decode()), error="decryption_failed"))
V.append(dict(id="card detail key under 4096 bits", op="hypercard_decrypt_card_detail",
              args=dict(private_key=pem("sandbox_merchant_2048.pem"), encoded=enc(detail, "card 1")), error="invalid_key"))
V.append(dict(id="card detail for another 4096-bit key (implicit rejection: synthetic bytes, refused)", op="hypercard_decrypt_card_detail",
              args=dict(private_key=CK, encoded=enc(detail, "card 3", load("sandbox_provider_4096.pem"))), error="decryption_failed"))
for i, bad in enumerate(["4111111111111111|12/30|123", "{}", "", ";t"]):
    V.append(dict(id=f"card detail that is not a non-empty JSON object: {bad!r}", op="hypercard_decrypt_card_detail",
                  args=dict(private_key=CK, encoded=base64.b64encode(pkcs1_encrypt(ck.public_key(), bad.encode(), Fixed(b"bad %d" % i))).decode()),
                  error="decryption_failed"))

doc = {
    "schema": "cardseal-vectors/1",
    "title": "HyperCard: header+body SHA256withRSA signatures, push events, card details",
    "source": "seed 004 and shared/PROVIDERS.md §4; every signature, push event and card-detail ciphertext here was made independently by test-vectors/gen_hypercard_vectors.py with a Python reference of the demo's rule (json.loads, {**headers, **body}, sorted, str() with the three replacements) and Python cryptography, with the sandbox keys in test-vectors/keys/",
    "vectors": V,
}
with open(os.path.join(HERE, "hypercard.json"), "w") as f:
    f.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
print(len(V), "vectors")
