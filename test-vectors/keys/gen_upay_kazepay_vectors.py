#!/usr/bin/env python3
"""Regenerates test-vectors/jwe.json, test-vectors/upay.json and test-vectors/kazepay.json.

Independent of cardseal: every expected value comes from pyca/cryptography (AES-GCM,
AES-ECB, RSA signatures, RSA decryption), Python's zlib (raw DEFLATE), hmac/hashlib, and a
re-implementation here of `Env::fixed` (SHA-256(seed || u64be counter), one block per
32-byte chunk of each fill) with EME-PKCS1-v1_5 / EME-OAEP padding + pow(m, e, n).
Published values (RFC 7516 A.1; UPay's, see docs/providers/upay.md) are asserted, not generated.

Not reproducible here, so not pinned byte for byte: `zip: DEF` *output* (cardseal deflates
with miniz_oxide, Python with zlib: different but equally valid streams). Zipped JWEs are
therefore made here and must be *opened* by cardseal.

    python3 test-vectors/keys/gen_upay_kazepay_vectors.py
"""
import base64
import hashlib
import hmac
import json
import os
import zlib

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
import sys  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from smoke import smoke_marked  # noqa: E402 (test-vectors/smoke.py)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)

b64 = lambda b: base64.b64encode(b).decode()
b64u = lambda b: base64.urlsafe_b64encode(b).decode().rstrip("=")


def b64u_dec(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def key_text(name):
    with open(os.path.join(HERE, name)) as f:
        return f.read()


def load_priv(text):
    return serialization.load_pem_private_key(text.encode(), None)


def spki_pem(pub):
    return pub.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


class Fixed:
    """cardseal Env::fixed(seed, _) entropy."""

    def __init__(self, seed: bytes):
        self.seed, self.ctr = seed, 0

    def fill(self, n):
        out = b""
        while len(out) < n:
            block = hashlib.sha256(self.seed + self.ctr.to_bytes(8, "big")).digest()
            self.ctr += 1
            out += block[: n - len(out)]
        return out


def raw_rsa(pub, em):
    n, e = pub.public_numbers().n, pub.public_numbers().e
    k = (pub.key_size + 7) // 8
    m = int.from_bytes(em, "big")
    assert m < n
    return pow(m, e, n).to_bytes(k, "big")


def pkcs1_encrypt(pub, msg, env):
    k = (pub.key_size + 7) // 8
    ps = bytearray(env.fill(k - 3 - len(msg)))
    for i in range(len(ps)):
        while ps[i] == 0:
            ps[i] = env.fill(1)[0]
    return raw_rsa(pub, b"\x00\x02" + bytes(ps) + b"\x00" + msg)


def mgf1(seed, n):
    out, c = b"", 0
    while len(out) < n:
        out += hashlib.sha256(seed + c.to_bytes(4, "big")).digest()
        c += 1
    return out[:n]


def xor(a, b):
    return bytes(x ^ y for x, y in zip(a, b))


def oaep_encrypt(pub, msg, env):
    k = (pub.key_size + 7) // 8
    db = hashlib.sha256(b"").digest() + b"\x00" * (k - len(msg) - 66) + b"\x01" + msg
    seed = env.fill(32)
    masked_db = xor(db, mgf1(seed, k - 33))
    masked_seed = xor(seed, mgf1(masked_db, 32))
    return raw_rsa(pub, b"\x00" + masked_seed + masked_db)


def jdump(v):
    """Compact JSON as cardseal writes it (member order kept, minimal escapes, raw UTF-8)."""
    return json.dumps(v, separators=(",", ":"), ensure_ascii=False)


def header_json(enc, zip_=False, typ=None, kid=None):
    h = {"alg": "RSA-OAEP-256", "enc": enc}
    if zip_:
        h["zip"] = "DEF"
    if typ is not None:
        h["typ"] = typ
    if kid is not None:
        h["kid"] = kid
    return jdump(h)


def raw_deflate(data):
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def jwe_encrypt(plaintext, pub, env, enc="A128GCM", zip_=False, typ=None, kid=None, header=None):
    """cardseal's jwe::encrypt: CEK, then IV, then the OAEP seed, all from `env`."""
    hj = header if header is not None else header_json(enc, zip_, typ, kid)
    h = b64u(hj.encode())
    content = raw_deflate(plaintext) if zip_ else plaintext
    cek = env.fill(16 if enc == "A128GCM" else 32)
    iv = env.fill(12)
    ek = oaep_encrypt(pub, cek, env)
    sealed = AESGCM(cek).encrypt(iv, content, h.encode())
    return ".".join([h, b64u(ek), b64u(iv), b64u(sealed[:-16]), b64u(sealed[-16:])]), hj


def jwe_decrypt(compact, priv):
    h, ek, iv, ct, tag = compact.split(".")
    cek = priv.decrypt(b64u_dec(ek), padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None))
    content = AESGCM(cek).decrypt(b64u_dec(iv), b64u_dec(ct) + b64u_dec(tag), h.encode())
    hdr = json.loads(b64u_dec(h))
    return zlib.decompress(content, -15) if hdr.get("zip") == "DEF" else content




def write(name, title, source, vectors):
    doc = {"schema": "cardseal-vectors/1", "title": title, "source": source, "vectors": vectors}
    if name == "jwe.json":  # primitives: the binding runners run the smoke set only
        doc = {**{k: doc[k] for k in ("schema", "title", "source")}, "bindings": "smoke",
               "vectors": smoke_marked(vectors)}
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"{name}: {len(vectors)} vectors")


# ------------------------------------------------------------------------------ keys
UM_TEXT, UP_TEXT = key_text("upay_merchant.pem"), key_text("upay_platform.pem")
KM_TEXT, KP_TEXT = key_text("kazepay_merchant.pem"), key_text("kazepay_provider.pem")
um, up, km, kp = (load_priv(t) for t in (UM_TEXT, UP_TEXT, KM_TEXT, KP_TEXT))
UM_PUB, UP_PUB, KM_PUB, KP_PUB = (spki_pem(k.public_key()) for k in (um, up, km, kp))

