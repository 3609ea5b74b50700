"""Every op of test-vectors/README.md, implemented through cardseal's public Python API.

``run(op, args)`` returns the outputs dict compared with a vector's ``expect``; an op not
listed here raises ``UnknownOp`` (a new op must never be skipped silently).
"""

import base64
import json

import cardseal
from cardseal import hazmat


class UnknownOp(Exception):
    pass


class Args:
    def __init__(self, args):
        self.a = args

    def str(self, name):
        v = self.a.get(name)
        if not isinstance(v, str):
            raise AssertionError(f"missing string arg `{name}`")
        return v

    def opt_str(self, name):
        v = self.a.get(name)
        return v if isinstance(v, str) else None

    def int(self, name):
        v = self.a.get(name)
        if not isinstance(v, int) or isinstance(v, bool):
            raise AssertionError(f"missing integer arg `{name}`")
        return v

    def opt_int(self, name):
        v = self.a.get(name)
        return v if isinstance(v, int) and not isinstance(v, bool) else None

    def opt_bool(self, name):
        v = self.a.get(name)
        return v if isinstance(v, bool) else None

    def bytes(self, name):
        """Bytes from `<name>_hex`, `<name>_b64` or `<name>` (UTF-8 text)."""
        if f"{name}_hex" in self.a:
            return bytes.fromhex(self.str(f"{name}_hex"))
        if f"{name}_b64" in self.a:
            # Reference decoding independent of the code under test.
            return base64.b64decode(self.str(f"{name}_b64"), validate=True)
        return self.str(name).encode("utf-8")

    def seed(self):
        return (self.opt_str("seed") or "").encode("utf-8")


def _hex(b):
    return bytes(b).hex()


def _plaintext(data):
    out = {"plaintext_hex": _hex(data)}
    try:
        out["plaintext"] = bytes(data).decode("utf-8")
    except UnicodeDecodeError:
        pass
    return out


# --- primitives ---------------------------------------------------------------------------

def _aes_ecb_encrypt(a):
    c = hazmat.aes_ecb_encrypt(a.bytes("key"), a.bytes("plaintext"), a.str("padding"))
    return {"ciphertext_hex": _hex(c)}


def _aes_ecb_decrypt(a):
    p = hazmat.aes_ecb_decrypt(a.bytes("key"), a.bytes("ciphertext"), a.str("padding"))
    return {"plaintext_hex": _hex(p)}


def _aes_cbc_encrypt(a):
    c = hazmat.aes_cbc_encrypt(a.bytes("key"), a.bytes("iv"), a.bytes("plaintext"), a.str("padding"))
    return {"ciphertext_hex": _hex(c)}


def _aes_cbc_decrypt(a):
    p = hazmat.aes_cbc_decrypt(a.bytes("key"), a.bytes("iv"), a.bytes("ciphertext"), a.str("padding"))
    return {"plaintext_hex": _hex(p)}


def _aes_gcm_encrypt(a):
    out = hazmat.aes_gcm_encrypt(a.bytes("key"), a.bytes("nonce"), a.bytes("plaintext"), a.bytes("aad"))
    assert len(out) >= 16
    return {"ciphertext_hex": _hex(out[:-16]), "tag_hex": _hex(out[-16:])}


def _aes_gcm_decrypt(a):
    ct = a.bytes("ciphertext") + a.bytes("tag")
    p = hazmat.aes_gcm_decrypt(a.bytes("key"), a.bytes("nonce"), ct, a.bytes("aad"))
    return {"plaintext_hex": _hex(p)}


def _digest(fn):
    return lambda a: {"digest_hex": _hex(fn(a.bytes("data")))}


def _hmac_sha256(a):
    mac = hazmat.hmac_sha256(a.bytes("key"), a.bytes("data"))
    n = a.opt_int("truncate_bytes")
    if n is not None:
        assert 1 <= n <= 32, "truncate_bytes must be 1..=32"
        mac = mac[:n]
    return {"mac_hex": _hex(mac)}


def _hmac_sha256_verify(a):
    assert hazmat.hmac_sha256_verify(a.bytes("key"), a.bytes("data"), a.bytes("mac")) is None
    return {"verified": True}


