#!/usr/bin/env python3
"""Peak memory of rejecting a hostile body, per provider open path (a benchmark, not a test).

For every provider's open paths (merchant ``open_response`` / ``open_notification``, mirror
``open_request``), a forged message whose body is huge is rejected, and the growth of the
process's peak RSS during that one call is measured, as a ratio to the body size. Target
(issue 15): <= 2x the body.

Bodies (``{"a": ...}``, with the provider's own members in front where its scheme reads
them, and a bad signature / MAC / ciphertext, so the call goes as far as it can):
- ``zeros``: ``{"a":[0,0,0,...]}`` (a JSON value per 2 bytes: the worst case of a tree);
- ``string``: ``{"a":"AAAA..."}`` (one huge string);
at ``--sizes`` MB each (default 100, over every default body cap, and 30, under the 32 MiB
caps, where the parse limits and verify-before-parse are what bound memory).

Each case runs in a fresh process: the body is built (as a Python ``str``), freed build
buffers are returned to the OS (``malloc_trim``), the peak RSS is reset to the current RSS
(``/proc/self/clear_refs`` = 5, Linux), then the call is made and ``ru_maxrss`` read after
it. Growth = ``ru_maxrss`` after the call - RSS before it. It includes the binding's one
UTF-8 copy of the ``str`` (abi3 ``PyUnicode_AsUTF8String``): 1x the body, made before the
core sees it.

Run with the binding installed (e.g. after bindings/python/test.sh):
    bindings/python/.venv/bin/python benches/python/memory_hostile.py [--sizes 100,30]
"""

import argparse
import base64
import json
import os
import pathlib
import resource
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
KEYS = ROOT / "test-vectors" / "keys"
NOW_MS = 1_700_000_000_000
NOW_S = NOW_MS // 1000


def key_text(name):
    return (KEYS / name).read_text(encoding="ascii")


def rss_kib():
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def reset_peak():
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
            f.write("5")
        return True
    except OSError:
        return False


def hostile_value(shape, size):
    """The JSON text of the huge value, about `size` bytes."""
    if shape == "zeros":
        n = size // 2
        return "[" + "0," * (n - 1) + "0]"
    return '"' + "A" * size + '"'


B64_SIG = base64.b64encode(bytes(range(128))).decode()


def case_setup(provider, path):
    """(prefix members, open(body) callable) for one case: the members put before "a"."""
    import cardseal

    if provider == "hypercard":
        m = cardseal.HyperCard(
            "hc_api_key",
            key_text("sandbox_merchant_1024.pem"),
            cardseal.public_key_pem(key_text("sandbox_provider_1024.pem")),
            max_skew_secs=None,
        )
        headers = {
            "timestamp": str(NOW_S),
            "nonce": "abcdefghij",
            "api-key": "hc_api_key",
            "version": "1.0",
            "signature": B64_SIG,
        }
        if path == "open_response":
            return '"code":"00000","msg":"ok",', lambda b: m.open_response(b)
        if path == "open_notification":
            return "", lambda b: m.open_notification(b, headers)
        p = m.provider(key_text("sandbox_provider_1024.pem"))
        return "", lambda b: p.open_request(b, headers)
    if provider == "paytend":
        m = cardseal.Paytend(
            "888666000100201",
            key_text("sandbox_merchant_1024.pem"),
            cardseal.public_key_pem(key_text("sandbox_provider_1024.pem")),
        )
        common = f'"partnerId":"888666000100201","signType":"RSA","requestId":"1","version":"2.0","signature":"{B64_SIG}",'
        if path == "open_response":
            return f'"respCode":"00","respMsg":"ok","signature":"{B64_SIG}",', lambda b: m.open_response(b)
        if path == "open_notification":
            return common, lambda b: m.open_notification(b)
        p = m.provider(key_text("sandbox_provider_1024.pem"))
        return common, lambda b: p.open_request(b)
    if provider == "asinx":
        m = cardseal.Asinx("app_447770", "b635dd5c87f7bf73387929203321b1e1")
        bad = '"result":"00112233445566778899aabbccddeeff",'
        if path == "open_response":
            return '"success":true,"code":"0","message":"ok",' + bad, lambda b: m.open_response(b)
        if path == "open_notification":
            return '"appId":"app_447770",' + bad, lambda b: m.open_notification(b)
        p = m.provider()
        h = {"appId": "app_447770", "sign": "0" * 32}
        return "", lambda b: p.open_request(b, h, path="/user/register")
    if provider == "kazepay":
        m = cardseal.KazePay(
            "H2400002001",
            key_text("kazepay_merchant.pem"),
            cardseal.public_key_pem(key_text("kazepay_provider.pem")),
        )
        head = (
            '"head":{"sysId":"H2400002001","apiCode":"setUcardKyc","requestNo":"1",'
            f'"keyEnc":"{"ab" * 256}","sign":"{"cd" * 128}","version":"1.0","code":"SUCCESS"}},'
            '"body":{"encrypt":"QUFBQUFBQUFBQUFBQUFBQQ=="},'
        )
        if path == "open_response":
            return head, lambda b: m.open_response(b)
        if path == "open_notification":
            return head, lambda b: m.open_notification(b)
        p = m.provider(key_text("kazepay_provider.pem"))
        return head, lambda b: p.open_request(b)
    if provider == "upay":
        m = cardseal.UPay(
            "upay_api_key",
            "upay-secret",
            key_text("sandbox_merchant_1024.pem"),
            cardseal.public_key_pem(key_text("sandbox_provider_1024.pem")),
            now_ms=NOW_MS,
        )
        h = {
            "X-UPA-REQUESTID": "r1",
            "X-UPA-TIMESTAMP": str(NOW_MS),
            "X-UPA-SIGN": B64_SIG,
            "X-UPA-APIKEY": "upay_api_key",
        }
        if path == "open_response":
            return '"code":0,"msg":"ok","success":true,"data":{"payload":"a.b.c.d.e"},', lambda b: m.open_response(b)
        if path == "open_notification":
            return "", lambda b: m.open_notification(b, h)
        p = m.provider(key_text("sandbox_provider_1024.pem"))
        return "", lambda b: p.open_request(b, h, method="POST", path="/api/v1/x")
    raise SystemExit(f"unknown provider {provider}")