# ------------------------------------------------------------------------------ JWE
A1_HEADER = '{"alg":"RSA-OAEP","enc":"A256GCM"}'
A1_HEADER_B64U = "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ"
A1_PLAINTEXT = "The true sign of intelligence is not knowledge but imagination."
A1_CEK = bytes([177, 161, 244, 128, 84, 143, 225, 115, 63, 180, 3, 255, 107, 154, 212, 246, 138, 7, 110, 91,
                112, 46, 34, 105, 47, 130, 203, 46, 122, 234, 64, 252])
A1_IV = bytes([227, 197, 117, 252, 2, 219, 233, 68, 180, 225, 77, 219])
A1_CT = "5eym8TW_c8SuK0ltJ3rpYIzOeDQz7TALvtu6UG9oMo4vpzs9tX_EFShS8iB7j6jiSdiwkIr3ajwQzaBtQD_A"
A1_TAG = "XFBoMYUZodetZdvTiFvSkQ"
A1_EK = ("OKOawDo13gRp2ojaHV7LFpZcgV7T6DVZKTyKOMTYUmKoTCVJRgckCL9kiMT03JGeipsEdY3mx_etLbbWSrFr05kLzcSr4qKAq7YN7e9jwQRb23nfa6c9d-StnImGyFDb"
         "Sv04uVuxIp5Zms1gNxKKK2Da14B8S4rzVRltdYwam_lDp5XnZAYpQdb76FdIKLaVmqgfwX7XWRxv2322i-vDxRfqNzo_tETKzpVLzfiwQyeyPGLBIO56YJ7eObdv0je8"
         "1860ppamavo35UgoRdbYaBcoh9QcfylQr66oc6vFWXRcZ_ZT2LawVCWTIy3brGPi6UklfCpIMfIjf7iGdXKHzg")
A1_COMPACT = ".".join([A1_HEADER_B64U, A1_EK, b64u(A1_IV), A1_CT, A1_TAG])
assert b64u(A1_HEADER.encode()) == A1_HEADER_B64U
_s = AESGCM(A1_CEK).encrypt(A1_IV, A1_PLAINTEXT.encode(), A1_HEADER_B64U.encode())
assert b64u(_s[:-16]) == A1_CT and b64u(_s[-16:]) == A1_TAG

jv = []
add = lambda **v: jv.append(v)
add(id="RFC 7516 A.1: A256GCM content encryption with the published CEK, IV and AAD", op="jwe_content_encrypt",
    args={"enc": "A256GCM", "header_b64u": A1_HEADER_B64U, "cek_hex": A1_CEK.hex(), "iv_hex": A1_IV.hex(), "plaintext": A1_PLAINTEXT},
    expect={"ciphertext_b64u": A1_CT, "tag_b64u": A1_TAG})
add(id="RFC 7516 A.1: the complete compact JWE opens with the published CEK (key unwrap is RSA-OAEP-SHA1: not implemented)",
    op="jwe_decrypt_with_cek", args={"enc": "A256GCM", "compact": A1_COMPACT, "cek_hex": A1_CEK.hex()},
    expect={"plaintext": A1_PLAINTEXT, "header_json": A1_HEADER})
_bad = bytearray(A1_CEK); _bad[31] ^= 0x80
add(id="RFC 7516 A.1: one CEK bit wrong", op="jwe_decrypt_with_cek",
    args={"enc": "A256GCM", "compact": A1_COMPACT, "cek_hex": bytes(_bad).hex()}, error="decryption_failed")
add(id="RFC 7516 A.1: alg RSA-OAEP (SHA-1) is refused by decrypt", op="jwe_decrypt",
    args={"enc": "A256GCM", "compact": A1_COMPACT, "private_key": UM_TEXT}, error="invalid_input")

PT = '{"cardId":"c-1","cardNumber":"4111111111111111","amount":5000.00,"name":"Zoë 李"}'
c1, h1 = jwe_encrypt(PT.encode(), um.public_key(), Fixed(b"jwe-1"), "A128GCM", typ="JOSE", kid="k-1")
add(id="seeded RSA-OAEP-256 + A128GCM, typ and kid (Env::fixed(\"jwe-1\"): CEK, IV, OAEP seed)", op="jwe_encrypt",
    args={"public_key": UM_PUB, "plaintext": PT, "enc": "A128GCM", "typ": "JOSE", "kid": "k-1", "seed": "jwe-1"},
    expect={"compact": c1, "header_json": h1})
c2, h2 = jwe_encrypt(PT.encode(), um.public_key(), Fixed(b"jwe-2"), "A256GCM")
add(id="seeded RSA-OAEP-256 + A256GCM, bare header", op="jwe_encrypt",
    args={"public_key": UM_PUB, "plaintext": PT, "enc": "A256GCM", "seed": "jwe-2"},
    expect={"compact": c2, "header_json": h2})
ce, he = jwe_encrypt(b"", um.public_key(), Fixed(b"jwe-empty"), "A128GCM")
add(id="seeded, empty plaintext", op="jwe_encrypt",
    args={"public_key": UM_PUB, "plaintext": "", "seed": "jwe-empty"}, expect={"compact": ce})
assert jwe_decrypt(c1, um) == PT.encode()
add(id="decrypt the seeded A128GCM JWE", op="jwe_decrypt", args={"private_key": UM_TEXT, "compact": c1},
    expect={"plaintext": PT, "header_json": h1})
add(id="decrypt the seeded A256GCM JWE", op="jwe_decrypt", args={"private_key": UM_TEXT, "compact": c2, "enc": "A256GCM"},
    expect={"plaintext": PT})