def _b64_encode(a):
    return {"text": hazmat.b64_encode(a.bytes("data"))}


def _b64_decode(a):
    return {"data_hex": _hex(hazmat.b64_decode(a.str("text")))}


def _b64_decode_lenient(a):
    return {"data_hex": _hex(hazmat.b64_decode_lenient(a.str("text")))}


def _hex_encode(a):
    return {"text": hazmat.hex_encode(a.bytes("data"))}


def _hex_decode(a):
    return {"data_hex": _hex(hazmat.hex_decode(a.str("text")))}


def _decode_hex_or_b64(a):
    return {"data_hex": _hex(hazmat.decode_hex_or_b64(a.str("text")))}


# --- canonicalizers -----------------------------------------------------------------------

def _json_sorted_compact(a):
    return {"output_json": hazmat.json_sorted_compact(a.str("input_json"))}


def _json_compact(a):
    return {"output_json": hazmat.json_compact(a.str("input_json"))}


def _form_flat(a):
    return {"form": hazmat.form_flat_nonempty_sorted(a.str("fields_json"))}


def _form_sorted_json(a):
    return {"form": hazmat.form_sorted_nested_sorted_json(a.str("params_json"))}


def _form_python_str(a):
    numbers = a.opt_str("numbers") or "as_written"
    assert numbers in ("as_written", "python"), f"unknown `numbers` {numbers!r} in vector file"
    kw = {}
    if a.opt_str("python_version") is not None:
        kw["python_version"] = a.opt_str("python_version")
    form = hazmat.form_nonempty_sorted_nested_python_str(
        a.str("body_json"), a.str("headers_json"), numbers=numbers, **kw
    )
    return {"form": form}


# --- RSA and keys -------------------------------------------------------------------------

def _rsa_sign(a):
    s = hazmat.rsa_sign_pkcs1v15(a.str("private_key"), a.bytes("message"), a.str("hash"))
    return {"signature_b64": base64.b64encode(s).decode()}


def _rsa_verify(a):
    r = hazmat.rsa_verify_pkcs1v15(a.str("public_key"), a.bytes("message"), a.bytes("signature"), a.str("hash"))
    assert r is None
    return {"verified": True}


def _rsa_decrypt(a):
    p = hazmat.rsa_decrypt_pkcs1v15(a.str("private_key"), a.bytes("ciphertext"), blocks=bool(a.opt_bool("blocks")))
    return _plaintext(p)


def _rsa_encrypt_seeded(a):
    c = hazmat.rsa_encrypt_pkcs1v15(
        a.str("public_key"), a.bytes("message"), blocks=bool(a.opt_bool("blocks")), seed=a.seed()
    )
    return {"ciphertext_b64": base64.b64encode(c).decode()}


def _label(a):
    return a.bytes("label") if any(k in a.a for k in ("label", "label_hex", "label_b64")) else b""


def _oaep_encrypt_seeded(a):
    c = hazmat.rsa_encrypt_oaep_sha256(a.str("public_key"), a.bytes("message"), _label(a), seed=a.seed())
    return {"ciphertext_b64": base64.b64encode(c).decode()}


def _oaep_decrypt(a):
    return _plaintext(hazmat.rsa_decrypt_oaep_sha256(a.str("private_key"), a.bytes("ciphertext"), _label(a)))


def _parse_private(a):
    k = hazmat.RsaPrivateKey(a.str("private_key"))
    return {"bits": k.bits, "size": k.size}


def _parse_public(a):
    k = hazmat.RsaPublicKey(a.str("public_key"))
    return {"bits": k.bits, "size": k.size}


def _public_key_pem(a):
    return {"pem": cardseal.public_key_pem(a.str("key"))}


# --- JWE ----------------------------------------------------------------------------------

def _enc(a):
    return a.opt_str("enc") or "A128GCM"


def _jwe_decrypted(d):
    out = _plaintext(d["plaintext"])
    out["header_json"] = d["header_json"]
    return out


