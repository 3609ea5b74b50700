"""(d) The GIL is released while the core works: 4 threads sealing ~6 MB payloads run
concurrently, and a pure-Python thread keeps ticking while they do.

Not a speed assertion: it measures *overlap*. If a call held the GIL for its whole
duration, the ticker thread could not run during it, so the longest gap between two
ticks would be at least as long as that call; and no two calls could be inside Rust at
the same time.
"""

import base64
import json
import os
import threading
import time

import cardseal

THREADS = 4
PAYLOAD_BYTES = 6 * 1024 * 1024


def _payload(i):
    blob = base64.b64encode(os.urandom(PAYLOAD_BYTES * 3 // 4)).decode()
    return json.dumps({"kyc": blob, "i": i})


def test_four_threads_seal_6mb_concurrently(keys):
    merchant = cardseal.KazePay("H2400002001", keys["kaze_m"], cardseal.public_key_pem(keys["kaze_p"]))
    mirror = merchant.provider(keys["kaze_p"])
    payloads = [_payload(i) for i in range(THREADS)]
    assert all(len(p) >= PAYLOAD_BYTES for p in payloads)
    merchant.seal_request("kyc", payloads[0])  # warm up

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
        results[i] = merchant.seal_request("kyc", payloads[i], request_no=f"r{i}")
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
        assert mirror.open_request_text(results[i].body) == payloads[i]

    start = min(a for a, _ in intervals)
    end = max(b for _, b in intervals)
    durations = sorted(b - a for a, b in intervals)
    shortest = durations[0]
    assert shortest > 0.005, f"calls too short to measure overlap: {durations}"

    # 1. The Python ticker kept running while the calls were in Rust.
    window = [t for t in ticks if start <= t <= end]
    gaps = [b - a for a, b in zip(window, window[1:])]
    assert len(window) > 100, f"ticker starved: {len(window)} ticks in {end - start:.3f}s"
    max_gap = max(gaps)
    assert max_gap < 0.5 * shortest, f"a call held the GIL: longest tick gap {max_gap:.4f}s, calls {durations}"

    # 2. The calls overlapped: at some instant at least two were in flight, and the summed
    # call time exceeds the wall-clock window (impossible if they ran one after another).
    events = sorted([(a, 1) for a, _ in intervals] + [(b, -1) for _, b in intervals])
    in_flight = peak = 0
    for _, step in events:
        in_flight += step
        peak = max(peak, in_flight)
    assert peak >= 2, f"no overlap: {intervals}"
    assert sum(durations) > 1.2 * (end - start), f"calls ran serially: {durations} in {end - start:.3f}s"


def test_open_releases_the_gil_too(keys):
    """A single large open: the ticker advances during the call."""
    merchant = cardseal.UPay("app", "s3cr3t", keys["upay_m"], cardseal.public_key_pem(keys["upay_p"]))
    platform = merchant.provider(keys["upay_p"])
    payload = _payload(0)
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
    inside = [x for x in ticks if t0 <= x <= t1]
    gaps = [b - a for a, b in zip(inside, inside[1:])] or [t1 - t0]
    assert t1 - t0 > 0.005
    assert len(inside) > 10 and max(gaps) < 0.5 * (t1 - t0), (len(inside), max(gaps), t1 - t0)