add(id="decrypt with another key", op="jwe_decrypt", args={"private_key": UP_TEXT, "compact": c1}, error="decryption_failed")
add(id="A256GCM JWE when A128GCM is configured", op="jwe_decrypt", args={"private_key": UM_TEXT, "compact": c2},
    error="invalid_input")
big = ('{"detail":"' + "KYC " * 50000 + '"}').encode()
cz, hz = jwe_encrypt(big, um.public_key(), Fixed(b"jwe-zip"), "A128GCM", zip_=True, typ="JOSE")
assert jwe_decrypt(cz, um) == big
add(id="zip DEF (raw DEFLATE made by zlib) opens to 200 kB", op="jwe_decrypt", args={"private_key": UM_TEXT, "compact": cz},
    expect={"plaintext_hex": big.hex(), "header_json": hz})
add(id="zip DEF over the inflate cap (max_inflated_bytes 100000)", op="jwe_decrypt",
    args={"private_key": UM_TEXT, "compact": cz, "max_inflated_bytes": 100000}, error="invalid_input")
add(id="zip DEF exactly at the inflate cap", op="jwe_decrypt",
    args={"private_key": UM_TEXT, "compact": cz, "max_inflated_bytes": len(big)}, expect={"plaintext_hex": big.hex()})
p = c1.split(".")
t = bytearray(b64u_dec(p[4])); t[0] ^= 1
add(id="tag bit flipped", op="jwe_decrypt", args={"private_key": UM_TEXT, "compact": ".".join(p[:4] + [b64u(bytes(t))])},
    error="decryption_failed")
t = bytearray(b64u_dec(p[3])); t[-1] ^= 1
add(id="ciphertext bit flipped", op="jwe_decrypt", args={"private_key": UM_TEXT, "compact": ".".join(p[:3] + [b64u(bytes(t)), p[4]])},
    error="decryption_failed")
add(id="protected header swapped for another valid one (AAD changes)", op="jwe_decrypt",
    args={"private_key": UM_TEXT, "compact": ".".join([b64u(b'{"alg":"RSA-OAEP-256","enc":"A128GCM"}')] + p[1:])},
    error="decryption_failed")
add(id="encrypted key replaced by zeros: OAEP fails, a substitute CEK goes on into GCM → the tag failure (RFC 7516 §11.5)",
    op="jwe_decrypt", args={"private_key": UM_TEXT, "compact": ".".join([p[0], b64u(bytes(len(b64u_dec(p[1]))))] + p[2:])},
    error="decryption_failed")
add(id="four parts", op="jwe_decrypt", args={"private_key": UM_TEXT, "compact": ".".join(p[:4])}, error="invalid_input")
add(id="padded base64url in the IV", op="jwe_decrypt", args={"private_key": UM_TEXT, "compact": ".".join(p[:2] + [p[2] + "="] + p[3:])},
    error="invalid_input")
add(id="standard-alphabet character in the ciphertext", op="jwe_decrypt",
    args={"private_key": UM_TEXT, "compact": ".".join(p[:3] + ["+" + p[3][1:], p[4]])}, error="invalid_input")
for hdr, why in [('{"alg":"RSA1_5","enc":"A128GCM"}', "alg RSA1_5"), ('{"alg":"dir","enc":"A128GCM"}', "alg dir"),
                 ('{"alg":"RSA-OAEP-256","enc":"A128CBC-HS256"}', "enc A128CBC-HS256"),
                 ('{"alg":"RSA-OAEP-256","enc":"A128GCM","zip":"GZIP"}', "zip GZIP"),
                 ('{"alg":"RSA-OAEP-256","enc":"A128GCM","crit":["b64"],"b64":false}', "crit member")]:
    cc, _ = jwe_encrypt(b"{}", um.public_key(), Fixed(b"hdr"), "A128GCM", header=hdr)
    add(id=f"refused header: {why}", op="jwe_decrypt", args={"private_key": UM_TEXT, "compact": cc}, error="invalid_input")
add(id="header is not JSON", op="jwe_decrypt",
    args={"private_key": UM_TEXT, "compact": ".".join([b64u(b"alg=RSA-OAEP-256")] + p[1:])}, error="invalid_input")
write("jwe.json", "JWE compact: RSA-OAEP-256 + A128GCM/A256GCM, zip DEF",
      "RFC 7516 Appendix A.1 (content encryption, CEK decrypt); seeded round trips with test-vectors/keys/upay_*.pem "
      "made by test-vectors/keys/gen_upay_kazepay_vectors.py (pyca/cryptography, zlib)", jv)

# ------------------------------------------------------------------------------ UPay
SECRET = "g3)&~8P9S+ZhqO@G8b9Ate%xa5Jh-.E%"
PUB_STRING = ('POST|/api/v1/customer/add|1774573955994|366dde77c57a4e7e988c074a21a4f04c|address={"address":"535 Mission St, Floor 12",'
              '"countryId":12,"name":"Demo given name","postalCode":"94105","provinceId":475}&annualIncome=100.5&company=Demo company'
              '&email=sing_demo@upb.com&givenName=Demo given name&globalCode=+1&groupNo=101680210001&lastName=Demo last name'
              '&occupation=Demo occupation&phone=127897890&position=Demo position&remark=This is sample data for adding customers&workYear=1')
PUB_SIGN = "pRbX0ikM/4j/E3tBxNOO/m3Hra+4d2/r+xtRTJ6N5pk="
PUB_PARAMS = ('{"groupNo":"101680210001","givenName":"Demo given name","lastName":"Demo last name","email":"sing_demo@upb.com",'
              '"globalCode":"+1","phone":"127897890","company":"Demo company","position":"Demo position","occupation":"Demo occupation",'
              '"annualIncome":100.5,"workYear":1,"address":{"name":"Demo given name","countryId":12,"provinceId":475,'
              '"address":"535 Mission St, Floor 12","postalCode":"94105"},"remark":"This is sample data for adding customers"}')


