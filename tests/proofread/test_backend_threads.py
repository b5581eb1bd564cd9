"""The default typo backend is loaded once per process even when scan threads ask for it together
(found by the fleet benchmark: two threads trained the model twice and one crashed saving it)."""

from __future__ import annotations

import threading

from govwatch.proofread.typo import backend


def test_threads_asking_together_share_one_backend() -> None:
    backend._load_backend.cache_clear()
    gate = threading.Barrier(4)
    got: list[object] = []
    errors: list[BaseException] = []

    def ask() -> None:
        gate.wait()
        try:
            got.append(backend.default_backend())
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(got) == 4 and all(g is got[0] for g in got)
    assert backend._load_backend.cache_info().misses == 1
