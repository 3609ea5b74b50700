"""No error rendering contains key text (issue 15).

Every malformed key form of test-vectors/keys/malformed_keys.json, built from the sandbox keys
in test-vectors/keys by the listed transformations (the Rust, Node and Kotlin suites build
the same forms), goes through ``RsaPrivateKey``, ``RsaPublicKey`` and ``public_key_pem``
(as text and as bytes); each outcome must be the expected one, and no 16-character window
of the key text may appear in ``str(e)``, ``repr(e)``, ``e.args``, the attributes or the
formatted traceback.
"""

import base64
import json
import traceback

import pytest

import cardseal
from cardseal import hazmat
from conftest import KEYS_DIR, VECTORS_DIR

WINDOW = 16
DOC = json.loads((KEYS_DIR / "malformed_keys.json").read_text(encoding="utf-8"))


def is_body_line(line):
    t = line.strip()
    return bool(t) and not t.startswith("-----") and ":" not in t


def body(text):
    return "".join(l.strip() for l in text.splitlines() if is_body_line(l))


def secret_windows(text):
    in_body = []
    for line in text.split("\n"):
        in_body += [is_body_line(line)] * len(line) + [False]
    out = set()
    for i in range(len(text) - WINDOW + 1):
        if any(in_body[i:i + WINDOW]):
            out.add(text[i:i + WINDOW])
    lines = [l.strip() for l in text.splitlines() if is_body_line(l)]
    for joined in ("".join(lines), "\n".join(lines)):
        out.update(joined[i:i + WINDOW] for i in range(len(joined) - WINDOW + 1))
    assert len(out) > 40
    return out


def leaked(rendering, secrets):
    for i in range(len(rendering) - WINDOW + 1):
        if rendering[i:i + WINDOW] in secrets:
            return rendering[i:i + WINDOW]
    return None


def pem_wrap(b64, label):
    lines = [b64[i:i + 64] for i in range(0, len(b64), 64)]
    return f"-----BEGIN {label}-----\n" + "".join(l + "\n" for l in lines) + f"-----END {label}-----\n"


def apply(text, step):
    op = step["op"]
    if op == "replace":
        assert step["from"] in text, step
        return text.replace(step["from"], step["to"], 1)
    if op == "replace_last":
        i = text.rindex(step["from"])
        return text[:i] + step["to"] + text[i + len(step["from"]):]
    if op == "truncate":
        n = step["chars"]
        return text[:n] if n >= 0 else text[:max(len(text) + n, 0)]
    if op == "body":
        return body(text)
    if op == "der_xor":
        der = bytearray(base64.b64decode(body(text), validate=True))
        der[step["offset"]] ^= step["value"]
        return base64.b64encode(bytes(der)).decode()
    if op == "pem":
        return pem_wrap(text, step["label"])
    if op == "wrap":
        return step["before"] + text + step["middle"] + text + step["after"]
    if op == "prefix":
        return step["text"] + text
    if op == "suffix":
        return text + step["text"]
    raise AssertionError(f"unknown step op {op}")


def renderings(e):
    yield str(e)
    yield repr(e)
    yield repr(e.args)
    yield from (str(a) for a in e.args)
    yield repr(vars(e)) if hasattr(e, "__dict__") else ""
    yield from (repr(getattr(e, n, None)) for n in ("kind", "field", "code", "message", "reason"))
    yield "".join(traceback.format_exception(type(e), e, e.__traceback__))


OPS = {
    "private": hazmat.RsaPrivateKey,
    "public": hazmat.RsaPublicKey,
    "public_key_pem": cardseal.public_key_pem,
}


def test_schema_and_size():
    assert DOC["schema"] == "cardseal-malformed-keys/1"
    assert len(DOC["cases"]) >= 30


@pytest.mark.parametrize("case", DOC["cases"], ids=[c["id"] for c in DOC["cases"]])
def test_no_error_rendering_contains_key_text(case):
    key_text = (KEYS_DIR / case["key"]).read_text(encoding="ascii")
    secrets = secret_windows(key_text)
    text = key_text
    for step in case["steps"]:
        text = apply(text, step)
    for op, fn in OPS.items():
        want = case["expect"][op]
        for arg in (text, text.encode()):
            if want == "ok":
                fn(arg)
                continue
            assert want == "invalid_key", want
            with pytest.raises(cardseal.InvalidKey) as info:
                fn(arg)
            e = info.value
            assert e.kind == "invalid_key"
            for r in renderings(e):
                w = leaked(r, secrets)
                assert w is None, f"{op}: {w!r} of the key text in {r!r}"


def test_the_window_check_finds_key_text():
    key_text = (KEYS_DIR / "sandbox_merchant_2048.pem").read_text(encoding="ascii")
    secrets = secret_windows(key_text)
    line = key_text.splitlines()[5]
    assert leaked(f"no END line after '{line[10:26]}'", secrets) == line[10:26]
    assert leaked("malformed PEM: no `-----END PRIVATE KEY-----` line", secrets) is None


def test_begin_line_missing_a_dash_names_the_line_not_the_key():
    key_text = (KEYS_DIR / "sandbox_merchant_2048.pem").read_text(encoding="ascii")
    bad = key_text.replace("-----BEGIN PRIVATE KEY-----", "-----BEGIN PRIVATE KEY----", 1)
    with pytest.raises(cardseal.InvalidKey) as info:
        hazmat.RsaPrivateKey(bad)
    assert str(info.value) == "invalid key: malformed PEM: the BEGIN line (26 bytes) does not end with `-----`"