def hmac_b64(secret, data):
    return b64(hmac.new(secret.encode(), data.encode(), hashlib.sha256).digest())


class Raw(str):
    """A JSON number kept as its literal."""


def sorted_json(v):
    if isinstance(v, dict):
        return "{" + ",".join(jdump(k) + ":" + sorted_json(v[k]) for k in sorted(v, key=lambda s: s.encode("utf-16-be"))) + "}"
    if isinstance(v, list):
        return "[" + ",".join(sorted_json(x) for x in v) + "]"
    if isinstance(v, Raw):
        return str(v)
    return jdump(v)


def sign_param(params_json):
    if not params_json.strip():
        return ""
    obj = json.loads(params_json, parse_float=Raw, parse_int=Raw)
    out = []
    for k in sorted(obj, key=lambda s: s.encode("utf-16-be")):
        v = obj[k]
        out.append(f"{k}={v if isinstance(v, str) else sorted_json(v)}")
    return "&".join(out)


def uuid_hex(env):
    b = bytearray(env.fill(16))
    b[6] = (b[6] & 0x0F) | 0x40
    b[8] = (b[8] & 0x3F) | 0x80
    return bytes(b).hex()


assert hmac_b64(SECRET, PUB_STRING) == PUB_SIGN
assert "POST|/api/v1/customer/add|1774573955994|366dde77c57a4e7e988c074a21a4f04c|" + sign_param(PUB_PARAMS) == PUB_STRING
KID_PLATFORM = hashlib.sha256(UP_PUB.encode()).hexdigest()
KID_MERCHANT = hashlib.sha256(UM_PUB.encode()).hexdigest()

# No API key value is published: this one is made up. It is sent in `X-UPA-APIKEY` as is
# and is not part of the string to sign (the published sign does not change with it).
API_KEY = "upa-test-ak-7Qm2Zx"

uv = []
add = lambda **v: uv.append(v)
base = {"api_key": API_KEY, "secret": SECRET, "private_key": UM_TEXT, "provider_public_key": UP_PUB}
add(id="published HMAC over the string to sign (docs/providers/upay.md)", op="upay_hmac", args={"secret": SECRET, "data": PUB_STRING},
    expect={"sign": PUB_SIGN})
add(id="published vector through seal_request (plain); X-UPA-APIKEY sent, not signed", op="upay_seal_request",
    args=dict(base, method="POST", path="/api/v1/customer/add", params_json=PUB_PARAMS, timestamp_ms=1774573955994,
              request_id="366dde77c57a4e7e988c074a21a4f04c"),
    expect={"body": PUB_PARAMS, "request_id": "366dde77c57a4e7e988c074a21a4f04c", "timestamp": "1774573955994",
            "sign": PUB_SIGN, "string_to_sign": PUB_STRING, "sign_param": PUB_STRING.split("|", 4)[4],
            "api_key_header": API_KEY})
add(id="published vector with another API key: same sign (the API key is not signed)", op="upay_seal_request",
    args=dict(base, api_key="another-key", method="POST", path="/api/v1/customer/add", params_json=PUB_PARAMS,
              timestamp_ms=1774573955994, request_id="366dde77c57a4e7e988c074a21a4f04c"),
    expect={"sign": PUB_SIGN, "string_to_sign": PUB_STRING, "api_key_header": "another-key"})
add(id="published vector, encrypted endpoint: the plaintext params are signed", op="upay_seal_request",
    args=dict(base, method="POST", path="/api/v1/customer/add", params_json=PUB_PARAMS, timestamp_ms=1774573955994,
              request_id="366dde77c57a4e7e988c074a21a4f04c", encrypt=True, seed="upay-enc"),
    expect={"sign": PUB_SIGN, "string_to_sign": PUB_STRING,
            "jwe_header": header_json("A128GCM", True, "JOSE", KID_PLATFORM), "api_key_header": API_KEY})
add(id="kid = hex(SHA-256(SPKI PEM text of the platform key))", op="upay_key_id", args={"public_key": UP_PUB},
    expect={"kid": KID_PLATFORM})
add(id="kid needs a public key: a private key text is refused", op="upay_key_id", args={"public_key": UP_TEXT},
    error="invalid_key")
rid = uuid_hex(Fixed(b"upay-ids"))
sts = f"GET|/api/v1/card/info|1774573955994|{rid}|"
add(id="generated request id (UUID v4 hex from Env::fixed(\"upay-ids\")) and timestamp (Env clock); empty params end in |",
    op="upay_seal_request", args=dict(base, method="GET", path="/api/v1/card/info", params_json="", seed="upay-ids", now_ms=1774573955994),
    expect={"request_id": rid, "timestamp": "1774573955994", "string_to_sign": sts, "sign": hmac_b64(SECRET, sts), "body": "",
            "api_key_header": API_KEY})
sts = "POST|/api/v1/common/file/upload|1774573955994|0123456789abcdef0123456789abcdef|"
assert hmac_b64(SECRET, sts) == "V6PEwGbunXYkgLDKdWZ97Py0ZETzEXCEE9O/e6iEBeA="
add(id="file upload (multipart: file + fileType) signs an empty SIGN_PARAM", op="upay_seal_request",
    args=dict(base, method="POST", path="/api/v1/common/file/upload", params_json='{"fileType":"1"}', multipart=True,
              timestamp_ms=1774573955994, request_id="0123456789abcdef0123456789abcdef"),
    expect={"sign_param": "", "string_to_sign": sts, "sign": hmac_b64(SECRET, sts), "body": "", "api_key_header": API_KEY})
