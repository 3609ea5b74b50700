#!/usr/bin/env python3
"""Regenerates test-vectors/hypercard.json and the `form_nonempty_sorted_nested_python_str`
vectors of test-vectors/canonical_form.json, independently of cardseal.

Every string to sign, signature, push event and card-detail ciphertext is made here with a
Python reference of HyperCard's demo rule as docs/providers/hypercard.md states it
(json.loads, {**headers, **body}, drop "signature", None, "" and hollow containers,
sorted(), str() of each value with "'"->'"', ", "->",", ": "->":" on every value) and
pyca/cryptography, with the sandbox keys in test-vectors/keys/. HyperCard's published
expected strings are checked against the reference under every CPython version.

repr() of non-ASCII characters inside containers follows each CPython version's printable
table (3.11, 3.12, 3.13 from the interpreters themselves; 3.14 from CPython's category rule
over `unicodedata2==16.0.0`), and every rendering is checked against the real str() of
3.11, 3.12 and 3.13. Interpreters (override with the environment variables named in
INTERPRETERS): pyenv 3.11.7, 3.12.1, 3.13.0, and a Python with unicodedata2 16.0.0.

Card-detail ciphertexts use a re-implementation of `Env::fixed` + EME-PKCS1-v1_5 (as
test-vectors/keys/gen_rsa_vectors.py) so that regenerating gives the same bytes.

    python3 test-vectors/gen_hypercard_vectors.py
"""
import base64
import bisect
import hashlib
import json
import os
import re
import shlex
import subprocess
import sys

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


# ---- The reference rule (HyperCard's Python demo, as docs/providers/hypercard.md states it) ----
#
# params = {**headers, **body}; drop "signature", None, "" and hollow containers (no
# non-empty scalar reachable; 0 and False are kept); sorted(); each value as str() of the
# json.loads value (repr() inside containers), then "'"->'"', ", "->",", ": "->":" on every
# value, top-level strings included.
#
# repr() of a non-ASCII character depends on the CPython version (its Unicode tables).
# The reference writes Python's str()/repr() itself (CPython's unicode_repr) with the
# non-printable table of each version, taken from the interpreters themselves (3.11-3.13)
# and, for 3.14 (Unicode 16.0), from CPython's rule (printable unless the general category
# is Cc, Cf, Cs, Co, Cn, Zl, Zp or Zs) over the unicodedata2 16.0.0 backport. Every value
# rendered is checked against the real interpreter's str() for 3.11, 3.12 and 3.13.
VERSIONS = ("3.11", "3.12", "3.13", "3.14")
DEFAULT_VERSION = "3.14"
INTERPRETERS = {
    "3.11": os.environ.get("CPYTHON_3_11", "PYENV_VERSION=3.11.7 pyenv exec python"),
    "3.12": os.environ.get("CPYTHON_3_12", "PYENV_VERSION=3.12.1 pyenv exec python"),
    "3.13": os.environ.get("CPYTHON_3_13", "PYENV_VERSION=3.13.0 pyenv exec python"),
    # Any CPython with `pip install unicodedata2==16.0.0`.
    "3.14": os.environ.get("UNICODEDATA2_16_PYTHON", "/tmp/ud/v16.0.0/bin/python"),
}
DUMP = r"""
import json, platform, sys
want = sys.argv[1]
if want == "3.14":
    import unicodedata2 as ud
    assert ud.unidata_version == "16.0.0", ud.unidata_version
    cat = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs"}
    bad = [c for c in range(0x80, 0x110000) if ud.category(chr(c)) in cat]
else:
    assert platform.python_version().startswith(want + "."), platform.python_version()
    bad = [c for c in range(0x80, 0x110000) if not chr(c).isprintable()]
out = []
for c in bad:
    if out and out[-1][1] == c - 1:
        out[-1][1] = c
    else:
        out.append([c, c])
print(json.dumps(out))
"""
STR_OF = r"""
import json, platform, sys
assert platform.python_version().startswith(sys.argv[1] + "."), platform.python_version()
print(json.dumps([str(json.loads(t)) for t in json.load(sys.stdin)]))
"""


def run_python(version, code, arg, stdin=""):
    cmd = f"{INTERPRETERS[version]} -c {shlex.quote(code)} {shlex.quote(arg)}"
    return json.loads(subprocess.run(cmd, shell=True, check=True, capture_output=True, text=True, input=stdin).stdout)