def _jwe_content_encrypt(a):
    ct, tag = hazmat.jwe_seal_content(
        a.str("header_b64u"), a.bytes("cek"), a.bytes("iv"), a.bytes("plaintext"), enc=_enc(a)
    )
    return {
        "ciphertext_hex": _hex(ct),
        "tag_hex": _hex(tag),
        "ciphertext_b64u": hazmat.base64url_encode(ct),
        "tag_b64u": hazmat.base64url_encode(tag),
    }


def _jwe_decrypt_with_cek(a):
    d = hazmat.jwe_decrypt_with_cek(
        a.str("compact"), a.bytes("cek"), enc=_enc(a), max_inflated_bytes=a.opt_int("max_inflated_bytes")
    )
    return _jwe_decrypted(d)


def _jwe_decrypt(a):
    d = hazmat.jwe_decrypt(
        a.str("compact"), a.str("private_key"), enc=_enc(a), max_inflated_bytes=a.opt_int("max_inflated_bytes")
    )
    return _jwe_decrypted(d)


def _jwe_encrypt(a):
    e = hazmat.jwe_encrypt(
        a.bytes("plaintext"),
        a.str("public_key"),
        enc=_enc(a),
        zip=bool(a.opt_bool("zip")),
        typ=a.opt_str("typ"),
        kid=a.opt_str("kid"),
        seed=a.seed(),
    )
    return {"compact": e["compact"], "header_json": e["header_json"]}


# --- ASINX --------------------------------------------------------------------------------

def _asinx(a):
    return cardseal.Asinx(a.str("app_id"), a.str("app_secret"))


def _asinx_mirror(a):
    return cardseal.AsinxProvider(a.str("app_id"), a.str("app_secret"))


def _asinx_sign(a):
    s = _asinx(a).seal_request(a.str("path"), a.str("params_json"), uid=a.opt_str("uid"))
    return {
        "body": s.body,
        "origin": s.trace["origin"],
        "base64": s.trace["base64"],
        "ciphertext_hex": s.trace["ciphertext_hex"],
        "sign": s.headers["sign"],
        "uid_header": s.headers.get("uId"),
    }


def _asinx_open_response(a):
    return {"payload_json": _asinx(a).open_response_text(a.str("body"))}


def _asinx_open_notification(a):
    return {"payload_json": _asinx(a).open_notification_text(a.str("body"))}


def _asinx_open_request(a):
    headers = {"appId": a.str("header_app_id"), "sign": a.str("sign")}
    return {"payload_json": _asinx_mirror(a).open_request_text(a.str("body"), headers, path=a.str("path"))}


def _asinx_seal_response(a):
    return {"body": _asinx_mirror(a).seal_response(a.str("payload_json")).body}


def _asinx_seal_notification(a):
    return {"body": _asinx_mirror(a).seal_notification(a.str("payload_json")).body}


def _asinx_seal_error_response(a):
    m = _asinx_mirror(a)
    return {"body": m.seal_error_response(a.int("code"), a.str("message"), a.opt_str("payload_json")).body}


# --- Paytend ------------------------------------------------------------------------------

def _paytend(a, seed=b"paytend vectors", now_ms=0):
    return cardseal.Paytend(
        a.str("partner_id"),
        a.str("private_key"),
        a.str("provider_public_key"),
        utc_offset_minutes=a.opt_int("utc_offset_minutes"),
        seed=seed,
        now_ms=now_ms,
    )


def _paytend_rsa_decrypt(a):
    p = hazmat.rsa_decrypt_pkcs1v15(a.str("private_key"), a.bytes("ciphertext"))
    return {"plaintext": p.decode("utf-8")}


def _paytend_sign_string(a):
    s = hazmat.rsa_sign_pkcs1v15(a.str("private_key"), a.str("string").encode("utf-8"), "sha256")
    return {"signature": base64.b64encode(s).decode()}


def _paytend_request_id(a):
    return {"request_id": _paytend(a, b"", a.int("now_ms")).request_id()}


def _paytend_seal_request_seeded(a):
    m = _paytend(a, a.str("seed").encode("utf-8"), a.int("now_ms"))
    s = m.seal_request(a.str("biz_json"), request_id=a.opt_str("request_id"), encrypt=_paytend_encrypt(a))
    return {
        "request_id": json.loads(s.body)["requestId"],
        "string_to_sign": s.trace["string_to_sign"],
        "body": s.body,
    }


