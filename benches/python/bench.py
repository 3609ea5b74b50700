#!/usr/bin/env python3
"""cardseal (Python binding) vs. the same envelopes written in plain Python with
pyca/cryptography: the code a merchant would otherwise write by hand.

For every provider, the merchant-side seal (request) and open (response; HyperCard: push
event, the one HyperCard message that is verified) are timed at ~300 B and ~6 MB
payloads, in one run, and the ratio plain-Python time / cardseal time is printed.
Targets: >= 1.3x at ~300 B and >= 3x at ~6 MB.

Fairness: both sides start from the same Python dict and end with a Python dict; the
plain-Python code is checked first to produce envelopes cardseal's provider mirror opens,
and to open the mirror's responses to the same payload (so it really implements the
scheme). Keys are parsed once on both sides. Each measurement is the best of several runs,
cardseal's and plain Python's interleaved (the machine may be shared).

Run with the binding installed, e.g. after bindings/python/test.sh:
    bindings/python/.venv/bin/python benches/python/bench.py [--quick]
"""

import argparse
import base64
import datetime
import hashlib
import hmac
import json
import os
import pathlib
import sys
import time
import uuid
import zlib

from cryptography.hazmat.primitives import hashes, padding as sym_padding, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

import cardseal

ROOT = pathlib.Path(__file__).resolve().parents[2]
KEYS = ROOT / "test-vectors" / "keys"


def key_text(name):
    return (KEYS / name).read_text(encoding="ascii")


def load_priv(pem):
    return serialization.load_pem_private_key(pem.encode(), password=None)


def load_pub(pem):
    return serialization.load_pem_public_key(pem.encode())


# --------------------------------------------------------------------------- helpers (plain Python)

def aes_ecb_encrypt(key, data):
    p = sym_padding.PKCS7(128).padder()
    e = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    return e.update(p.update(data) + p.finalize()) + e.finalize()


def aes_ecb_decrypt(key, data):
    d = Cipher(algorithms.AES(key), modes.ECB()).decryptor()
    u = sym_padding.PKCS7(128).unpadder()
    return u.update(d.update(data) + d.finalize()) + u.finalize()


def compact(value, sort=False):
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, sort_keys=sort)


def b64(data):
    return base64.b64encode(data).decode("ascii")


def b64u(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64u_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


# --------------------------------------------------------------------------- ASINX

class PyAsinx:
    def __init__(self, app_id, app_secret):
        self.app_id = app_id
        self.key = bytes.fromhex(app_secret)

    def seal_request(self, path, params):
        body = compact(params, sort=True)
        origin = (path + body).encode("utf-8")
        c = aes_ecb_encrypt(self.key, base64.b64encode(origin))
        sign = hashlib.md5(c.hex().encode("ascii")).hexdigest()
        return body, {"appId": self.app_id, "sign": sign, "Content-Type": "application/json;charset=UTF-8"}

    def open_response(self, body):
        doc = json.loads(body)
        if doc.get("success") is not True:
            raise RuntimeError(f"provider error {doc.get('code')}: {doc.get('message')}")
        result = doc["result"]
        raw = bytes.fromhex(result) if all(c in "0123456789abcdefABCDEF" for c in result[:64]) else base64.b64decode(result)
        return json.loads(base64.b64decode(aes_ecb_decrypt(self.key, raw)))


# --------------------------------------------------------------------------- Paytend

class PyPaytend:
    def __init__(self, partner_id, private_key_pem, provider_public_pem):
        self.partner_id = partner_id
        self.key = load_priv(private_key_pem)
        self.provider = load_pub(provider_public_pem)

    @staticmethod
    def sign_string(fields):
        return "&".join(f"{k}={v}" for k, v in sorted(fields.items()) if v not in ("", None))

    def seal_request(self, biz):
        biz_text = compact(biz)
        k = base64.b64encode(os.urandom(16))
        now = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8)))
        request_id = self.partner_id + now.strftime("%Y%m%d%H%M%S") + f"{now.microsecond // 1000:03d}"
        biz_data = b64(aes_ecb_encrypt(k, biz_text.encode("utf-8")))
        random_key = b64(self.provider.encrypt(k, padding.PKCS1v15()))
        plain = {"bizData": biz_text, "partnerId": self.partner_id, "randomKey": k.decode(),
                 "requestId": request_id, "signType": "RSA", "version": "2.0"}
        signature = b64(self.key.sign(self.sign_string(plain).encode("utf-8"), padding.PKCS1v15(), hashes.SHA256()))
        body = compact({"bizData": biz_data, "requestId": request_id, "partnerId": self.partner_id,
                        "randomKey": random_key, "signType": "RSA", "signature": signature, "version": "2.0"})
        return body, {"Content-Type": "application/json"}

    def open_response(self, body):
        doc = json.loads(body)
        if doc.get("respCode") != "00":
            raise RuntimeError(f"provider error {doc.get('respCode')}: {doc.get('respMsg')}")
        k = self.key.decrypt(base64.b64decode(doc["randomKey"]), padding.PKCS1v15())
        text = aes_ecb_decrypt(k, base64.b64decode(doc["respData"])).decode("utf-8")
        fields = {n: v for n, v in doc.items() if n not in ("signature", "encryptFlag")}
        fields["respData"], fields["randomKey"] = text, k.decode()
        self.provider.verify(base64.b64decode(doc["signature"]), self.sign_string(fields).encode("utf-8"),
                             padding.PKCS1v15(), hashes.SHA256())
        return json.loads(text)