NON_PRINTABLE = {v: run_python(v, DUMP, v) for v in VERSIONS}


def printable(c, version):
    ranges = NON_PRINTABLE[version]
    i = bisect.bisect_right(ranges, [ord(c), 0x110000]) - 1
    return not (i >= 0 and ranges[i][0] <= ord(c) <= ranges[i][1])


class Lit(str):
    """A number literal kept as written (numbers "as_written")."""

    def __repr__(self):
        return str(self)


def str_repr(s, version):
    """CPython's unicode_repr with `version`'s printable table."""
    q = '"' if ("'" in s and '"' not in s) else "'"
    out = [q]
    for c in s:
        o = ord(c)
        if c == q or c == "\\":
            out.append("\\" + c)
        elif c == "\t":
            out.append("\\t")
        elif c == "\n":
            out.append("\\n")
        elif c == "\r":
            out.append("\\r")
        elif o < 0x20 or o == 0x7F:
            out.append(f"\\x{o:02x}")
        elif o < 0x7F or printable(c, version):
            out.append(c)
        elif o <= 0xFF:
            out.append(f"\\x{o:02x}")
        elif o <= 0xFFFF:
            out.append(f"\\u{o:04x}")
        else:
            out.append(f"\\U{o:08x}")
    out.append(q)
    return "".join(out)