def _paytend_open_response(a):
    return {"payload_json": _paytend(a).open_response_text(a.str("body"))}


def _paytend_open_response_failure(a):
    try:
        opened = _paytend(a).open_response_text(a.str("body"))
    except cardseal.ProviderError as e:
        return {"code": e.code, "message": e.message, "result": getattr(e, "result", None)}
    return {"payload_json": opened}  # opened: an output the expectation cannot match


def _paytend_open_notification(a):
    return {"payload_json": _paytend(a).open_notification_text(a.str("body"))}


def _paytend_mirror(a):
    return cardseal.PaytendProvider(
        a.str("partner_id"), a.str("private_key"), a.str("partner_public_key"), seed=b"paytend vectors", now_ms=0
    )


def _paytend_open_request(a):
    return {"payload_json": _paytend_mirror(a).open_request_text(a.str("body"))}


def _paytend_encrypt(a):
    e = a.opt_bool("encrypt")
    return True if e is None else e


def _paytend_seal_response(a):
    return {"body": _paytend_mirror(a).seal_response(a.str("payload_json"), encrypt=_paytend_encrypt(a)).body}


def _paytend_seal_notification(a):
    s = _paytend_mirror(a).seal_notification(
        a.str("payload_json"), notify_type=a.opt_str("notify_type"), encrypt=_paytend_encrypt(a)
    )
    return {"body": s.body}


# --- UPay ---------------------------------------------------------------------------------

def _now(a):
    return a.opt_int("now_ms") or 0


def _upay(a):
    return cardseal.UPay(
        a.str("api_key"),
        a.str("secret"),
        a.str("private_key"),
        a.str("provider_public_key"),
        replay_window_ms=a.opt_int("replay_window_ms"),
        seed=a.seed(),
        now_ms=_now(a),
    )


def _upay_mirror(a):
    return cardseal.UPayProvider(
        a.str("api_key"),
        a.str("secret"),
        a.str("private_key"),
        a.str("merchant_public_key"),
        replay_window_ms=a.opt_int("replay_window_ms"),
        seed=a.seed(),
        now_ms=_now(a),
    )


def _upay_headers(a):
    h = {}
    for arg, name in (
        ("request_id", "X-UPA-REQUESTID"),
        ("timestamp", "X-UPA-TIMESTAMP"),
        ("sign", "X-UPA-SIGN"),
        ("header_api_key", "X-UPA-APIKEY"),
    ):
        v = a.opt_str(arg)
        if v is not None:
            h[name] = v
    return h


def _upay_hmac(a):
    return {"sign": cardseal.UPay.hmac_sign(a.str("secret").encode(), a.str("data").encode())}


def _upay_key_id(a):
    return {"kid": cardseal.UPay.key_id(a.str("public_key"))}


def _upay_seal_request(a):
    s = _upay(a).seal_request(
        a.str("method"),
        a.str("path"),
        a.str("params_json"),
        encrypt=bool(a.opt_bool("encrypt")),
        multipart=bool(a.opt_bool("multipart")),
        timestamp_ms=a.opt_int("timestamp_ms"),
        request_id=a.opt_str("request_id"),
    )
    return {
        "body": s.body,
        "request_id": s.headers["X-UPA-REQUESTID"],
        "timestamp": s.headers["X-UPA-TIMESTAMP"],
        "sign": s.headers["X-UPA-SIGN"],
        "sign_param": s.trace.get("sign_param"),
        "string_to_sign": s.trace.get("string_to_sign"),
        "jwe_header": s.trace.get("jwe_header"),
        "api_key_header": s.headers.get("X-UPA-APIKEY"),
    }


def _upay_open_response(a):
    return {"data_json": _upay(a).open_response_text(a.str("body"))}


def _upay_open_notification(a):
    t = _upay(a).open_notification_text(a.str("body"), _upay_headers(a), now=a.opt_int("now_ms"))
    return {"payload_json": t}


def _upay_open_request(a):
    t = _upay_mirror(a).open_request_text(a.str("body"), _upay_headers(a), method=a.str("method"), path=a.str("path"))
    return {"params_json": t}


# --- KazePay ------------------------------------------------------------------------------