nested = '{"z":[{"b":2,"a":1}],"a":"x&y=z","m":true,"n":null,"e":"","u":"é"}'
sts = "PUT|/v|1774573955994|r1|" + sign_param(nested)
add(id="SIGN_PARAM: nested values as sorted compact JSON, literals, raw strings", op="upay_seal_request",
    args=dict(base, method="PUT", path="/v", params_json=nested, timestamp_ms=1774573955994, request_id="r1"),
    expect={"sign_param": sign_param(nested), "sign": hmac_b64(SECRET, sts), "api_key_header": API_KEY})
add(id="a 10-digit timestamp is refused", op="upay_seal_request",
    args=dict(base, method="POST", path="/v", params_json="{}", timestamp_ms=1774573955, request_id="r1"), error="invalid_input")
add(id="an empty API key is refused", op="upay_seal_request",
    args=dict(base, api_key="", method="POST", path="/v", params_json="{}", timestamp_ms=1774573955994, request_id="r1"),
    error="invalid_input")
add(id="an API key with a control character (CR LF) is refused", op="upay_seal_request",
    args=dict(base, api_key="ak\r\nX-Evil: 1", method="POST", path="/v", params_json="{}", timestamp_ms=1774573955994,
              request_id="r1"),
    error="invalid_input")
add(id="unencrypted params of exactly {\"payload\": string} are refused (the platform would read them as a JWE)",
    op="upay_seal_request",
    args=dict(base, method="POST", path="/v", params_json='{"payload":"x"}', timestamp_ms=1774573955994, request_id="r1"),
    error="invalid_input")
shaped = '{"payload":"x","a":1}'
sts = "POST|/v|1774573955994|r1|" + sign_param(shaped)
add(id="unencrypted params with payload and another member are sent as they are", op="upay_seal_request",
    args=dict(base, method="POST", path="/v", params_json=shaped, timestamp_ms=1774573955994, request_id="r1"),
    expect={"body": shaped, "string_to_sign": sts, "sign": hmac_b64(SECRET, sts)})

DATA = '{"customerNo":"C0001","amount":5000.00,"cards":[{"id":"1"}]}'
add(id="response with plain data", op="upay_open_response",
    args=dict(base, body='{"code":0,"msg":"success","success":true,"ts":1774573955994,"data":' + DATA + "}"),
    expect={"data_json": DATA})
rc, _ = jwe_encrypt(DATA.encode(), um.public_key(), Fixed(b"upay-resp"), "A128GCM", zip_=True, typ="JOSE", kid=KID_MERCHANT)
add(id="response with data.payload JWE (zip by zlib) to the merchant key", op="upay_open_response",
    args=dict(base, body=jdump({"code": 0, "msg": "success", "success": True, "ts": 1774573955994, "data": {"payload": rc}})),
    expect={"data_json": DATA})
add(id="response code 10001 → provider error", op="upay_open_response",
    args=dict(base, body='{"code":10001,"msg":"sign error","success":false,"ts":1774573955994,"data":null}'), error="provider_error")
add(id="code decides: code 403 with success true → provider error", op="upay_open_response",
    args=dict(base, body='{"code":403,"msg":"Forbidden","success":true,"ts":1774573955994,"data":' + DATA + "}"),
    error="provider_error")
add(id="code decides: code \"403\" (string) with success true → provider error", op="upay_open_response",
    args=dict(base, body='{"code":"403","msg":"Forbidden","success":true,"data":null}'), error="provider_error")
add(id="code decides: code \"0\" (string) is success", op="upay_open_response",
    args=dict(base, body='{"code":"0","msg":"success","success":true,"ts":1774573955994,"data":' + DATA + "}"),
    expect={"data_json": DATA})
add(id="code decides: code 0 with success false is success", op="upay_open_response",
    args=dict(base, body='{"code":0,"msg":"success","success":false,"ts":1774573955994,"data":' + DATA + "}"),
    expect={"data_json": DATA})
add(id="response payload JWE for the platform key → decryption failed", op="upay_open_response",
    args=dict(base, body=jdump({"code": 0, "success": True, "data": {"payload": jwe_encrypt(DATA.encode(), up.public_key(), Fixed(b"x"))[0]}})),
    error="decryption_failed")

NOW = 1774573955994
DETAIL = {"cardId": "c1", "cardNumber": "4111", "amount": "12.50", "currency": "USD", "status": 1}


def webhook(detail_value, seed, ts=NOW, secret=SECRET, event="CC_CONSUME"):
    payload = jdump({"event": event, "trace": "t-1", "orderNo": "O-1", "timestamp": ts, "detail": detail_value})
    body, _ = jwe_encrypt(payload.encode(), um.public_key(), Fixed(seed), "A128GCM", zip_=True, typ="JOSE", kid=KID_MERCHANT)
    return payload, body, hmac_b64(secret, f"{event}|{ts}|{body}")


want = jdump({"event": "CC_CONSUME", "trace": "t-1", "orderNo": "O-1", "timestamp": NOW, "detail": DETAIL})
payload, body, sign = webhook(DETAIL, b"hook-1")
hook = dict(base, body=body, request_id="r-1", timestamp=str(NOW), sign=sign)
add(id="webhook: JWE body, HMAC over event|timestamp|rawBody, detail object", op="upay_open_notification",
    args=dict(hook, now_ms=NOW + 60_000), expect={"payload_json": want})
add(id="webhook: 30 minutes + 1 ms later → expired", op="upay_open_notification",
    args=dict(hook, now_ms=NOW + 1_800_001), error="expired")
add(id="webhook: exactly 30 minutes later is accepted", op="upay_open_notification",
    args=dict(hook, now_ms=NOW + 1_800_000), expect={"payload_json": want})
add(id="webhook: a configured 60-minute window accepts a retry 45 minutes later", op="upay_open_notification",
    args=dict(hook, now_ms=NOW + 2_700_000, replay_window_ms=3_600_000), expect={"payload_json": want})