# --------------------------------------------------------------------------- HyperCard

def _python_str(value):
    # HyperCard's demo: str() of the parsed value, then the three replacements on every value.
    return str(value).replace("'", '"').replace(", ", ",").replace(": ", ":")


def _hollow(value):
    # A container in which no non-empty scalar can be reached (dropped like "" and None).
    if value is None:
        return True
    if isinstance(value, str):
        return value == ""
    if isinstance(value, dict):
        return all(_hollow(v) for v in value.values())
    if isinstance(value, list):
        return all(_hollow(v) for v in value)
    return False


class PyHyperCard:
    ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

    def __init__(self, api_key, private_key_pem, provider_public_pem, max_skew=300):
        self.api_key = api_key
        self.key = load_priv(private_key_pem)
        self.provider = load_pub(provider_public_pem)
        self.max_skew = max_skew

    @staticmethod
    def string_to_sign(headers, body):
        fields = {k: v for k, v in headers.items() if k in ("timestamp", "nonce", "api-key", "version", "lang")}
        fields.update(body)
        return "&".join(f"{k}={_python_str(v)}" for k, v in sorted(fields.items())
                        if k != "signature" and not _hollow(v))

    def seal_request(self, params):
        body = json.dumps(params, separators=(",", ":"), ensure_ascii=False)
        nonce = "".join(self.ALPHABET[b % 62] for b in os.urandom(10))
        headers = {"timestamp": str(int(time.time())), "nonce": nonce, "api-key": self.api_key, "version": "1.0"}
        sig = self.key.sign(self.string_to_sign(headers, params).encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())
        headers["signature"] = b64(sig)
        headers["Content-Type"] = "application/json"
        return body, headers

    def open_notification(self, body, headers):
        h = {k.lower(): v for k, v in headers.items()}
        if abs(int(h["timestamp"]) - time.time()) > self.max_skew:
            raise RuntimeError("expired")
        payload = json.loads(body)
        self.provider.verify(base64.b64decode(h["signature"]), self.string_to_sign(h, payload).encode("utf-8"),
                             padding.PKCS1v15(), hashes.SHA256())
        return payload


# --------------------------------------------------------------------------- UPay