def py_repr(v, version):
    if isinstance(v, Lit):
        return str(v)
    if v is None:
        return "None"
    if isinstance(v, bool):
        return "True" if v else "False"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, str):
        return str_repr(v, version)
    if isinstance(v, dict):
        return "{" + ", ".join(f"{py_repr(k, version)}: {py_repr(x, version)}" for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(py_repr(x, version) for x in v) + "]"
    raise TypeError(type(v))


RUNNING = "%d.%d" % sys.version_info[:2]
TO_CHECK = {v: {} for v in VERSIONS if v != "3.14"}  # version -> {json text: our str()}


def has_lit(v):
    if isinstance(v, Lit):
        return True
    if isinstance(v, dict):
        return any(has_lit(x) for x in v.values())
    if isinstance(v, list):
        return any(has_lit(x) for x in v)
    return False


def py_str(v, version):
    """str(v) as CPython `version` writes it."""
    s = str(v) if isinstance(v, str) else py_repr(v, version)
    if version == RUNNING:
        assert s == str(v), (s, str(v))
    if not has_lit(v):
        if version in TO_CHECK:
            TO_CHECK[version][json.dumps(v)] = s
        elif py_repr(v, "3.13") == py_repr(v, version):
            # No character whose printability differs: 3.13's str() must give the same.
            TO_CHECK["3.13"][json.dumps(v)] = s
    return s


def check_against_interpreters():
    """Every str() written for 3.11-3.13 equals the real interpreter's."""
    for version, cases in TO_CHECK.items():
        texts = sorted(cases)
        got = run_python(version, STR_OF, version, json.dumps(texts))
        for t, g in zip(texts, got):
            assert cases[t] == g, (version, t, cases[t], g)
        print(f"CPython {version}: {len(texts)} renderings checked against the interpreter")


def hollow(v):
    """No non-empty scalar reachable (None and "" are empty; 0 and False are not)."""
    if v is None:
        return True
    if isinstance(v, str):
        return v == ""
    if isinstance(v, dict):
        return all(hollow(x) for x in v.values())
    if isinstance(v, list):
        return all(hollow(x) for x in v)
    return False


def render(v, version=DEFAULT_VERSION):
    return py_str(v, version).replace("'", '"').replace(", ", ",").replace(": ", ":")


def loads(text, numbers):
    """json.loads as a Python verifier does ("python"), or keeping each number literal as
    written ("as_written": what a verifier holding the numbers as BigDecimal/text signs)."""
    if numbers == "python":
        return json.loads(text)
    return json.loads(text, parse_float=Lit, parse_int=Lit)


def kept(k, v):
    if k == "signature" or v is None or (isinstance(v, str) and v == ""):
        return False
    return not (isinstance(v, (dict, list)) and hollow(v))


def form(headers, body_text, numbers="python", version=DEFAULT_VERSION):
    body = loads(body_text or "{}", numbers)
    assert isinstance(body, dict)
    params = {**headers, **body}
    items = sorted((k, v) for k, v in params.items() if kept(k, v))
    return "&".join(f"{k}={render(v, version)}" for k, v in items)


sign_string = form


def signed_timestamp_ms(headers, body_text):
    """The signed timestamp of a push/request in ms, or None (no window check): the body's
    top-level `timestamp` when present (an integer, JSON number or digit string, of
    seconds, or of milliseconds with 13 digits), else the `timestamp` header."""
    body = json.loads(body_text)
    if "timestamp" in body:
        t = body["timestamp"]
        if isinstance(t, bool) or not isinstance(t, (int, str)):
            return None
        digits = str(t)
        if not re.fullmatch("[0-9]+", digits):
            return None
        return int(digits) if len(digits) == 13 else int(digits) * 1000
    return int(headers["timestamp"]) * 1000


def window(headers, body_text, now_ms, max_skew_secs):
    """None when accepted by the age check, else "expired"."""
    ts = signed_timestamp_ms(headers, body_text)
    if max_skew_secs is None or ts is None:
        return None
    return "expired" if abs(ts - now_ms) > max_skew_secs * 1000 else None


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


def sealv(id, body, headers, *, numbers=None, version=None, lang=None, ver=None, ts=1700000000, nonce):
    """A hypercard_sign vector: `headers` are the headers the client sends."""
    s = sign_string(headers, body, numbers or "python", version or DEFAULT_VERSION)
    args = A(M, body_json=body, timestamp=ts, nonce=nonce)
    if lang is not None:
        args["lang"] = lang
    if ver is not None:
        args["version"] = ver
    if numbers is not None:
        args["numbers"] = numbers
    if version is not None:
        args["python_version"] = version
    V.append(dict(id=id, op="hypercard_sign", args=args,
                  expect=dict(body=body or "{}", string_to_sign=s, signature=sign(mk, s))))


h = {"timestamp": TS, "nonce": "a1B2c3D4e5", "api-key": API, "version": "1.0"}
s = sign_string(h, SEED_BODY)
sealv("Binding KYC example request of HyperCard's API document (as printed): nested dicts, numeric doc_no/doc_type/gender, empty strings kept inside kyc_info",
      SEED_BODY, h, nonce="a1B2c3D4e5")
ht = {"timestamp": TS, "nonce": "ZZZZZZZZZZ", "api-key": API, "version": "1.0", "lang": "zh"}
sealv("nested True/None, apostrophe, unicode, escapes, empty values and the empty dict in a kept list, body lang equal to the lang header",
      TRICKY_BODY, ht, lang="zh", nonce="ZZZZZZZZZZ")
sealv("a body lang that differs from the lang header: the body's value is signed in its place",
      TRICKY_BODY, dict(ht, lang="en"), lang="en", nonce="ZZZZZZZZZZ")
OVR = '{"timestamp":"1699999999","nonce":"B0dyN0nce0","coin":"usdt"}'
sealv("body timestamp and nonce replace the headers of the same name in the string to sign",
      OVR, {"timestamp": TS, "nonce": "n0", "api-key": API, "version": "1.0"}, nonce="n0")
OVR2 = '{"version":"","lang":{},"coin":"usdt"}'
sealv("an empty body version and a hollow body lang replace the headers and are dropped: neither is signed",
      OVR2, {"timestamp": TS, "nonce": "n0", "api-key": API, "version": "1.0", "lang": "en"}, lang="en", nonce="n0")
HOLLOW = '{"meta":{},"tags":[],"kyc":{"a":"","b":{"c":null,"d":[]}},"list":[null,""],"zero":0,"off":false,"fl":0.0,"keep":{"a":"","b":[0]},"keep2":[false],"keep3":{"n":null,"x":"y"}}'
sealv("hollow containers dropped at any depth; 0, false and 0.0 kept; a kept container keeps its empty and null members",
      HOLLOW, {"timestamp": TS, "nonce": "n0", "api-key": API, "version": "1.0"}, nonce="n0")
sealv("no parameters: body {} and a version option", "", {"timestamp": TS, "nonce": "n0", "api-key": API, "version": "2.0"},
      ver="2.0", nonce="n0")
V.append(dict(id="parameters must be a JSON object", op="hypercard_sign",
              args=A(M, body_json="[1]", timestamp=1700000000, nonce="n0"), error="invalid_input"))

# ---- python_version: repr() of non-ASCII characters inside containers ----
# U+1E030 (Unicode 15.0) is unassigned, so escaped, in CPython 3.11 and printable from 3.12;
# U+1C89 (Unicode 16.0) is escaped up to 3.13 and printable in 3.14. Top-level strings are
# never escaped. The body text writes them as JSON escapes.
PV_BODIES = {
    "U+1E030": r'{"top":"\ud838\udc30","kyc_info":{"first_name":"\ud838\udc30a","tags":["\ud838\udc30"]}}',
    "U+1C89": r'{"top":"\u1c89","kyc_info":{"first_name":"\u1c89a","tags":["\u1c89"]}}',
}
PV_DIFFERS = {"U+1E030": ("3.11", "3.12"), "U+1C89": ("3.13", "3.14")}
for ch, body in PV_BODIES.items():
    lo, hi = PV_DIFFERS[ch]
    assert form({}, body, version=lo) != form({}, body, version=hi), ch
    for version in (lo, hi):
        sealv(f"python_version {version}: {ch} inside a container ({'escaped' if version == lo else 'printable'})",
              body, {"timestamp": TS, "nonce": "Pv3rs10n00", "api-key": API, "version": "1.0"},
              version=version, nonce="Pv3rs10n00")
sealv("python_version default (3.14): U+1C89 inside a container printable",
      PV_BODIES["U+1C89"], {"timestamp": TS, "nonce": "Pv3rs10n00", "api-key": API, "version": "1.0"}, nonce="Pv3rs10n00")
sealv("python_version default (3.14): U+1E030 inside a container printable",
      PV_BODIES["U+1E030"], {"timestamp": TS, "nonce": "Pv3rs10n00", "api-key": API, "version": "1.0"}, nonce="Pv3rs10n00")

# ---- Number styles: Python (json.loads then str: the default) and as written ----
NUM_HDR = {"timestamp": TS, "nonce": "Nu3mB3rS00", "api-key": API, "version": "1.0"}
NUM_BODIES = [
    ("top-level decimals", '{"amount":5000.00,"fee":1e2,"rate":100.5,"big":123456789012345678901234567890,"neg":-0.0,"small":0.00001,"huge":1E16}'),
    ("nested decimals", '{"order":{"amount":5000.00,"fee":1e2,"rate":100.5,"big":123456789012345678901234567890,"list":[5000.00,1e2,-7]}}'),
    ("top-level booleans and null (null dropped), nested ones", '{"t":true,"f":false,"z":null,"nested":{"t":true,"f":false,"z":null},"list":[true,false,null]}'),
]
for label, body in NUM_BODIES:
    for numbers in ("python", "as_written"):
        sealv(f"numbers {numbers}: {label}", body, NUM_HDR, numbers=None if numbers == "python" else numbers, nonce="Nu3mB3rS00")
# A push event signed the Python way opens under the default and is refused as written.
nev = NUM_BODIES[1][1]
neh = dict(NUM_HDR)
neh["signature"] = sign(pk, sign_string(NUM_HDR, nev, "python"))
V.append(dict(id="push event with nested decimals signed by a Python verifier's rule (default numbers)", op="hypercard_open_notification",
              args=A(M, body=nev, headers_json=HJ(neh), now_ms=NOW), expect=dict(payload_json=nev)))
V.append(dict(id="the same push event checked with numbers as written", op="hypercard_open_notification",
              args=A(M, body=nev, headers_json=HJ(neh), now_ms=NOW, numbers="as_written"), error="signature_mismatch"))

# ---- Push events signed by HyperCard (default window 86,700 s: HyperCard retries a push
# for 24 hours, plus 5 minutes of clock skew) ----
NOTIFY_DEFAULT = 86_700
HOUR = 3_600_000


def notif(id, body, headers, now_ms, *, max_skew="default", error=None, **extra):
    """A hypercard_open_notification vector; a signed one (headers carry `signature`) gets
    its outcome from the reference window unless `error` says otherwise."""
    args = A(M, body=body, headers_json=HJ(headers), now_ms=now_ms, **extra)
    if max_skew != "default":
        args["max_skew_secs"] = max_skew
    if error is None:
        error = window(headers, body, now_ms, NOTIFY_DEFAULT if max_skew == "default" else max_skew)
    v = dict(id=id, op="hypercard_open_notification", args=args)
    if error:
        v["error"] = error
    else:
        v["expect"] = dict(payload_json=body)
    V.append(v)
    return v


ev = '{"event_type":"card.transaction","data":{"card_id":"c_9","amount":"12.30","approved":true,"merchant":"GOOGLE *TEMPORARY HOLD"}}'
eh = {"timestamp": TS, "nonce": "Qw3rTy9UiO", "api-key": API, "version": "1.0"}
es = sign_string(eh, ev)
eh["signature"] = sign(pk, es)
notif("push event signed with HyperCard's key (made independently)", ev, eh, NOW + 120000)
notif("push event: body changed after signing", ev.replace("12.30", "99.30"), eh, NOW, error="signature_mismatch")
assert not notif("push event 301 s old: accepted under the default window (HyperCard retries for 24 h)", ev, eh, NOW + 301000).get("error")
assert notif("push event 301 s old with max_skew_secs 300", ev, eh, NOW + 301000, max_skew=300)["error"] == "expired"
assert not notif("push event 23 h old (a retry): accepted by default", ev, eh, NOW + 23 * HOUR).get("error")
assert not notif("push event exactly 86,700 s old: accepted by default (the bound is inclusive)", ev, eh, NOW + NOTIFY_DEFAULT * 1000).get("error")
assert notif("push event 86,701 s old: expired by default", ev, eh, NOW + (NOTIFY_DEFAULT + 1) * 1000)["error"] == "expired"
assert notif("push event 25 h old: expired by default", ev, eh, NOW + 25 * HOUR)["error"] == "expired"
assert not notif("push event 25 h old with max_skew_secs null (no age check)", ev, eh, NOW + 25 * HOUR, max_skew=None).get("error")
assert notif("push event dated 86,701 s in the future: expired by default", ev, eh, NOW - (NOTIFY_DEFAULT + 1) * 1000)["error"] == "expired"
t = dict(eh)
t["api-key"] = "someone_else"
notif("push event for another api-key", ev, t, NOW, error="signature_mismatch")
t = dict(eh)
t["signature"] = sign(mk, es)
notif("push event signed with the merchant's key instead of HyperCard's", ev, t, NOW, error="signature_mismatch")
t = dict(eh)
del t["signature"]
notif("push event without signature", ev, t, NOW, error="invalid_input")

# A top-level body `timestamp` replaces the header in the string to sign: the header is not
# signed, and the age check reads the body's value (seconds, or milliseconds with 13 digits;
# anything else: no age check).
R_HDR = {"timestamp": TS, "nonce": "R3pl4yR3pl", "api-key": API, "version": "1.0"}


def signed_push(body, headers=R_HDR):
    h = dict(headers)
    h["signature"] = sign(pk, sign_string(headers, body))
    return h


def refreshed(h, secs):
    t = dict(h)
    t["timestamp"] = str(int(TS) + secs)
    return t


rev = '{"event_type":"card.transaction","timestamp":1700000000,"data":{"card_id":"c_9"}}'
reh = signed_push(rev)
notif("push event with a body-level timestamp equal to the header", rev, reh, NOW)
assert not notif("replay an hour later with a refreshed timestamp header (not signed): the body's hour-old timestamp is within the default window",
                 rev, refreshed(reh, 3600), NOW + HOUR).get("error")
assert notif("replay an hour later with a refreshed timestamp header, max_skew_secs 300: expired by the body's signed timestamp",
             rev, refreshed(reh, 3600), NOW + HOUR, max_skew=300)["error"] == "expired"
assert notif("the same push an hour later, header untouched, max_skew_secs 300", rev, reh, NOW + HOUR, max_skew=300)["error"] == "expired"
assert not notif("body timestamp fresh, header timestamp 25 h old (unsigned, never used): accepted with max_skew_secs 300",
                 rev, refreshed(reh, -25 * 3600), NOW + 100000, max_skew=300).get("error")
t = dict(reh)
del t["timestamp"]
assert not notif("body timestamp and no timestamp header: the body's value is the signed timestamp", rev, t, NOW + 100000, max_skew=300).get("error")
notif("body timestamp changed after signing", rev.replace("1700000000", "1700003600"), refreshed(reh, 3600), NOW + HOUR, error="signature_mismatch")
rev_s = '{"event_type":"card.transaction","timestamp":"1700000000","data":{"card_id":"c_9"}}'
assert notif("body timestamp as a digit string of seconds, header refreshed an hour later, max_skew_secs 300",
             rev_s, refreshed(signed_push(rev_s), 3600), NOW + HOUR, max_skew=300)["error"] == "expired"
rev_ms = '{"event_type":"card.transaction","timestamp":1700000000000,"data":{"card_id":"c_9"}}'
assert not notif("body timestamp of 13 digits is milliseconds: 200 s old, accepted with max_skew_secs 300",
                 rev_ms, signed_push(rev_ms), NOW + 200000, max_skew=300).get("error")
assert notif("body timestamp of 13 digits is milliseconds: 301 s old, expired with max_skew_secs 300",
             rev_ms, refreshed(signed_push(rev_ms), 301), NOW + 301000, max_skew=300)["error"] == "expired"
rev_mss = '{"event_type":"card.transaction","timestamp":"1700000000000","data":{"card_id":"c_9"}}'
assert not notif("body timestamp as a 13-digit string is milliseconds: 200 s old, accepted with max_skew_secs 300",
                 rev_mss, signed_push(rev_mss), NOW + 200000, max_skew=300).get("error")
assert notif("body timestamp as a 13-digit string: 25 h old, expired by default",
             rev_mss, refreshed(signed_push(rev_mss), 25 * 3600), NOW + 25 * HOUR)["error"] == "expired"
rev_x = '{"event_type":"card.transaction","timestamp":"2023-11-14T22:13:20Z","data":{"card_id":"c_9"}}'
assert not notif("body timestamp that is not an integer: no age check (the header is not signed), 25 h later with max_skew_secs 300",
                 rev_x, signed_push(rev_x), NOW + 25 * HOUR, max_skew=300).get("error")

# python_version on push events: signed with 3.11's repr of U+1E030.
pvb = PV_BODIES["U+1E030"]
pvh = {"timestamp": TS, "nonce": "Pv3rs10n00", "api-key": API, "version": "1.0"}
pvh = dict(pvh, signature=sign(pk, sign_string(pvh, pvb, version="3.11")))
notif("push event signed with CPython 3.11's repr (U+1E030 escaped), python_version 3.11", pvb, pvh, NOW, python_version="3.11")
notif("the same push event under the default python_version (3.14)", pvb, pvh, NOW, error="signature_mismatch")
notif("the same push event under python_version 3.12", pvb, pvh, NOW, error="signature_mismatch", python_version="3.12")

# ---- Requests opened by the mirror (signed independently with the merchant key; default
# window 300 s) ----
REQUEST_DEFAULT = 300


def req(id, body, headers, now_ms, *, max_skew="default", error=None, **extra):
    args = A(P, body=body, headers_json=HJ(headers), now_ms=now_ms, **extra)
    if max_skew != "default":
        args["max_skew_secs"] = max_skew
    if error is None:
        error = window(headers, body, now_ms, REQUEST_DEFAULT if max_skew == "default" else max_skew)
    v = dict(id=id, op="hypercard_open_request", args=args)
    if error:
        v["error"] = error
    else:
        v["expect"] = dict(payload_json=body)
    V.append(v)
    return v


def signed_req(body, headers, version=DEFAULT_VERSION):
    return dict(headers, signature=sign(mk, sign_string(headers, body, version=version)))


rh = dict(h)
rh["signature"] = sign(mk, s)
req("mirror opens the Binding KYC example request", SEED_BODY, rh, NOW)
t = dict(rh)
t["nonce"] = "a1B2c3D4e6"
req("mirror: nonce changed after signing", SEED_BODY, t, NOW, error="signature_mismatch")
t = dict(rh)
del t["api-key"]
req("mirror: request without api-key", SEED_BODY, t, NOW, error="invalid_input")
assert req("mirror: request 301 s old (default window 300 s)", SEED_BODY, rh, NOW + 301000)["error"] == "expired"
assert not req("mirror: request 301 s old with max_skew_secs 600", SEED_BODY, rh, NOW + 301000, max_skew=600).get("error")
assert not req("mirror: request 25 h old with max_skew_secs null (no age check)", SEED_BODY, rh, NOW + 25 * HOUR, max_skew=None).get("error")
rq = '{"mc_trade_no":"T1","timestamp":"1700000000"}'
rqh = signed_req(rq, R_HDR)
req("mirror opens a request with a body-level timestamp equal to the header", rq, rqh, NOW)
assert req("mirror: replayed request an hour later with a refreshed timestamp header: expired by the body's signed timestamp",
           rq, refreshed(rqh, 3600), NOW + HOUR)["error"] == "expired"
assert not req("mirror: the same replay with max_skew_secs 7200", rq, refreshed(rqh, 3600), NOW + HOUR, max_skew=7200).get("error")
pvb = PV_BODIES["U+1C89"]
pvr = signed_req(pvb, {"timestamp": TS, "nonce": "Pv3rs10n00", "api-key": API, "version": "1.0"}, version="3.13")
req("mirror: request signed with CPython 3.13's repr (U+1C89 escaped), python_version 3.13", pvb, pvr, NOW, python_version="3.13")
req("mirror: the same request under the default python_version (3.14)", pvb, pvr, NOW, error="signature_mismatch")
pvr14 = signed_req(pvb, {"timestamp": TS, "nonce": "Pv3rs10n00", "api-key": API, "version": "1.0"})
req("mirror: request signed with CPython 3.14's repr (U+1C89 printable), default python_version", pvb, pvr14, NOW)
req("mirror: that request under python_version 3.13", pvb, pvr14, NOW, error="signature_mismatch", python_version="3.13")

# ---- Responses (unsigned) ----
V.append(dict(id="API response code 00000: data returned", op="hypercard_open_response",
              args=A(M, body='{"code":"00000","msg":"ok","data":{"card_id":"c_9","balance":5000.00}}'),
              expect=dict(payload_json='{"card_id":"c_9","balance":5000.00}')))
V.append(dict(id="example response of the API document (no data)", op="hypercard_open_response",
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

# ---- form_nonempty_sorted_nested_python_str vectors (test-vectors/canonical_form.json) ----
# The published expected strings: HyperCard's official demo output as published by a public
# NestJS integration's tests (docs/providers/hypercard.md lists them). Each is also
# recomputed here with the reference rule and must agree.
PUBLISHED = [
    ({"timestamp": "1700000000", "nonce": "a1b2c3d4e5", "api-key": "K", "version": "1.0", "lang": "en"}, '{"coin":"usdt"}',
     "api-key=K&coin=usdt&lang=en&nonce=a1b2c3d4e5&timestamp=1700000000&version=1.0"),
    ({}, '{"zeta":"1","Alpha":"2","alpha":"3","_under":"4"}', "Alpha=2&_under=4&alpha=3&zeta=1"),
    ({"timestamp": "HEADER", "api-key": "K"}, '{"timestamp":"BODY"}', "api-key=K&timestamp=BODY"),
    ({"api-key": "K", "signature": "x"}, "{}", "api-key=K"),
    ({}, '{"back_doc":"","front_doc":null,"coin":"usdt"}', "coin=usdt"),
    ({}, '{"doc_never_expire":0,"is_primary":false,"gender":1}', "doc_never_expire=0&gender=1&is_primary=False"),
    ({}, '{"meta":{},"coin":"usdt"}', "coin=usdt"),
    ({}, '{"meta":{"a":""},"coin":"usdt"}', "coin=usdt"),
    ({}, '{"tags":[],"coin":"usdt"}', "coin=usdt"),
    ({"timestamp": "1", "api-key": "K"}, '{"base_info":{"email":"a@b.com","mobile":"18888"},"mc_trade_no":"T1"}',
     'api-key=K&base_info={"email":"a@b.com","mobile":"18888"}&mc_trade_no=T1&timestamp=1'),
    ({}, '{"kyc_info":{"back_doc":"","birthday":"1990-01-01"}}', 'kyc_info={"back_doc":"","birthday":"1990-01-01"}'),
    ({}, '{"coins":["usdt","btc"]}', 'coins=["usdt","btc"]'),
    ({}, '{"flags":{"active":true}}', 'flags={"active":True}'),
    ({}, '{"kyc":{"gender":1,"doc_no":12345678}}', 'kyc={"gender":1,"doc_no":12345678}'),
    ({}, '{"zip_code":100100,"mobile":1880200090}', "mobile=1880200090&zip_code=100100"),
    ({}, '{"address":"maizidianjie28hao, Beijing"}', "address=maizidianjie28hao,Beijing"),
    ({}, '{"note":"key: value"}', "note=key:value"),
    ({}, '{"last_name":"O\'Brien"}', 'last_name=O"Brien'),
    ({}, '{"kyc":{"address":"x, y"}}', 'kyc={"address":"x,y"}'),
    ({}, '{"list":"a, b, c, d"}', "list=a,b,c,d"),
]
assert len(PUBLISHED) == 20
F = []


def formv(id, headers, body, *, numbers=None, version=None, want=None):
    got = form(headers, body, numbers or "as_written", version or DEFAULT_VERSION)
    if want is not None:
        assert got == want, (id, got, want)
    args = dict(headers_json=json.dumps(headers), body_json=body)
    if numbers is not None:
        args["numbers"] = numbers
    if version is not None:
        args["python_version"] = version
    F.append(dict(id=id, op="form_nonempty_sorted_nested_python_str", args=args, expect=dict(form=got)))


for i, (hh, body, want) in enumerate(PUBLISHED, 1):
    # Published as the demo's output, so valid under every CPython version: check them all.
    for version in VERSIONS:
        assert form(hh, body, version=version) == want
    formv(f"HyperCard published string {i}/20, {want} (HyperCard's official demo output as published by a public NestJS integration's tests)",
          hh, body, want=want)
formv("HyperCard Binding KYC example body of the API document (as printed), no headers", {}, SEED_BODY)
formv("HyperCard Binding KYC example request with headers (signature ignored)",
      {"timestamp": "1700000000", "nonce": "a1b2c3d4e5", "api-key": "demo-api-key", "version": "1.0", "signature": "ignored"}, SEED_BODY)
QUIRKS = r'''{"z":"it's","meta":{"q":"say \"hi\"","both":"it's \"x\"","bs":"a\\b","nl":"l1\nl2","uni":"é中\ud83d\ude00\u00a0\u200b","t":true,"f":false,"n":null,"e":"","num":-0,"fl":5000.00,"big":123456789012345678901234567890},"list":["a","b",1,[],{}],"empty":"","nul":null,"flag":true,"zero":0,"emptyobj":{}}'''
formv("HyperCard: quotes, apostrophes, backslashes, non-printables, True/False/None, body wins, hollow top-level dict dropped (Python numbers)",
      {"nonce": "n", "lang": "en", "z": "header-loses"}, QUIRKS, numbers="python")
formv("HyperCard: numbers as written (Python-style literals)", {"nonce": "n", "lang": "en", "z": "header-loses"},
      '{"amount":100.5,"items":[{"sku":"A-1","qty":2,"price":9.99}],"ok":false,"note":"","x":null}')
formv("HyperCard: hollow containers dropped at any depth, 0/false/0.0 kept, kept containers keep empty and null members (Python numbers)",
      {}, HOLLOW, numbers="python")
formv("HyperCard: top-level strings get the replacements too", {},
      '{"a":"x, y: z","b":"it\'s","c":"\\"q\\"","d":"tab\\there"}')
for ch, body in PV_BODIES.items():
    lo, hi = PV_DIFFERS[ch]
    for version in VERSIONS:
        formv(f"HyperCard python_version {version}: {ch} inside containers ({'escaped' if form({}, body, version=version) != form({}, body) else 'printable'}), top level never escaped",
                  {}, body, version=version)
    formv(f"HyperCard default python_version (3.14): {ch} inside containers printable", {}, body)
F.append(dict(id="HyperCard: body not an object", op="form_nonempty_sorted_nested_python_str",
              args=dict(headers_json="{}", body_json="[1]"), error="invalid_input"))

check_against_interpreters()

doc = {
    "schema": "cardseal-vectors/1",
    "title": "HyperCard: header+body SHA256withRSA signatures, push events, card details",
    "source": "HyperCard's API document (Binding KYC example) and docs/providers/hypercard.md; every string to sign, signature, push event and card-detail ciphertext here was made independently by test-vectors/gen_hypercard_vectors.py with a Python reference of the demo's rule ({**headers, **body}, hollow values dropped, sorted, str() of the json.loads value with the replacements on every value, repr() per CPython version) and Python cryptography, with the sandbox keys in test-vectors/keys/",
    "vectors": V,
}
with open(os.path.join(HERE, "hypercard.json"), "w") as f:
    f.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
print(len(V), "vectors in hypercard.json")

# canonical_form.json is shared with other rules: replace only this op's vectors, in place.
cpath = os.path.join(HERE, "canonical_form.json")
with open(cpath) as f:
    cdoc = json.load(f)
old = cdoc["vectors"]
first = next(i for i, v in enumerate(old) if v["op"] == "form_nonempty_sorted_nested_python_str")
rest = [v for v in old if v["op"] != "form_nonempty_sorted_nested_python_str"]
cdoc["vectors"] = rest[:first] + F + rest[first:]
with open(cpath, "w") as f:
    f.write(json.dumps(cdoc, indent=2, ensure_ascii=False) + "\n")
print(len(F), "form_nonempty_sorted_nested_python_str vectors in canonical_form.json")
