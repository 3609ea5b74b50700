"""(d) The GIL is released while the core works: 4 threads sealing ~6 MB payloads run
concurrently with each other and with pure-Python code.

Not a speed assertion: it measures *overlap* with a pure-Python "ticker" thread that
records timestamps in a loop. While a thread is inside a call that holds the GIL, no other
Python code can run, so the ticker is frozen for the whole call: four GIL-holding calls
leave four tick-free gaps, each about as long as one call. When the GIL is released the
ticker keeps running while the four calls are in flight; only the OS scheduler (a busy
machine) can pause it, for much less than a call. Intervals recorded around each call are
also reported (they overlap), but they cannot prove much on their own: a thread waiting
for the GIL before or after its call also looks "in flight".
"""

import base64
import json
import os
import threading
import time

import cardseal

THREADS = 4
PAYLOAD_BYTES = 6 * 1024 * 1024


def _payload(i, size=PAYLOAD_BYTES):
    blob = base64.b64encode(os.urandom(size * 3 // 4)).decode()
    return json.dumps({"kyc": blob, "i": i})


def _single_call_duration(fn):
    best = None
    for _ in range(1):
        t0 = time.perf_counter()
        fn()
        d = time.perf_counter() - t0
        best = d if best is None else min(best, d)
    return best


def test_four_threads_seal_6mb_concurrently(keys):
    """Up to 3 attempts: a busy machine (CPU quota throttling, other jobs) can pause the
    ticker too. A GIL-holding call can never pass an attempt (its tick-free gap is the
    call itself), so retrying cannot hide one."""
    failures = []
    for _ in range(3):
        try:
            _attempt(keys)
            return
        except AssertionError as e:
            failures.append(str(e).splitlines()[0])
    raise AssertionError("GIL not released (3 attempts):\n" + "\n".join(failures))


def _attempt(keys):
    # UPay's encrypted request (DEFLATE + AES-GCM + RSA-OAEP + HMAC): the longest seal, so
    # that a call is long compared with scheduling noise on a busy machine.
    merchant = cardseal.UPay("app", "s3cr3t", keys["upay_m"], cardseal.public_key_pem(keys["upay_p"]))
    mirror = merchant.provider(keys["upay_p"])
    payloads = [_payload(i) for i in range(THREADS)]
    assert all(len(p) >= PAYLOAD_BYTES for p in payloads)

    def seal(i):
        return merchant.seal_request("POST", "/api/v1/kyc", payloads[i], encrypt=True, request_id=f"r{i}")

    single = _single_call_duration(lambda: seal(0))
    assert single > 0.02, f"a call is too short to measure overlap: {single:.4f}s"

    barrier = threading.Barrier(THREADS + 1)
    intervals = [None] * THREADS
    results = [None] * THREADS
    done = threading.Event()
    ticks = []

    def ticker():
        barrier.wait()
        while not done.is_set():
            ticks.append(time.perf_counter())

    def worker(i):
        barrier.wait()
        t0 = time.perf_counter()
        results[i] = seal(i)
        intervals[i] = (t0, time.perf_counter())

    workers = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    tick_thread = threading.Thread(target=ticker)
    tick_thread.start()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    done.set()
    tick_thread.join()

    # Every seal is correct.
    for i in range(THREADS):
        opened = mirror.open_request_text(results[i].body, results[i].headers, method="POST", path="/api/v1/kyc")
        assert json.loads(opened) == json.loads(payloads[i])

    start = min(a for a, _ in intervals)
    end = max(b for _, b in intervals)
    window = [start] + [t for t in ticks if start < t < end] + [end]
    gaps = [b - a for a, b in zip(window, window[1:])]
    long_gaps = [g for g in gaps if g > 0.5 * single]
    report = (
        f"single call {single:.3f}s, window {end - start:.3f}s, {len(window) - 2} ticks, "
        f"gaps > half a call: {[round(g, 3) for g in long_gaps]}, "
        f"intervals {[(round(a - start, 3), round(b - start, 3)) for a, b in intervals]}"
    )
    # The ticker ran while the calls were in flight: GIL-holding calls would leave
    # THREADS tick-free gaps of about one call each (sum >= ~THREADS x single).
    assert len(window) - 2 > 50, report
    assert sum(long_gaps) < 2 * single, report
    # The calls were in flight at the same time.
    events = sorted([(a, 1) for a, _ in intervals] + [(b, -1) for _, b in intervals])
    in_flight = peak = 0
    for _, step in events:
        in_flight += step
        peak = max(peak, in_flight)
    assert peak >= 2, report


def test_open_releases_the_gil_too(keys):
    """One large open (JWE inflate + AES-GCM + RSA-OAEP): the ticker advances during the
    middle of the call, which is impossible if the call held the GIL."""
    merchant = cardseal.UPay("app", "s3cr3t", keys["upay_m"], cardseal.public_key_pem(keys["upay_p"]))
    platform = merchant.provider(keys["upay_p"])
    # 12 MiB (under UPay's 16 MiB inflate cap): long enough a call to see its middle, now
    # that a 6 MiB open takes under 40 ms.
    payload = _payload(0, 12 * 1024 * 1024)
    sealed = platform.seal_response(payload, encrypt=True)
    done = threading.Event()
    ticks = []

    def ticker():
        while not done.is_set():
            ticks.append(time.perf_counter())

    t = threading.Thread(target=ticker)
    t.start()
    time.sleep(0.01)
    t0 = time.perf_counter()
    text = merchant.open_response_text(sealed.body)
    t1 = time.perf_counter()
    done.set()
    t.join()
    assert json.loads(text) == json.loads(payload)
    d = t1 - t0
    assert d > 0.04, f"call too short to measure: {d:.4f}s"
    middle = [x for x in ticks if t0 + d / 4 <= x <= t1 - d / 4]
    assert len(middle) > 0, f"no tick during the middle half of a {d:.3f}s call"