def _profile(a):
    return dict(
        digest=a.opt_str("digest") or "sha1",
        signed_content=a.opt_str("signed_content") or "plaintext",
        key_wrapping=a.opt_str("key_wrapping") or "base64_text",
        aes_key_bits=a.opt_int("aes_key_bits") or 128,
    )


def _kazepay(a):
    return cardseal.KazePay(
        a.str("sys_id"), a.str("private_key"), a.str("provider_public_key"),
        seed=a.seed(), now_ms=_now(a), **_profile(a),
    )


def _kazepay_mirror(a):
    return cardseal.KazePayProvider(
        a.str("sys_id"), a.str("private_key"), a.str("merchant_public_key"),
        seed=a.seed(), now_ms=_now(a), **_profile(a),
    )


def _kazepay_seal_request(a):
    s = _kazepay(a).seal_request(a.str("api_code"), a.str("body_json"), request_no=a.opt_str("request_no"))
    return {"message": s.body}


def _kazepay_open_response(a):
    return {"body_json": _kazepay(a).open_response_text(a.str("message"))}


def _kazepay_open_request(a):
    return {"body_json": _kazepay_mirror(a).open_request_text(a.str("message"))}


def _kazepay_seal_response(a):
    s = _kazepay_mirror(a).seal_response(a.str("body_json"), api_code=a.str("api_code"), request_no=a.str("request_no"))
    return {"message": s.body}


def _kazepay_detect(a):
    r = cardseal.KazePay.detect(a.str("message"), a.str("private_key"), a.str("public_key"))
    return {"matches": list(r["matches"]), "body_json": r["body"]}


def _kazepay_multipart_body(a):
    body = cardseal.KazePay.multipart_body(
        a.str("boundary"), a.bytes("file"), a.str("request_json"),
        file_name=a.str("file_name"), content_type=a.str("content_type"),
    )
    return {"body_hex": _hex(body)}


# --- HyperCard ----------------------------------------------------------------------------

def _numbers(a):
    return a.opt_str("numbers") or "python"


def _hypercard_options(a):
    """`python_version` and `max_skew_secs` (null: no age check) when the vector sets them;
    absent, the binding's defaults apply."""
    kw = {}
    if a.opt_str("python_version") is not None:
        kw["python_version"] = a.opt_str("python_version")
    if "max_skew_secs" in a.a:
        v = a.a["max_skew_secs"]
        assert v is None or a.opt_int("max_skew_secs") is not None, "max_skew_secs must be an integer or null"
        kw["max_skew_secs"] = v
    return kw


def _hypercard(a):
    return cardseal.HyperCard(
        a.str("api_key"), a.str("private_key"), a.str("provider_public_key"),
        numbers=_numbers(a), seed=a.seed(), now_ms=_now(a), **_hypercard_options(a),
    )


def _hypercard_sign(a):
    s = _hypercard(a).seal_request(
        a.str("body_json"),
        timestamp=a.opt_int("timestamp"),
        nonce=a.opt_str("nonce"),
        lang=a.opt_str("lang"),
        version=a.opt_str("version"),
    )
    return {"body": s.body, "string_to_sign": s.trace["string_to_sign"], "signature": s.headers["signature"]}


def _headers_json(a):
    h = json.loads(a.str("headers_json"))
    assert isinstance(h, dict)
    return h


def _hypercard_open_notification(a):
    return {"payload_json": _hypercard(a).open_notification_text(a.str("body"), _headers_json(a))}


def _hypercard_open_request(a):
    p = cardseal.HyperCardProvider(
        a.str("api_key"), a.str("private_key"), a.str("merchant_public_key"),
        numbers=_numbers(a), seed=a.seed(), now_ms=_now(a), **_hypercard_options(a),
    )
    return {"payload_json": p.open_request_text(a.str("body"), _headers_json(a))}


def _hypercard_open_response(a):
    return {"payload_json": _hypercard(a).open_response_text(a.str("body"))}


def _hypercard_decrypt_card_detail(a):
    return {"detail": cardseal.HyperCard.decrypt_card_detail(a.str("encoded"), a.str("private_key"))}


