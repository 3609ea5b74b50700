#!/usr/bin/env python3
"""Timing of valid vs invalid PKCS#1 v1.5 padding on the three RSA-decrypting open paths
(a benchmark, not a test).

Cases, each through the installed Python binding (OpenSSL RSA backend), with the sandbox
and mirror keys in ``test-vectors/keys``:

- ``paytend``: ``Paytend.open_response``, ``randomKey`` under the merchant's RSA-1024 key
  (``sandbox_merchant_1024.pem``); the response is made by the Paytend mirror;
- ``kazepay``: ``KazePay.open_response`` (default profile), ``head.keyEnc`` under the
  merchant's RSA-2048 key (``kazepay_merchant.pem``); made by the KazePay mirror;
- ``hypercard``: ``HyperCard.decrypt_card_detail``, one block under the RSA-4096 card key
  (``sandbox_merchant_4096.pem``); made by the mirror's ``encrypt_card_detail``.

What is compared. A genuine message is built with the mirror, then two classes of
messages identical to it except for the RSA ciphertext (``randomKey`` / ``keyEnc`` / the
card-detail block), which is replaced by a raw RSA encryption (``pow(m, e, n)`` with the
public key, via pyca/cryptography's key numbers) of a block ``m`` chosen here:

- **valid padding**: ``00 02 PS 00 M`` with a correct PKCS#1 v1.5 padding whose ``M`` is
  wrong in a way only a later check sees, so both classes fail at the same place with the
  same error (a genuine message would go on to succeed, doing work the attacker's
  messages never cause, and is not what an oracle would compare):
  Paytend: another random 24-character key text (AES-192 decrypts garbage, the signature
  over the key text fails: ``SignatureMismatch``); KazePay: base64 text of another random
  AES-128 key (the body decrypts to garbage, the signature fails: ``SignatureMismatch``);
  HyperCard: random non-UTF-8 bytes of the detail's length (refused as not a card detail:
  ``DecryptionFailed``), which is what implicit rejection makes of a bad block;
- **invalid padding**: the genuine ``M`` under a broken padding, several kinds in turn:
  first byte ``01`` instead of ``00``; block type ``01`` or ``03`` instead of ``02``; no
  zero separator; a padding string of 7 bytes (< 8); an empty padding string.

Before timing, the genuine message is checked to open, and a sample of each class (16
messages, 16 per bad-padding kind) is checked: its block decrypts back raw with the private
key to what was meant (padding valid or not), and every message of both classes raises
the same exception type with the same text. Then the two classes are timed interleaved in
random order (``time.perf_counter_ns`` around each call, catching only the expected
exception; the garbage collector off), ``--trials`` per class.

Every trial uses a fresh message (new padding bytes, new wrong key text / key / bytes,
bad-padding kind drawn at random). A given message's time depends on its content by a few
percent, in both classes alike: after the RSA step the data is decrypted under a key that
differs per message (the wrong key, or the implicit-rejection stand-in), and the garbage
it gives changes what is hashed for the signature (e.g. Paytend hashes the lossy text of
the garbage, whose length varies with its replacement characters). With a few messages reused many times, the two classes'
distributions would differ by which messages were drawn, not by the padding.

``--valid-m synthetic`` (a diagnostic) gives the valid-padding class random bytes of a
random length as ``M``, which is what implicit rejection makes of a bad block: then the
two classes differ by the padding alone, and whatever a form-specific step after the RSA
decryption costs (a key text that is well-formed, a base64 that decodes) drops out.

Reported per case: median ns of each class, the median difference (invalid - valid), and
the two-sample Kolmogorov-Smirnov distance D between the two timing distributions with
its critical value at alpha = 1% for the sample sizes (c(0.01) * sqrt((n+m)/(n*m)),
c = sqrt(-ln(0.005)/2) = 1.628). Verdict: D below the critical value = no distinguishable
difference at this sample size. Per padding kind, the invalid class's median is printed too.

Run (niced: it is a benchmark), with the binding installed (bindings/python/test.sh):
    nice -n 10 bindings/python/.venv/bin/python benches/python/timing_pkcs1.py [--trials 20000 | --quick]
        [--cases paytend,kazepay,hypercard] [--valid-m wrong-key|synthetic] [--seed 15]
"""

import argparse
import base64
import bisect
import datetime
import gc
import json
import math
import os
import pathlib
import platform
import random
import string
import sys
import time

from cryptography.hazmat.primitives import serialization

import cardseal
from cardseal import hazmat

ROOT = pathlib.Path(__file__).resolve().parents[2]
KEYS = ROOT / "test-vectors" / "keys"


def key_text(name):
    return (KEYS / name).read_text(encoding="ascii")


# ----------------------------------------------------------------------------- raw RSA