class PyUPay:
    def __init__(self, api_key, secret, private_key_pem, platform_public_pem):
        self.api_key = api_key
        self.secret = secret.encode("utf-8")
        self.key = load_priv(private_key_pem)
        self.platform = load_pub(platform_public_pem)
        pem = self.platform.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        self.kid = hashlib.sha256(pem).hexdigest()
        self.oaep = padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)

    @staticmethod
    def sign_param(params):
        def value(v):
            if isinstance(v, str):
                return v
            if isinstance(v, (dict, list)):
                return compact(v, sort=True)
            return json.dumps(v)
        return "&".join(f"{k}={value(v)}" for k, v in sorted(params.items()))

    def jwe(self, plaintext):
        header = compact({"alg": "RSA-OAEP-256", "enc": "A128GCM", "zip": "DEF", "typ": "JOSE", "kid": self.kid})
        h = b64u(header.encode())
        cek, iv = os.urandom(16), os.urandom(12)
        z = zlib.compressobj(wbits=-15)
        ct = AESGCM(cek).encrypt(iv, z.compress(plaintext) + z.flush(), h.encode("ascii"))
        ek = self.platform.encrypt(cek, self.oaep)
        return ".".join([h, b64u(ek), b64u(iv), b64u(ct[:-16]), b64u(ct[-16:])])

    def seal_request(self, method, path, params):
        ts, rid = str(int(time.time() * 1000)), uuid.uuid4().hex
        to_sign = f"{method}|{path}|{ts}|{rid}|{self.sign_param(params)}"
        sign = b64(hmac.new(self.secret, to_sign.encode("utf-8"), hashlib.sha256).digest())
        body = compact({"payload": self.jwe(compact(params).encode("utf-8"))})
        return body, {"X-UPA-REQUESTID": rid, "X-UPA-TIMESTAMP": ts, "X-UPA-SIGN": sign, "X-UPA-APIKEY": self.api_key}

    def open_response(self, body):
        doc = json.loads(body)
        if doc.get("code") not in (0, "0"):  # `code` alone decides (not `success`)
            raise RuntimeError(f"provider error {doc.get('code')}: {doc.get('msg')}")
        h, ek, iv, ct, tag = doc["data"]["payload"].split(".")
        header = json.loads(b64u_decode(h))
        assert header["alg"] == "RSA-OAEP-256" and header["enc"] == "A128GCM"
        cek = self.key.decrypt(b64u_decode(ek), self.oaep)
        content = AESGCM(cek).decrypt(b64u_decode(iv), b64u_decode(ct) + b64u_decode(tag), h.encode("ascii"))
        if header.get("zip") == "DEF":
            content = zlib.decompress(content, wbits=-15)
        return json.loads(content)


# --------------------------------------------------------------------------- KazePay