OPS = {
    "aes_ecb_encrypt": _aes_ecb_encrypt,
    "aes_ecb_decrypt": _aes_ecb_decrypt,
    "aes_cbc_encrypt": _aes_cbc_encrypt,
    "aes_cbc_decrypt": _aes_cbc_decrypt,
    "aes_gcm_encrypt": _aes_gcm_encrypt,
    "aes_gcm_decrypt": _aes_gcm_decrypt,
    "md5": _digest(hazmat.md5),
    "sha1": _digest(hazmat.sha1),
    "sha256": _digest(hazmat.sha256),
    "hmac_sha256": _hmac_sha256,
    "hmac_sha256_verify": _hmac_sha256_verify,
    "b64_encode": _b64_encode,
    "b64_decode": _b64_decode,
    "b64_decode_lenient": _b64_decode_lenient,
    "hex_encode": _hex_encode,
    "hex_decode": _hex_decode,
    "decode_hex_or_b64": _decode_hex_or_b64,
    "json_sorted_compact": _json_sorted_compact,
    "json_compact": _json_compact,
    "form_flat_nonempty_sorted": _form_flat,
    "form_sorted_nested_sorted_json": _form_sorted_json,
    "form_nonempty_sorted_nested_python_str": _form_python_str,
    "rsa_pkcs1v15_sign": _rsa_sign,
    "rsa_pkcs1v15_verify": _rsa_verify,
    "rsa_pkcs1v15_decrypt": _rsa_decrypt,
    "rsa_pkcs1v15_encrypt_seeded": _rsa_encrypt_seeded,
    "rsa_oaep_sha256_encrypt_seeded": _oaep_encrypt_seeded,
    "rsa_oaep_sha256_decrypt": _oaep_decrypt,
    "rsa_parse_private_key": _parse_private,
    "rsa_parse_public_key": _parse_public,
    "public_key_pem": _public_key_pem,
    "jwe_content_encrypt": _jwe_content_encrypt,
    "jwe_decrypt_with_cek": _jwe_decrypt_with_cek,
    "jwe_decrypt": _jwe_decrypt,
    "jwe_encrypt": _jwe_encrypt,
    "asinx_sign": _asinx_sign,
    "asinx_open_response": _asinx_open_response,
    "asinx_open_notification": _asinx_open_notification,
    "asinx_open_request": _asinx_open_request,
    "asinx_seal_response": _asinx_seal_response,
    "asinx_seal_notification": _asinx_seal_notification,
    "asinx_seal_error_response": _asinx_seal_error_response,
    "paytend_rsa_decrypt": _paytend_rsa_decrypt,
    "paytend_sign_string": _paytend_sign_string,
    "paytend_request_id": _paytend_request_id,
    "paytend_seal_request_seeded": _paytend_seal_request_seeded,
    "paytend_open_response": _paytend_open_response,
    "paytend_open_notification": _paytend_open_notification,
    "paytend_open_request": _paytend_open_request,
    "paytend_open_response_failure": _paytend_open_response_failure,
    "paytend_seal_response": _paytend_seal_response,
    "paytend_seal_notification": _paytend_seal_notification,
    "upay_hmac": _upay_hmac,
    "upay_key_id": _upay_key_id,
    "upay_seal_request": _upay_seal_request,
    "upay_open_response": _upay_open_response,
    "upay_open_notification": _upay_open_notification,
    "upay_open_request": _upay_open_request,
    "hypercard_sign": _hypercard_sign,
    "hypercard_open_notification": _hypercard_open_notification,
    "hypercard_open_request": _hypercard_open_request,
    "hypercard_open_response": _hypercard_open_response,
    "hypercard_decrypt_card_detail": _hypercard_decrypt_card_detail,
    "kazepay_seal_request": _kazepay_seal_request,
    "kazepay_open_response": _kazepay_open_response,
    "kazepay_open_request": _kazepay_open_request,
    "kazepay_seal_response": _kazepay_seal_response,
    "kazepay_detect": _kazepay_detect,
    "kazepay_multipart_body": _kazepay_multipart_body,
}


def run(op, args):
    fn = OPS.get(op)
    if fn is None:
        raise UnknownOp(f"unknown op `{op}`: every op in test-vectors/ must have a runner")
    return fn(Args(args))