class RawRsa:
    """Raw RSA with a private key's numbers (pyca/cryptography), to craft and check blocks."""

    def __init__(self, pem):
        priv = serialization.load_pem_private_key(pem.encode(), password=None)
        nums = priv.private_numbers()
        self.n = nums.public_numbers.n
        self.e = nums.public_numbers.e
        self.p, self.q = nums.p, nums.q
        self.dp, self.dq, self.qinv = nums.dmp1, nums.dmq1, nums.iqmp
        self.k = (self.n.bit_length() + 7) // 8

    def encrypt(self, em):
        assert len(em) == self.k and int.from_bytes(em, "big") < self.n
        return pow(int.from_bytes(em, "big"), self.e, self.n).to_bytes(self.k, "big")

    def decrypt(self, c):
        x = int.from_bytes(c, "big")
        m1 = pow(x, self.dp, self.p)
        m2 = pow(x, self.dq, self.q)
        m = m2 + self.q * ((self.qinv * (m1 - m2)) % self.p)
        return m.to_bytes(self.k, "big")


def pkcs1_unpad(em):
    """M when `em` is a valid PKCS#1 v1.5 encryption block, else None."""
    if len(em) < 11 or em[0] != 0 or em[1] != 2:
        return None
    sep = em.find(b"\x00", 2)
    if sep < 0 or sep < 10:
        return None
    return em[sep + 1:]


_NO_ZERO = bytes([1]) + bytes(range(1, 256))


def nonzero(rng, n):
    return rng.randbytes(n).translate(_NO_ZERO)


def valid_block(rng, k, m):
    return b"\x00\x02" + nonzero(rng, k - 3 - len(m)) + b"\x00" + m


BAD_KINDS = ("lead_01", "type_01", "type_03", "no_separator", "short_ps", "empty_ps")


def bad_block(rng, k, m, kind):
    """A block with the genuine `m` (or its tail) under a broken padding of `kind`."""
    if kind == "lead_01":
        em = b"\x01\x02" + nonzero(rng, k - 3 - len(m)) + b"\x00" + m
    elif kind == "type_01":
        em = b"\x00\x01" + nonzero(rng, k - 3 - len(m)) + b"\x00" + m
    elif kind == "type_03":
        em = b"\x00\x03" + nonzero(rng, k - 3 - len(m)) + b"\x00" + m
    elif kind == "no_separator":
        assert b"\x00" not in m
        em = b"\x00\x02" + nonzero(rng, k - 2 - len(m)) + m
    elif kind == "short_ps":
        em = b"\x00\x02" + nonzero(rng, 7) + b"\x00" + nonzero(rng, k - 10 - len(m)) + m
    elif kind == "empty_ps":
        em = b"\x00\x02\x00" + nonzero(rng, k - 3 - len(m)) + m
    else:
        raise ValueError(kind)
    assert len(em) == k and pkcs1_unpad(em) is None, kind
    return em


def cipher(raw, em, valid, check):
    """RSA-encrypts `em`; with `check`, decrypts it back and checks its padding class."""
    c = raw.encrypt(em)
    if check:
        back = raw.decrypt(c)
        assert back == em
        assert (pkcs1_unpad(back) is not None) == valid
    return c


# ----------------------------------------------------------------------------- cases


class Case:
    """A timed open path: `call(msg)`, the genuine message and its block's `M`, `wrap`
    (RSA ciphertext -> message otherwise identical to the genuine one), `wrong_m()` (a
    wrong `M` that only a later check refuses), the expected failure."""

    def __init__(self, name, label, call, genuine, raw, genuine_m, wrap, wrong_m, exc):
        self.name = name
        self.label = label
        self.call = call
        self.genuine = genuine
        self.raw = raw
        self.genuine_m = genuine_m
        self.wrap = wrap
        self.wrong_m = wrong_m
        self.exc = exc
        self.rng = None
        self.synthetic = False

    def valid(self, check):
        """A fresh message whose block has a valid padding."""
        if self.synthetic:
            m = self.rng.randbytes(self.rng.randrange(self.raw.k - 10))
        else:
            m = self.wrong_m()
        return self.wrap(cipher(self.raw, valid_block(self.rng, self.raw.k, m), True, check))

    def invalid(self, kind, check):
        """A fresh message whose block is the genuine `M` under a bad padding of `kind`."""
        return self.wrap(cipher(self.raw, bad_block(self.rng, self.raw.k, self.genuine_m, kind), False, check))


