"""The unattended loop: a slow site does not hold up targets falling due meanwhile; ``govwatch probe --loop``
runs until interrupted."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection

from govwatch.core.clock import utcnow
from govwatch.sample.server import ServerThread
from govwatch.services.probes import ProbeRound, probe_loop
from govwatch.storage import probe_queries as q
from govwatch.storage.models import Probe, ProbeTarget, Site

MakeSite = Callable[..., Site]
REPO = Path(__file__).resolve().parents[2]


@pytest.mark.django_db(transaction=True)
def test_a_slow_site_does_not_hold_up_the_next_due_probe(server: ServerThread, make_site: MakeSite) -> None:
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("shared-cache in-memory SQLite reports 'table is locked' across threads; "
                    "the loop runs on file SQLite in test_probe_loop_command")
    slow = make_site(server.url + "/slow?s=3&case=loop", name="慢网站")
    fast = make_site(server.url + "/", name="快网站")
    start = utcnow()
    q.sync_targets(start)
    fast_due = start + timedelta(seconds=0.5)
    ProbeTarget.objects.filter(site=fast).update(next_probe_at=fast_due)
    stop, rounds = threading.Event(), []

    def on_round(result: ProbeRound) -> None:
        rounds.append(result)
        if sum(r.probed for r in rounds) >= 2:
            stop.set()

    probe_loop(on_round, stop, timeout=5, max_sleep=2)
    fast_probe, slow_probe = Probe.objects.get(site=fast), Probe.objects.get(site=slow)
    assert fast_probe.ok and slow_probe.ok and 3 <= slow_probe.seconds < 5
    assert (fast_probe.at - fast_due).total_seconds() < 1.5  # not after the slow round's 3 s
    assert [r.probed for r in rounds if r.probed] == [1, 1]  # two rounds, the fast one not waiting for the slow


def test_probe_loop_command(server: ServerThread, tmp_path: Path) -> None:
    """``govwatch probe --loop`` on a SQLite file: probes, prints a line per round, stops on Ctrl-C."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env["GOVWATCH_DATA_DIR"] = str(tmp_path)
    setup = ("from govwatch.services.platform import migrate; migrate()\n"
             "from govwatch.storage.models import Site, Unit\n"
             "import sys\nu = Unit.objects.create(name='示例市人民政府办公室')\n"
             "Site.objects.create(name='示例市', home_url=sys.argv[1] + '/', unit=u)\n"
             "Site.objects.create(name='坏网站', home_url=sys.argv[1] + '/status/500', unit=u)\n")
    subprocess.run([sys.executable, "-c", setup, server.url], env=env, cwd=REPO, check=True, timeout=60)
    proc = subprocess.Popen([sys.executable, "-m", "govwatch", "probe", "--loop", "--timeout", "3"], env=env,
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and server.sample.hits["/status/500"] < 1:
        time.sleep(0.1)
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "持续探测中" in out and "探测 2 次（其中复核 0 次）：正常 1，新失败 1" in out
    assert "/status/500：HTTP 错误状态（HTTP 500）" in out and "已中断" in err
