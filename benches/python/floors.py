"""Lower bounds for bench.py: the primitives every implementation of a scheme must run
(RSA private/public operations, the digest over the string to sign, AES over the
payload), timed through the same OpenSSL the plain-Python column uses (pyca/cryptography
and hashlib). No implementation that calls these primitives can be faster than their
sum, so `plain time / floor` is the best ratio any binding could reach against that
column: when a target is above it, the target cannot be met on this machine by cardseal
or anything else built on the same primitives.

Only the primitives are timed (outputs go to preallocated buffers, digests run over
existing bytes), so each floor is a lower bound. Deliberately left out (which makes the
floors lower still, i.e. the bounds more generous):
JSON parsing/serialization, base64/hex, and (UPay) deflate/inflate, whose cost depends on
the implementation.
"""

import hashlib
import hmac
import os

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


def _ecb(key, n):
    """AES-ECB over n bytes (padded) into a preallocated buffer: no allocation timed."""
    data = b"\0" * (n - n % 16 + 16)
    out = bytearray(len(data) + 16)
    return lambda: Cipher(algorithms.AES(key), modes.ECB()).encryptor().update_into(data, out)


def _gcm(key, n):
    """AES-GCM over n bytes into a preallocated buffer (the tag costs one more block)."""
    data = b"\0" * n
    out = bytearray(n + 15)

    def run():
        e = Cipher(algorithms.AES(key), modes.GCM(b"\0" * 12)).encryptor()
        e.authenticate_additional_data(b"h")
        e.update_into(data, out)
        e.finalize()

    return run


def floor_fns(key_text, payload_len):
    """{(provider, op): fn} running, for a JSON payload of `payload_len` bytes, the
    primitives that scheme's op cannot do without (bench.py times each interleaved with
    the two columns, so that machine load shifts all three alike)."""
    load = lambda name: serialization.load_pem_private_key(key_text(name).encode(), None)
    k1024, p1024 = load("sandbox_merchant_1024.pem"), load("sandbox_provider_1024.pem")
    um, up = load("upay_merchant.pem"), load("upay_platform.pem")
    km, kp = load("kazepay_merchant.pem"), load("kazepay_provider.pem")
    n = payload_len
    text = b"a" * n
    b64_len = (n + 2) // 3 * 4
    oaep = padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)
    p1 = padding.PKCS1v15()

    def rsa_sign(key, h):
        digest = hashlib.new(h.name, b"x").digest()
        return lambda: key.sign(digest, p1, Prehashed(h))

    def rsa_verify(key, h):
        digest = hashlib.new(h.name, b"x").digest()
        sig = key.sign(digest, p1, Prehashed(h))
        pub = key.public_key()
        return lambda: pub.verify(sig, digest, p1, Prehashed(h))

    def rsa_enc(key, pad):
        pub = key.public_key()
        return lambda: pub.encrypt(b"k" * 16, pad)

    def rsa_dec(key, pad):
        ct = key.public_key().encrypt(b"k" * 24, pad)
        return lambda: key.decrypt(ct, pad)

    sha256 = lambda: hashlib.sha256(text).digest()
    sha1 = lambda: hashlib.sha1(text).digest()
    hmac256 = lambda: hmac.new(b"s" * 32, text, hashlib.sha256).digest()
    aes192 = _ecb(os.urandom(24), n)
    aes128 = _ecb(os.urandom(16), n)
    # ASINX signs MD5 over the hex text of AES-ECB over the base64 of path + body.
    hex_text = b"0" * ((b64_len - b64_len % 16 + 16) * 2)
    md5_hex = lambda: hashlib.md5(hex_text).digest()
    aes128_b64 = _ecb(os.urandom(16), b64_len)
    # GCM decryption costs what encryption does (CTR + GHASH over the same bytes).
    gcm = _gcm(os.urandom(16), n)

    def all_of(*fns):
        def run():
            for fn in fns:
                fn()
        return run

    return {
        ("ASINX", "seal"): all_of(aes128_b64, md5_hex),
        ("ASINX", "open"): all_of(aes128_b64),
        ("Paytend", "seal"): all_of(sha256, aes192, rsa_sign(k1024, hashes.SHA256()), rsa_enc(p1024, p1)),
        ("Paytend", "open"): all_of(sha256, aes192, rsa_dec(k1024, p1), rsa_verify(p1024, hashes.SHA256())),
        ("HyperCard", "seal"): all_of(sha256, rsa_sign(k1024, hashes.SHA256())),
        ("HyperCard", "open"): all_of(sha256, rsa_verify(p1024, hashes.SHA256())),
        ("UPay", "seal"): all_of(hmac256, gcm, rsa_enc(up, oaep)),
        ("UPay", "open"): all_of(gcm, rsa_dec(um, oaep)),
        ("KazePay", "seal"): all_of(sha1, aes128, rsa_sign(km, hashes.SHA1()), rsa_enc(kp, p1)),
        ("KazePay", "open"): all_of(sha1, aes128, rsa_dec(km, p1), rsa_verify(kp, hashes.SHA1())),
    }