def paytend_case(rng):
    merchant_pem = key_text("sandbox_merchant_1024.pem")
    provider_pem = key_text("sandbox_provider_1024.pem")
    m = cardseal.Paytend(
        "888666000100201", hazmat.RsaPrivateKey(merchant_pem), cardseal.public_key_pem(provider_pem)
    )
    p = m.provider(provider_pem)
    genuine = p.seal_response({"cardNo": "4111111111111111", "cvv": "123", "expiry": "12/29"}).body
    raw = RawRsa(merchant_pem)
    doc = json.loads(genuine)
    key_plain = pkcs1_unpad(raw.decrypt(base64.b64decode(doc["randomKey"])))
    assert key_plain is not None and len(key_plain) == 24

    def with_key(c):
        d = dict(doc)
        d["randomKey"] = base64.b64encode(c).decode()
        return json.dumps(d, separators=(",", ":"))

    assert with_key(base64.b64decode(doc["randomKey"])) == genuine
    printable = (string.ascii_letters + string.digits + "+/").encode()

    def wrong_m():
        other = bytes(rng.choice(printable) for _ in range(24))
        assert other != key_plain
        return other

    return Case(
        "paytend", "Paytend `open_response` (RSA-1024 `randomKey`)",
        m.open_response, genuine, raw, key_plain, with_key, wrong_m, cardseal.SignatureMismatch,
    )


def kazepay_case(rng):
    merchant_pem = key_text("kazepay_merchant.pem")
    provider_pem = key_text("kazepay_provider.pem")
    m = cardseal.KazePay(
        "H2400002001", hazmat.RsaPrivateKey(merchant_pem), cardseal.public_key_pem(provider_pem)
    )
    p = m.provider(provider_pem)
    genuine = p.seal_response(
        {"cardNo": "4111111111111111", "cvv": "123", "expiry": "12/29"}, api_code="queryCard", request_no="R1"
    ).body
    raw = RawRsa(merchant_pem)
    doc = json.loads(genuine)
    key_plain = pkcs1_unpad(raw.decrypt(bytes.fromhex(doc["head"]["keyEnc"])))
    assert key_plain is not None and len(base64.b64decode(key_plain)) == 16
    # The genuine text split around the keyEnc value (the rest is kept byte for byte).
    before, sep, after = genuine.partition(doc["head"]["keyEnc"])
    assert sep and doc["head"]["keyEnc"] not in after

    def with_key(c):
        return before + c.hex() + after

    def wrong_m():
        other = base64.b64encode(rng.randbytes(16))
        assert other != key_plain
        return other

    return Case(
        "kazepay", "KazePay `open_response` (RSA-2048 `keyEnc`, default profile)",
        m.open_response, genuine, raw, key_plain, with_key, wrong_m, cardseal.SignatureMismatch,
    )


def hypercard_case(rng):
    card_pem = key_text("sandbox_merchant_4096.pem")
    card_key = hazmat.RsaPrivateKey(card_pem)
    m = cardseal.HyperCard(
        "hc_api_key",
        key_text("sandbox_merchant_1024.pem"),
        cardseal.public_key_pem(key_text("sandbox_provider_1024.pem")),
    )
    p = m.provider(key_text("sandbox_provider_1024.pem"))
    detail = '{"card_no":"4111111111111111","cvv":"123","expiry":"12/29"}'
    genuine = p.encrypt_card_detail(detail, cardseal.public_key_pem(card_pem))
    raw = RawRsa(card_pem)
    block = base64.b64decode(genuine)
    assert len(block) == raw.k
    assert pkcs1_unpad(raw.decrypt(block)) == detail.encode()

    def call(msg):
        return cardseal.HyperCard.decrypt_card_detail(msg, card_key)

    def wrong_m():
        while True:
            other = rng.randbytes(len(detail))
            try:
                other.decode("utf-8")
            except UnicodeDecodeError:
                return other

    def wrap(c):
        return base64.b64encode(c).decode()

    return Case(
        "hypercard", "HyperCard `decrypt_card_detail` (RSA-4096 card key)",
        call, genuine, raw, detail.encode(), wrap, wrong_m, cardseal.DecryptionFailed,
    )


CASES = {"paytend": paytend_case, "kazepay": kazepay_case, "hypercard": hypercard_case}


# ----------------------------------------------------------------------------- statistics


def median(xs):
    s = sorted(xs)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def ks_distance(a, b):
    """Two-sample Kolmogorov-Smirnov statistic: sup |F_a(x) - F_b(x)| over all x."""
    a = sorted(a)
    b = sorted(b)
    d = 0.0
    for x in sorted(set(a) | set(b)):
        fa = bisect.bisect_right(a, x) / len(a)
        fb = bisect.bisect_right(b, x) / len(b)
        d = max(d, abs(fa - fb))
    return d


def ks_critical(n, m, alpha=0.01):
    return math.sqrt(-math.log(alpha / 2) / 2) * math.sqrt((n + m) / (n * m))


# ----------------------------------------------------------------------------- timing


CHECKED = 16  # messages per class (per bad-padding kind) checked before timing


