#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into fuzz/corpus/<target>/ from the shared
test vectors (test-vectors/*.json and test-vectors/keys/*), in each target's input format
(see fuzz/README.md). The corpora are generated (gitignored): re-run after the vectors
change. Standard library only.

Usage: python3 fuzz/seed_corpus.py [--out DIR]
"""

import argparse
import glob
import hashlib
import json
import os
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VECTORS = os.path.join(ROOT, "test-vectors")

# PythonVersion::ALL order in cardseal (index used in op bits).
PYTHON_VERSIONS = ["3.11", "3.12", "3.13", "3.14"]


def load(name):
    with open(os.path.join(VECTORS, name + ".json"), encoding="utf-8") as f:
        return json.load(f)["vectors"]


def all_vectors():
    for path in sorted(glob.glob(os.path.join(VECTORS, "*.json"))):
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        for v in doc.get("vectors", []):
            yield v


def framed(op, headers, body, params=None):
    """Provider input: op byte, headers JSON line (fuzz.* = harness params), body."""
    head = dict(headers or {})
    for k, v in (params or {}).items():
        if v is not None:
            head["fuzz." + k] = str(v)
    return bytes([op & 0xFF]) + json.dumps(head, ensure_ascii=False).encode() + b"\n" + body.encode()


class Corpus:
    def __init__(self, out):
        self.out = out
        self.counts = {}

    def add(self, target, data):
        if isinstance(data, str):
            data = data.encode()
        d = os.path.join(self.out, target)
        os.makedirs(d, exist_ok=True)
        name = hashlib.sha1(data).hexdigest()
        path = os.path.join(d, name)
        if not os.path.exists(path):
            with open(path, "wb") as f:
                f.write(data)
            self.counts[target] = self.counts.get(target, 0) + 1


def json_texts():
    """Every JSON text in the vectors (args and expectations whose name ends in _json,
    bodies and messages that are JSON)."""
    out = []
    for v in all_vectors():
        for part in (v.get("args", {}), v.get("expect") or {}):
            for k, val in part.items():
                if not isinstance(val, str):
                    continue
                if k.endswith("_json") or k in ("body", "message"):
                    out.append(val)
    return out


def seed_json(c):
    for v in load("canonical_json"):
        c.add("json", v["args"]["input_json"])
    for t in json_texts():
        c.add("json", t)


def seed_form(c):
    sel = {"form_flat_nonempty_sorted": 0, "form_sorted_nested_sorted_json": 1,
           "form_nonempty_sorted_nested_python_str": 2}
    for v in load("canonical_form"):
        a = v["args"]
        s = sel[v["op"]]
        if a.get("numbers") == "python":
            s |= 4
        s |= PYTHON_VERSIONS.index(a.get("python_version", "3.14")) << 3
        for k in ("fields_json", "params_json", "body_json", "headers_json"):
            if k in a:
                c.add("form", bytes([s]) + a[k].encode())
    for t in json_texts():
        if t.lstrip().startswith("{"):
            for s in (0, 1, 2 | (3 << 3), 2 | 4 | (3 << 3)):
                c.add("form", bytes([s]) + t.encode())


def seed_keys(c):
    for path in sorted(glob.glob(os.path.join(VECTORS, "keys", "*"))):
        if path.endswith(".py"):
            continue
        with open(path, "rb") as f:
            c.add("keys", f.read())
    for v in all_vectors():
        for k, val in v.get("args", {}).items():
            if isinstance(val, str) and ("key" in k) and len(val) > 60:
                c.add("keys", val)


def seed_encoding(c):
    for name in ("base64_rfc4648", "hex"):
        for v in load(name):
            a = v["args"]
            for k in ("text", "data"):
                if isinstance(a.get(k), str):
                    c.add("encoding", a[k])
            if "data_hex" in a:
                c.add("encoding", bytes.fromhex(a["data_hex"]))
    for v in all_vectors():
        for part in (v.get("args", {}), v.get("expect") or {}):
            for k, val in part.items():
                if isinstance(val, str) and (k.endswith("_b64") or k.endswith("_hex")) and len(val) < 4096:
                    c.add("encoding", val)


def jwe_texts():
    out = []
    for v in load("jwe"):
        for part in (v["args"], v.get("expect") or {}):
            if isinstance(part.get("compact"), str):
                enc = 1 if part.get("enc", v["args"].get("enc")) == "A256GCM" else 0
                out.append((enc, part["compact"]))
    for v in load("upay"):
        body = v["args"].get("body", "")
        if body.startswith("eyJ"):
            out.append((0, body))
        elif body.startswith("{"):
            try:
                d = json.loads(body)
            except ValueError:
                continue
            for val in (d.get("payload"), (d.get("data") or {}).get("payload") if isinstance(d.get("data"), dict) else None):
                if isinstance(val, str) and val.startswith("eyJ"):
                    out.append((0, val))
    return out


def seed_jwe(c):
    for enc, t in jwe_texts():
        c.add("jwe", bytes([enc]) + t.encode())
        c.add("jwe", bytes([enc | 2 | (4 << 2)]) + t.encode())  # small inflate cap


def seed_inflate(c):
    texts = [t.encode() for t in json_texts()[:200]] + [b"", b"a", b"\x00" * 300, bytes(range(256)) * 4]
    for i, raw in enumerate(texts):
        for level in (0, 1, 6, 9):
            if i % 4 and level in (0, 9):
                continue
            co = zlib.compressobj(level, zlib.DEFLATED, -15)
            z = co.compress(raw) + co.flush()
            cap = min(len(raw), 0xFFFF)
            c.add("inflate", cap.to_bytes(2, "little") + z)
            if raw:
                c.add("inflate", max(cap - 1, 0).to_bytes(2, "little") + z)
    # Fixed- and stored-block streams with strategy variations.
    for strategy in (zlib.Z_FIXED, zlib.Z_HUFFMAN_ONLY, zlib.Z_RLE):
        for raw in texts[:20]:
            co = zlib.compressobj(6, zlib.DEFLATED, -15, 8, strategy)
            z = co.compress(raw) + co.flush()
            c.add("inflate", b"\xff\xff" + z)


def seed_asinx(c):
    for v in load("asinx"):
        a = v["args"]
        op = v["op"]
        if op == "asinx_open_response":
            c.add("asinx", framed(0, {}, a["body"]))
        elif op == "asinx_open_notification":
            c.add("asinx", framed(1, {}, a["body"]))
        elif op == "asinx_open_request":
            h = {"sign": a["sign"], "appId": a["header_app_id"]}
            c.add("asinx", framed(3, h, a["body"], {"path": a["path"]}))
            c.add("asinx", framed(2, dict(h, **{":path": a["path"]}), a["body"]))


def seed_paytend(c):
    ops = {"paytend_open_response": 0, "paytend_open_response_failure": 0,
           "paytend_open_notification": 1, "paytend_open_request": 2}
    for v in load("paytend"):
        if v["op"] in ops:
            a = v["args"]
            c.add("paytend", framed(ops[v["op"]], {}, a["body"], {"now_ms": a.get("now_ms")}))


def seed_upay(c):
    for v in load("upay"):
        a = v["args"]
        h = {}
        for k, name in (("request_id", "X-UPA-REQUESTID"), ("timestamp", "X-UPA-TIMESTAMP"),
                        ("sign", "X-UPA-SIGN"), ("header_api_key", "X-UPA-APIKEY")):
            if a.get(k) is not None:
                h[name] = str(a[k])
        if v["op"] == "upay_open_response":
            c.add("upay", framed(0, {}, a["body"]))
        elif v["op"] == "upay_open_notification":
            c.add("upay", framed(1, h, a["body"], {"now_ms": a.get("now_ms")}))
        elif v["op"] == "upay_open_request":
            c.add("upay", framed(2, h, a["body"], {"now_ms": a.get("now_ms"), "method": a.get("method"),
                                                   "path": a.get("path")}))


def seed_hypercard(c):
    ops = {"hypercard_open_response": 0, "hypercard_open_notification": 1, "hypercard_open_request": 2}
    for v in load("hypercard"):
        a = v["args"]
        if v["op"] in ops:
            op = ops[v["op"]]
            if a.get("numbers") == "as_written":
                op |= 4
            op |= PYTHON_VERSIONS.index(a.get("python_version", "3.14")) << 3
            params = {"now_ms": a.get("now_ms")}
            if "max_skew_secs" in a:
                params["max_skew"] = "null" if a["max_skew_secs"] is None else a["max_skew_secs"]
            headers = json.loads(a.get("headers_json") or "{}")
            c.add("hypercard", framed(op, headers, a["body"], params))
        elif v["op"] == "hypercard_decrypt_card_detail":
            c.add("hypercard", framed(3, {}, a["encoded"]))


def kazepay_profile_index(a):
    d = 1 if a.get("digest", "sha1") == "sha256" else 0
    s = 1 if a.get("signed_content", "plaintext") == "ciphertext" else 0
    w = 1 if a.get("key_wrapping", "base64_text") == "raw" else 0
    k = 1 if str(a.get("aes_key_bits", 128)) == "256" else 0
    return d * 8 + s * 4 + w * 2 + k


def seed_kazepay(c):
    ops = {"kazepay_open_response": 0, "kazepay_open_request": 2, "kazepay_detect": 3}
    for v in load("kazepay"):
        a = v["args"]
        if v["op"] in ops:
            op = ops[v["op"]] | (kazepay_profile_index(a) << 4)
            c.add("kazepay", framed(op, {}, a["message"]))
            if ops[v["op"]] == 0:
                c.add("kazepay", framed(op | 1, {}, a["message"]))


def seed_roundtrip(c):
    payloads = []
    for v in all_vectors():
        if not v["op"].split("_")[0] in ("asinx", "paytend", "upay", "hypercard", "kazepay"):
            continue
        for k in ("payload_json", "params_json", "body_json", "biz_json"):
            t = v["args"].get(k)
            if isinstance(t, str) and t.lstrip().startswith("{"):
                payloads.append(t)
    payloads = sorted(set(payloads))[:24] + ['{"event":"card.update","detail":"x"}', "", "plain bytes \u00e9 \x00"]
    for i, p in enumerate(payloads):
        for op in range(15):
            variant = (i % 2) if op < 12 else i % 16
            c.add("roundtrip", bytes([op + 15 * variant]) + p.encode())


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join(ROOT, "fuzz", "corpus"))
    args = ap.parse_args()
    c = Corpus(args.out)
    for seed in (seed_json, seed_form, seed_keys, seed_encoding, seed_jwe, seed_inflate, seed_asinx,
                 seed_paytend, seed_upay, seed_hypercard, seed_kazepay, seed_roundtrip):
        seed(c)
    for t in sorted(c.counts):
        print(f"{t}: {c.counts[t]} new seed(s)")


if __name__ == "__main__":
    main()