class PyKazePay:
    def __init__(self, sys_id, private_key_pem, provider_public_pem):
        self.sys_id = sys_id
        self.key = load_priv(private_key_pem)
        self.provider = load_pub(provider_public_pem)

    def seal_request(self, api_code, body):
        text = compact(body).encode("utf-8")
        session = os.urandom(16)
        head = {
            "sysId": self.sys_id,
            "apiCode": api_code,
            "keyEnc": self.provider.encrypt(base64.b64encode(session), padding.PKCS1v15()).hex(),
            "requestNo": str(time.time_ns() // 1000),
            "version": "1.0",
            "sign": self.key.sign(text, padding.PKCS1v15(), hashes.SHA1()).hex(),
        }
        return compact({"head": head, "body": {"encrypt": b64(aes_ecb_encrypt(session, text))}}), {}

    def open_response(self, message):
        doc = json.loads(message)
        head = doc["head"]
        if head.get("code") != "SUCCESS":
            raise RuntimeError(f"provider error {head.get('code')}: {head.get('detail')}")
        session = base64.b64decode(self.key.decrypt(bytes.fromhex(head["keyEnc"]), padding.PKCS1v15()))
        text = aes_ecb_decrypt(session, base64.b64decode(doc["body"]["encrypt"]))
        self.provider.verify(bytes.fromhex(head["sign"]), text, padding.PKCS1v15(), hashes.SHA1())
        return json.loads(text)


# --------------------------------------------------------------------------- the benchmark

def payloads():
    small = {
        "cardHolderId": "101982", "cardId": "1755902", "currency": "USD", "amount": "5000.00",
        "email": "188888888662@188.com", "mobilePrefix": "1", "mobileNumber": "18888888867",
        "firstName": "Demo", "lastName": "Holder", "country": "US", "city": "San Francisco",
        "address": "535 Mission St, Floor 12", "postalCode": "94105",
    }
    blob = base64.b64encode(os.urandom(4_500_000)).decode("ascii")  # a KYC document
    big = {"cardHolderId": "101982", "documentType": "PASSPORT", "fileName": "passport.jpg", "file": blob}
    return {"~300 B": small, "~6 MB": big}


def best_time(fn, budget, max_runs):
    fn()  # warm-up
    best, runs, spent = float("inf"), 0, 0.0
    while runs < max_runs and (runs < 3 or spent < budget):
        t0 = time.perf_counter()
        fn()
        dt = time.perf_counter() - t0
        best, runs, spent = min(best, dt), runs + 1, spent + dt
    return best


def best_times(fns, budget, max_runs):
    """The best time of each function, their runs interleaved (a, b, a, b, ...) so that a
    change of machine load during the measurement affects every column alike, instead
    of whichever happened to run at that moment. Same stopping rule as best_time, per
    function: at least 3 runs, then until `budget` seconds or `max_runs` runs."""
    for fn in fns:
        fn()  # warm-up
    best = [float("inf")] * len(fns)
    spent = [0.0] * len(fns)
    runs = 0
    while runs < max_runs and (runs < 3 or min(spent) < budget):
        for i, fn in enumerate(fns):
            t0 = time.perf_counter()
            fn()
            dt = time.perf_counter() - t0
            best[i], spent[i] = min(best[i], dt), spent[i] + dt
        runs += 1
    return best


def build():
    m1024, p1024 = key_text("sandbox_merchant_1024.pem"), key_text("sandbox_provider_1024.pem")
    um, up = key_text("upay_merchant.pem"), key_text("upay_platform.pem")
    km, kpv = key_text("kazepay_merchant.pem"), key_text("kazepay_provider.pem")
    pub = cardseal.public_key_pem
    K = cardseal.hazmat.RsaPrivateKey
    secret = "b635dd5c87f7bf73387929203321b1e1"
    upay_secret = "g3)&~8P9S+ZhqO@G8b9Ate%xa5Jh-.E%"

    cs = {
        "ASINX": cardseal.Asinx("app_447770", secret),
        "Paytend": cardseal.Paytend("888666000100201", K(m1024), pub(p1024)),
        "HyperCard": cardseal.HyperCard("hc_api_key", K(m1024), pub(p1024)),
        "UPay": cardseal.UPay("upa-api-key", upay_secret, K(um), pub(up)),
        "KazePay": cardseal.KazePay("H2400002001", K(km), pub(kpv)),
    }
    mirrors = {
        "ASINX": cs["ASINX"].provider(),
        "Paytend": cs["Paytend"].provider(K(p1024)),
        "HyperCard": cs["HyperCard"].provider(K(p1024)),
        "UPay": cs["UPay"].provider(K(up)),
        "KazePay": cs["KazePay"].provider(K(kpv)),
    }
    py = {
        "ASINX": PyAsinx("app_447770", secret),
        "Paytend": PyPaytend("888666000100201", m1024, pub(p1024)),
        "HyperCard": PyHyperCard("hc_api_key", m1024, pub(p1024)),
        "UPay": PyUPay("upa-api-key", upay_secret, um, pub(up)),
        "KazePay": PyKazePay("H2400002001", km, pub(kpv)),
    }

    def ops(name, payload):
        c, m, p = cs[name], mirrors[name], py[name]
        if name == "ASINX":
            seal = (lambda: c.seal_request("/card/apply", payload), lambda: p.seal_request("/card/apply", payload))
            check_seal = lambda body, headers: m.open_request(body, headers, path="/card/apply")
            resp = m.seal_response(payload)
            opn = (lambda: c.open_response(resp.body), lambda: p.open_response(resp.body))
        elif name == "Paytend":
            seal = (lambda: c.seal_request(payload), lambda: p.seal_request(payload))
            check_seal = lambda body, headers: m.open_request(body, headers)
            resp = m.seal_response(payload)
            opn = (lambda: c.open_response(resp.body), lambda: p.open_response(resp.body))
        elif name == "HyperCard":
            seal = (lambda: c.seal_request(payload), lambda: p.seal_request(payload))
            check_seal = lambda body, headers: m.open_request(body, headers)
            resp = m.seal_notification(payload)
            opn = (lambda: c.open_notification(resp.body, resp.headers),
                   lambda: p.open_notification(resp.body, resp.headers))
        elif name == "UPay":
            seal = (lambda: c.seal_request("POST", "/api/v1/kyc/upload", payload, encrypt=True),
                    lambda: p.seal_request("POST", "/api/v1/kyc/upload", payload))
            check_seal = lambda body, headers: m.open_request(body, headers, method="POST", path="/api/v1/kyc/upload")
            resp = m.seal_response(payload, encrypt=True)
            opn = (lambda: c.open_response(resp.body), lambda: p.open_response(resp.body))
        else:
            seal = (lambda: c.seal_request("kycUpload", payload), lambda: p.seal_request("kycUpload", payload))
            check_seal = lambda body, headers: m.open_request(body, headers)
            resp = m.seal_response(payload, api_code="kycUpload", request_no="174574749857359840")
            opn = (lambda: c.open_response(resp.body), lambda: p.open_response(resp.body))
        # The plain-Python code implements the same scheme: the mirror opens its requests,
        # and it opens the mirror's responses to the same payload.
        body, headers = seal[1]()
        assert check_seal(body, headers) == payload, f"{name}: plain-Python request does not open"
        cs_body = seal[0]()
        assert check_seal(cs_body.body, cs_body.headers) == payload
        assert opn[1]() == payload and opn[0]() == payload, f"{name}: opens disagree"
        return {"seal": seal, "open": opn}

    return ops


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="fewer runs (a smoke test)")
    args = ap.parse_args()
    budget, runs_small, runs_big = (0.05, 50, 2) if args.quick else (0.5, 2000, 5)

    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
    import floors  # beside this file; imported here so the tests can import bench.py alone

    ops = build()
    targets = {"~300 B": 1.3, "~6 MB": 3.0}
    rows, misses, bounded = [], [], []
    for size, payload in payloads().items():
        n = len(json.dumps(payload, separators=(",", ":")))
        runs = runs_small if size == "~300 B" else runs_big
        floor = floors.floor_fns(key_text, n)
        for name in ("ASINX", "Paytend", "HyperCard", "UPay", "KazePay"):
            o = ops(name, payload)
            for op in ("seal", "open"):
                t_cs, t_py, t_floor = best_times((*o[op], floor[(name, op)]), budget, runs)
                ratio = t_py / t_cs
                best_possible = t_py / t_floor
                ok = ratio >= targets[size]
                if not ok:
                    misses.append(f"{name} {op} {size}")
                    if best_possible < targets[size]:
                        bounded.append(f"{name} {op} {size}")
                rows.append((size, n, name, op, t_cs, t_py, ratio, ok, t_floor, best_possible))
    print(f"cardseal {cardseal.__version__} vs plain Python {sys.version.split()[0]} + cryptography "
          f"{__import__('cryptography').__version__}; best of several runs")
    print("floor: the primitives any implementation must run (RSA, the digest over the signed text, AES),")
    print("timed through the plain column's own OpenSSL, interleaved with both columns; bound = plain /")
    print("floor, about the best ratio anything built on those primitives could reach (benches/python/floors.py)")
    print(f"{'payload':>8} {'bytes':>9}  {'provider':<10} {'op':<5} {'cardseal':>11} {'plain py':>11} {'ratio':>7}  target"
          f"  {'floor':>11} {'bound':>7}")
    for size, n, name, op, t_cs, t_py, ratio, ok, fl, bound in rows:
        print(f"{size:>8} {n:>9}  {name:<10} {op:<5} {t_cs * 1e3:>9.3f}ms {t_py * 1e3:>9.3f}ms "
              f"{ratio:>6.2f}x  {'>=' if ok else '< '}{targets[size]}x  {fl * 1e3:>9.3f}ms {bound:>6.2f}x")
    print("all targets met" if not misses else f"targets missed ({len(misses)}): " + ", ".join(misses))
    if bounded:
        print(f"of which above the bound (unreachable on this machine by any implementation on the same "
              f"primitives) ({len(bounded)}): " + ", ".join(bounded))

if __name__ == "__main__":
    main()