def check(case):
    """The genuine message opens; checked samples of both classes (blocks decrypted back
    raw) all fail with the same exception type and text. Returns (type name, text)."""
    case.call(case.genuine)
    msgs = [case.valid(True) for _ in range(CHECKED)]
    msgs += [case.invalid(kind, True) for kind in BAD_KINDS for _ in range(CHECKED)]
    seen = set()
    for msg in msgs:
        try:
            case.call(msg)
        except case.exc as e:
            seen.add((type(e).__name__, str(e)))
        else:
            raise SystemExit(f"{case.name}: a crafted message opened")
    if len(seen) != 1:
        raise SystemExit(f"{case.name}: the two classes fail differently: {sorted(seen)}")
    return seen.pop()


def time_case(case, trials, rng):
    """Times `trials` fresh messages per class, interleaved in random order. Returns the
    two lists of ns (valid, invalid) and the invalid ones per bad-padding kind."""
    call = case.call
    exc = case.exc
    # The order first, then the messages made in that order (so that neither class's
    # strings sit together in memory).
    order = [None] * trials + [rng.choice(BAD_KINDS) for _ in range(trials)]
    rng.shuffle(order)
    schedule = [(kind, case.valid(False) if kind is None else case.invalid(kind, False)) for kind in order]
    for kind, msg in schedule[: min(400, len(schedule))]:  # warm-up
        try:
            call(msg)
        except exc:
            pass
    valid, invalid = [], []
    kinds = {k: [] for k in BAD_KINDS}
    clock = time.perf_counter_ns
    gc.collect()
    gc.disable()
    try:
        for kind, msg in schedule:
            opened = False
            t0 = clock()
            try:
                call(msg)
                opened = True
            except exc:
                pass
            t1 = clock()
            if opened:
                raise SystemExit(f"{case.name}: a crafted message opened")
            if kind is None:
                valid.append(t1 - t0)
            else:
                invalid.append(t1 - t0)
                kinds[kind].append(t1 - t0)
    finally:
        gc.enable()
    return (valid, invalid), kinds


def machine():
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--trials", type=int, default=20000, help="timed calls per class (default 20000)")
    ap.add_argument("--quick", action="store_true", help="a smoke run: 2000 trials per class")
    ap.add_argument("--cases", default=",".join(CASES), help="comma-separated: " + ", ".join(CASES))
    ap.add_argument("--seed", type=int, default=15, help="seed of the messages and the schedule")
    ap.add_argument(
        "--valid-m", choices=("wrong-key", "synthetic"), default="wrong-key",
        help="the valid-padding class's M: a wrong key of the right form (default), or random "
        "bytes of a random length, as implicit rejection makes of a bad block (a diagnostic)",
    )
    args = ap.parse_args()
    trials = 2000 if args.quick else args.trials
    rng = random.Random(args.seed)
    print(f"date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC", flush=True)
    print(f"machine: {machine()}")
    print(f"command: {' '.join([os.path.basename(sys.executable)] + sys.argv)}")
    print(f"trials per class: {trials}, interleaved in random order, a fresh message per trial; "
          f"bad-padding kinds in turn at random: {', '.join(BAD_KINDS)}; valid-padding M: {args.valid_m}\n")
    rows = []
    for name in args.cases.split(","):
        case = CASES[name](rng)
        case.rng = rng
        case.synthetic = args.valid_m == "synthetic"
        failure = check(case)
        t_start = time.monotonic()
        (valid, invalid), kinds = time_case(case, trials, rng)
        elapsed = time.monotonic() - t_start
        mv, mi = median(valid), median(invalid)
        d = ks_distance(valid, invalid)
        crit = ks_critical(len(valid), len(invalid))
        verdict = "no distinguishable difference" if d < crit else "DIFFERENT"
        rows.append((case.label, mv, mi, mi - mv, d, crit, verdict))
        per_kind = ", ".join(f"{k} {median(v):,.0f}" for k, v in kinds.items() if v)
        print(f"{case.label}: both classes fail with {failure[0]}: {failure[1]!r}")
        print(f"  median ns valid {mv:,.0f}, invalid {mi:,.0f} (diff {mi - mv:+,.0f}, {100 * (mi - mv) / mv:+.2f}%), "
              f"KS D {d:.4f} (1% critical {crit:.4f}): {verdict}  [{elapsed:.0f} s]")
        print(f"  invalid median per kind: {per_kind}", flush=True)
    print()
    print("| case | median valid padding (ns) | median invalid padding (ns) | median diff (ns) | KS D | D crit. (1%) | verdict |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for label, mv, mi, diff, d, crit, verdict in rows:
        print(f"| {label} | {mv:,.0f} | {mi:,.0f} | {diff:+,.0f} ({100 * diff / mv:+.2f}%) | {d:.4f} | {crit:.4f} | {verdict} |")


if __name__ == "__main__":
    main()