add(id="webhook: a negative window is refused (not taken as its absolute value)", op="upay_open_notification",
    args=dict(hook, now_ms=NOW, replay_window_ms=-1), error="invalid_input")
add(id="webhook: sign with another secret", op="upay_open_notification",
    args=dict(hook, sign=hmac_b64("other", f"CC_CONSUME|{NOW}|{body}"), now_ms=NOW), error="signature_mismatch")
add(id="webhook: timestamp header changed", op="upay_open_notification",
    args=dict(hook, timestamp=str(NOW + 1), now_ms=NOW), error="signature_mismatch")
_, body2, sign2 = webhook(jdump(DETAIL), b"hook-2")
add(id="webhook: detail sent as a JSON string is returned parsed", op="upay_open_notification",
    args=dict(base, body=body2, request_id="r-2", timestamp=str(NOW), sign=sign2, now_ms=NOW), expect={"payload_json": want})

pc, _ = jwe_encrypt(PUB_PARAMS.encode(), up.public_key(), Fixed(b"upay-req"), "A128GCM", zip_=True, typ="JOSE", kid=KID_PLATFORM)
mirror = {"api_key": API_KEY, "secret": SECRET, "private_key": UP_TEXT, "merchant_public_key": UM_PUB, "now_ms": NOW}
enc_req = dict(mirror, method="POST", path="/api/v1/customer/add", body=jdump({"payload": pc}),
               request_id="366dde77c57a4e7e988c074a21a4f04c", timestamp="1774573955994", sign=PUB_SIGN, header_api_key=API_KEY)
add(id="mirror opens an encrypted request made by zlib/pyca (published sign)", op="upay_open_request",
    args=enc_req, expect={"params_json": PUB_PARAMS})
add(id="mirror: same request with another path", op="upay_open_request",
    args=dict(enc_req, path="/api/v1/customer/update"), error="signature_mismatch")
add(id="mirror: another X-UPA-APIKEY → signature mismatch (X-UPA-APIKEY)", op="upay_open_request",
    args=dict(enc_req, header_api_key=API_KEY + "x"), error="signature_mismatch")
add(id="mirror: X-UPA-APIKEY missing → invalid input", op="upay_open_request",
    args={k: v for k, v in enc_req.items() if k != "header_api_key"}, error="invalid_input")
plain_req = dict(enc_req, body=PUB_PARAMS)
add(id="mirror: a plain request 60 s after its timestamp is accepted (default request window 60 s)", op="upay_open_request",
    args=dict(plain_req, now_ms=NOW + 60_000), expect={"params_json": PUB_PARAMS})
add(id="mirror: 60 s + 1 ms after its timestamp → expired", op="upay_open_request",
    args=dict(plain_req, now_ms=NOW + 60_001), error="expired")
add(id="mirror: 60 s + 1 ms before its timestamp → expired", op="upay_open_request",
    args=dict(plain_req, now_ms=NOW - 60_001), error="expired")
add(id="mirror: a configured 5-minute window accepts a request 4 minutes old", op="upay_open_request",
    args=dict(plain_req, now_ms=NOW + 240_000, replay_window_ms=300_000), expect={"params_json": PUB_PARAMS})
add(id="mirror: a negative request window is refused", op="upay_open_request",
    args=dict(plain_req, now_ms=NOW, replay_window_ms=-60_000), error="invalid_input")
write("upay.json", "UPay: HMAC-SHA256 request signing, JWE payloads, webhooks",
      "docs/providers/upay.md (published HMAC vector, verified); seeded/constructed values from "
      "test-vectors/keys/gen_upay_kazepay_vectors.py (pyca/cryptography, zlib, hmac)", uv)

# ------------------------------------------------------------------------------ KazePay
HASH = {"sha1": hashes.SHA1(), "sha256": hashes.SHA256()}


def aes_ecb(key, data):
    pad = 16 - len(data) % 16
    e = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    return e.update(data + bytes([pad]) * pad) + e.finalize()


def request_no(env, now):
    limit = 0xFFFFFFFF - (0xFFFFFFFF % 100000)
    while True:
        x = int.from_bytes(env.fill(4), "big")
        if x < limit:
            return f"{now:013d}{x % 100000:05d}"