def run_case(provider, path, shape, size_mb):
    import cardseal

    prefix, call = case_setup(provider, path)
    size = size_mb * 1000 * 1000
    value = hostile_value(shape, size)
    body = "{" + prefix + '"a":' + value + "}"
    del value
    body_len = len(body)
    # Hand the freed build buffers back to the OS, so that the call cannot reuse them
    # unseen (glibc keeps freed heap memory below 32 MB resident).
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except OSError:
        pass
    exact = reset_peak()
    before = rss_kib()
    try:
        call(body)
        outcome = "OPENED"
    except cardseal.Error as e:
        outcome = f"{type(e).__name__}: {str(e)[:90]}"
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    growth = max(0, peak - before) * 1024
    print(json.dumps({
        "provider": provider, "path": path, "shape": shape, "body_bytes": body_len,
        "growth_bytes": growth, "ratio": growth / body_len, "exact_peak": exact,
        "outcome": outcome,
    }))


PATHS = {
    "hypercard": ["open_response", "open_notification", "open_request"],
    "paytend": ["open_response", "open_notification", "open_request"],
    "asinx": ["open_response", "open_notification", "open_request"],
    "kazepay": ["open_response", "open_notification", "open_request"],
    "upay": ["open_response", "open_notification", "open_request"],
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="100,30", help="body sizes in MB, comma-separated")
    ap.add_argument("--providers", default=",".join(PATHS))
    ap.add_argument("--case", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.case:
        provider, path, shape, size = args.case.split(":")
        run_case(provider, path, shape, int(size))
        return
    rows = []
    for size in [int(s) for s in args.sizes.split(",")]:
        for provider in args.providers.split(","):
            for path in PATHS[provider]:
                for shape in ("zeros", "string"):
                    out = subprocess.run(
                        [sys.executable, __file__, "--case", f"{provider}:{path}:{shape}:{size}"],
                        capture_output=True, text=True, check=False,
                    )
                    if out.returncode != 0:
                        print(f"{provider} {path} {shape} {size} MB: failed\n{out.stderr}", file=sys.stderr)
                        rows.append(None)
                        continue
                    r = json.loads(out.stdout.strip().splitlines()[-1])
                    rows.append(r)
                    print(
                        f"{size:>4} MB  {provider:<9} {('mirror ' if path == 'open_request' else '') + path:<24} {shape:<6} "
                        f"growth {r['growth_bytes'] / 1e6:8.1f} MB  ratio {r['ratio']:5.2f}x  "
                        f"{'' if r['exact_peak'] else '(peak not reset) '}{r['outcome']}",
                        flush=True,
                    )
    worst = max((r["ratio"] for r in rows if r), default=0.0)
    failed = sum(1 for r in rows if r is None)
    print(f"worst ratio {worst:.2f}x (target <= 2x){'; ' + str(failed) + ' cases failed' if failed else ''}")
    sys.exit(1 if failed or worst > 2.0 else 0)


if __name__ == "__main__":
    main()