def envelope(signer, recipient_pub, body, env, digest="sha1", signed="plaintext", wrap="base64_text", bits=128):
    key = env.fill(bits // 8)
    wrapped = b64(key).encode() if wrap == "base64_text" else key
    key_enc = pkcs1_encrypt(recipient_pub, wrapped, env).hex()
    encrypt = b64(aes_ecb(key, body.encode()))
    content = body.encode() if signed == "plaintext" else encrypt.encode()
    sign = signer.sign(content, padding.PKCS1v15(), HASH[digest]).hex()
    return encrypt, key_enc, sign


def kz_request(sys_id, api, rn, env_):
    encrypt, key_enc, sign = env_
    return jdump({"head": {"sysId": sys_id, "apiCode": api, "keyEnc": key_enc, "sign": sign, "requestNo": rn, "version": "1.0"},
                  "body": {"encrypt": encrypt}})


def kz_response(sys_id, api, rn, env_):
    encrypt, key_enc, sign = env_
    return jdump({"head": {"sysId": sys_id, "apiCode": api, "requestNo": rn, "version": "1.0", "code": "SUCCESS", "detail": "SUCCESS",
                           "sign": sign, "keyEnc": key_enc}, "body": {"encrypt": encrypt}})


def describe(d, s, w, b):
    return f"digest={d} signed_content={s} key_wrapping={w} aes_key_bits={b}"


SEED_BODY = '{"email":"kyc@kazepay.io","mobileNumber":"15659874544","mobilePrefix":"60"}'
KNOW = 1745747498573
kv = []
add = lambda **v: kv.append(v)
kbase = {"sys_id": "H2400002001", "private_key": KM_TEXT, "provider_public_key": KP_PUB}
msg = kz_request("H2400002001", "fileUpload", "174574749857359840", envelope(km, kp.public_key(), SEED_BODY, Fixed(b"kz-1")))
assert len(json.loads(msg)["head"]["keyEnc"]) == 512 and len(base64.b64decode(json.loads(msg)["body"]["encrypt"])) == 80
add(id="the published fileUpload body, default profile (SHA-1, plaintext signed, b64-text key, AES-128), Env::fixed(\"kz-1\")",
    op="kazepay_seal_request", args=dict(kbase, api_code="fileUpload", body_json=SEED_BODY, request_no="174574749857359840", seed="kz-1"),
    expect={"message": msg})
e = Fixed(b"kz-2")
rn = request_no(e, KNOW)
msg2 = kz_request("H2400002001", "queryCard", rn, envelope(km, kp.public_key(), '{"cardID":"19181"}', e))
add(id="generated requestNo (13-digit ms + 5 digits from the Env), then key and padding", op="kazepay_seal_request",
    args=dict(kbase, api_code="queryCard", body_json='{"cardID":"19181"}', seed="kz-2", now_ms=KNOW), expect={"message": msg2})
alt = dict(digest="sha256", signed_content="ciphertext", key_wrapping="raw", aes_key_bits=256)
msg3 = kz_request("H2400002001", "cardBalance", "1", envelope(km, kp.public_key(), '{"cardID":"19181","currency":"USD"}', Fixed(b"kz-3"),
                                                              "sha256", "ciphertext", "raw", 256))
add(id="profile sha256 / ciphertext signed / raw key / AES-256", op="kazepay_seal_request",
    args=dict(kbase, api_code="cardBalance", body_json='{"cardID":"19181","currency":"USD"}', request_no="1", seed="kz-3", **alt),
    expect={"message": msg3})
RESP = '{"cardID":"19181","currency":"USD","avaBalance":18506.25,"blockBalance":2020.00}'
kmirror = {"sys_id": "H2400002001", "private_key": KP_TEXT, "merchant_public_key": KM_PUB}
r1 = kz_response("H2400002001", "cardBalance", "202404220205221238690954", envelope(kp, km.public_key(), RESP, Fixed(b"kz-4")))
add(id="mirror seals a response (head order as the published response example)", op="kazepay_seal_response",
    args=dict(kmirror, api_code="cardBalance", request_no="202404220205221238690954", body_json=RESP, seed="kz-4"),
    expect={"message": r1})
add(id="merchant opens the response", op="kazepay_open_response", args=dict(kbase, message=r1), expect={"body_json": RESP})
r2 = kz_response("H2400002001", "cardBalance", "7", envelope(kp, km.public_key(), RESP, Fixed(b"kz-5"), "sha256", "ciphertext", "raw", 256))
add(id="merchant opens a response under the alternative profile", op="kazepay_open_response", args=dict(kbase, message=r2, **alt),
    expect={"body_json": RESP})
add(id="the same response under the default profile: the unwrapped raw key is not base64 text → the one uniform failure "
       "of the plaintext-signed profile",
    op="kazepay_open_response", args=dict(kbase, message=r2), error="signature_mismatch")
add(id="SHA-1-signed response checked as SHA-256", op="kazepay_open_response", args=dict(kbase, message=r1, digest="sha256"),
    error="signature_mismatch")
v = json.loads(r1)
sig = bytearray(bytes.fromhex(v["head"]["sign"])); sig[7] ^= 0x04
v["head"]["sign"] = sig.hex()
add(id="one signature bit flipped", op="kazepay_open_response", args=dict(kbase, message=jdump(v)), error="signature_mismatch")
v = json.loads(r1)
ct = bytearray(base64.b64decode(v["body"]["encrypt"])); ct[-1] ^= 0x01
v["body"]["encrypt"] = b64(bytes(ct))
add(id="last ciphertext byte changed (bad padding): the same kind as a signature failure (no padding oracle)",
    op="kazepay_open_response", args=dict(kbase, message=jdump(v)), error="signature_mismatch")
v = json.loads(r1)
ct = bytearray(base64.b64decode(v["body"]["encrypt"])); ct[0] ^= 0x01
v["body"]["encrypt"] = b64(bytes(ct))
add(id="first ciphertext byte changed (padding good)", op="kazepay_open_response", args=dict(kbase, message=jdump(v)),
    error="signature_mismatch")
v = json.loads(r2)
ct = bytearray(base64.b64decode(v["body"]["encrypt"])); ct[-1] ^= 0x01
v["body"]["encrypt"] = b64(bytes(ct))
_k = km.decrypt(bytes.fromhex(v["head"]["keyEnc"]), padding.PKCS1v15())
_d = Cipher(algorithms.AES(_k), modes.ECB()).decryptor()
_p = _d.update(bytes(ct)) + _d.finalize()
assert not (1 <= _p[-1] <= 16 and _p[-_p[-1]:] == bytes([_p[-1]]) * _p[-1]), "padding must be bad"
v["head"]["sign"] = kp.sign(v["body"]["encrypt"].encode(), padding.PKCS1v15(), HASH["sha256"]).hex()
add(id="ciphertext-signed profile: changed ciphertext signed by the sender → signature verifies, then bad padding → decryption failed",
    op="kazepay_open_response", args=dict(kbase, message=jdump(v), **alt), error="decryption_failed")
add(id="head.code FAILED → provider error", op="kazepay_open_response",
    args=dict(kbase, message='{"head":{"sysId":"H2400002001","apiCode":"queryCard","requestNo":"1","version":"1.0","code":"FAILED","detail":"card not found"}}'),
    error="provider_error")
add(id="keyEnc not hex", op="kazepay_open_response", args=dict(kbase, message=r1.replace(json.loads(r1)["head"]["keyEnc"][:4], "zzzz", 1)),
    error="invalid_input")
v = json.loads(r1); v["head"]["keyEnc"] = v["head"]["keyEnc"][:-2]
add(id="keyEnc truncated by one byte (not k bytes) → decryption failed", op="kazepay_open_response",
    args=dict(kbase, message=jdump(v)), error="decryption_failed")
v = json.loads(r1); v["head"]["keyEnc"] = v["head"]["keyEnc"][:-1]
add(id="keyEnc truncated by one hex digit (not hex) → invalid input", op="kazepay_open_response",
    args=dict(kbase, message=jdump(v)), error="invalid_input")
v = json.loads(r1); _ct = base64.b64decode(v["body"]["encrypt"])
v["body"]["encrypt"] = b64(_ct[:len(_ct) - 16])
add(id="body.encrypt truncated by one block → the uniform signature mismatch", op="kazepay_open_response",
    args=dict(kbase, message=jdump(v)), error="signature_mismatch")
v["body"]["encrypt"] = b64(_ct[:len(_ct) - 1])
add(id="body.encrypt truncated by one byte (not a block multiple) → decryption failed", op="kazepay_open_response",
    args=dict(kbase, message=jdump(v)), error="decryption_failed")
q = kz_request("H2400002001", "queryCard", "9", envelope(km, kp.public_key(), '{"cardID":"19181"}', Fixed(b"kz-6")))
add(id="mirror opens a request", op="kazepay_open_request", args=dict(kmirror, message=q), expect={"body_json": '{"cardID":"19181"}'})
d3 = kz_response("H2400002001", "queryCard", "9", envelope(kp, km.public_key(), RESP, Fixed(b"kz-7"), "sha256", "plaintext", "raw", 128))
add(id="detect: sha256 / plaintext / raw / 128 is found", op="kazepay_detect",
    args={"message": d3, "private_key": KM_TEXT, "public_key": KP_PUB},
    expect={"matches": [describe("sha256", "plaintext", "raw", 128)], "body_json": RESP})
SEED_RESPONSE = {"head": {"sysId": "H2400002001", "apiCode": "fileUpload", "requestNo": "174574749857359840", "version": "1.0",
                          "code": "SUCCESS", "detail": "SUCCESS",
                          "sign": "53df0c735deb74c9b6cc108ab0b1daad053aa26a90a1a26756ff44ed0eece9c72804035ed91edb0f6f51220a72738e79548c5ec566c89a52d15581495c2d0e32017ca94de48a71550fca2204608671c7e2a3bf27c61fe77831f87e236892520dcf2ad351711fd76fec0ba513ec256be6e64d37a1c61ef49a1e5f58547c1d3200b69d024edd746658c71706c491671b7a665f9b8dd234db2e461e974c6ded9644cb071b1528ce82d1933c7d45d32404d3f3e94399699cbff721b9aad7d618a657b5daeab69394b537ee38de6cb460be3d83eff07209f0448a340906bd551468fbb49def514041b07355b0a75f0d8dd1ea9aec749aa02e2b77800f329207496bc8",
                          "keyEnc": "23a978a916dfeba1a08b0abe1939d61bf1607d4744c4e0d48ae98a7a83b26cbbaad693f07c1e88e694a63fd3dc06611a33af7cda2e20c3cdbe8a27d911a4c16e312bede36fc541151df4f0de4e56a6c17c4dfc9afac37959842084e43b7dbafdd6d7d61b776baf1901b6290975ac3825384c91e9c4b69381ee75d04d14bf771e0061a3a218c49c4e11a09f1f590a06eab993aa2d131a1e6caec5052d2a19fa1f96f0e8304cfb6dd7c07d5dd0d4dc0d543b81a868587cc58d4eae8cfbef2d8e01868a888e4dfc018ff61d3d990fa67063cca3851ed057f0572c714bf0ee62fc540407894a97f702bc9f78f528f30b956a82e4d2c2f56f37b1e371c182fd5108be"},
                 "body": {"encrypt": "Ckp2toBWOcJGelmzpEMN1T+TAywGCbcbUUScrrCuTnMqQQd0DHHpFAmGFpbMJlzma0rQe3GnsiTu013dJ3WbZkKQlhLFQ71Zsw6dpX/u8RY="}}
add(id="detect on the published real fileUpload response with our sandbox keys: nothing matches (we do not hold KazePay's keys)",
    op="kazepay_detect", args={"message": jdump(SEED_RESPONSE), "private_key": KM_TEXT, "public_key": KP_PUB},
    expect={"matches": [], "body_json": None})
file_bytes = bytes(range(256)) * 3
boundary = "cardseal-0123456789abcdef0123456789abcdef"
mp = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"1.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").encode() \
    + file_bytes + (f"\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"request\"\r\nContent-Type: application/json\r\n\r\n"
                    f"{msg}\r\n--{boundary}--\r\n").encode()
add(id="fileUpload multipart body: file part untouched, then the request part", op="kazepay_multipart_body",
    args={"boundary": boundary, "file_name": "1.jpg", "content_type": "image/jpeg", "file_hex": file_bytes.hex(), "request_json": msg},
    expect={"body_hex": mp.hex()})
add(id="multipart: boundary occurring in the file is refused", op="kazepay_multipart_body",
    args={"boundary": "B", "file_name": "1.jpg", "content_type": "image/jpeg", "file": "xx--Bxx", "request_json": "{}"},
    error="invalid_input")
write("kazepay.json", "KazePay digital envelope (RSA + AES-ECB), profiles, detect, multipart",
      "docs/providers/kazepay.md (the published fileUpload example: shapes); seeded values from test-vectors/keys/gen_upay_kazepay_vectors.py "
      "(pyca/cryptography, Env::fixed re-implemented)", kv)
