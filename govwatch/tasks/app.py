"""The Celery app: broker from Django settings, queues ``crawl`` and ``report`` apart, beat schedule.

``CELERY_BROKER_URL`` (e.g. ``redis://127.0.0.1:6379/0``) selects the broker; unset, tasks run eagerly in
the calling process (the embedded default needs no Redis). Scans go to the ``crawl`` queue; short work
(dispatching due scans, probes, compaction) to ``report``, so a worker busy crawling does not delay the
scheduler when another worker serves ``report``. Tasks are acknowledged on receipt: a worker killed
mid-scan loses its message, and the scan is run again through its schedule's lease
(``govwatch.storage.claims``), never twice at once.

Beat: ``dispatch_due`` and ``probe_due`` every 30 s (GOVWATCH_DISPATCH_SECONDS), probe compaction daily at
03:17 Beijing time, and every services.periodic job at its interval.
"""

from __future__ import annotations

from celery import Celery
from celery.schedules import crontab
from django.conf import settings
from kombu import Exchange, Queue

from govwatch.services.periodic import JOBS
from govwatch.services.platform import setup

setup()

CRAWL_QUEUE = "crawl"
REPORT_QUEUE = "report"
DISPATCH_SECONDS = float(settings.GOVWATCH.dispatch_seconds)  # GOVWATCH_DISPATCH_SECONDS, default 30

app = Celery("govwatch")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.update(
    # Each queue its own exchange and routing key: a message goes to exactly one queue.
    task_queues=tuple(Queue(name, Exchange(name, type="direct"), routing_key=name)
                      for name in (CRAWL_QUEUE, REPORT_QUEUE)),
    task_default_queue=REPORT_QUEUE,
    task_default_exchange=REPORT_QUEUE,
    task_default_routing_key=REPORT_QUEUE,
    task_routes={"govwatch.run_scan": {"queue": CRAWL_QUEUE}, "govwatch.proofread_due": {"queue": CRAWL_QUEUE},
                 "govwatch.patrol_due": {"queue": CRAWL_QUEUE}},
    task_acks_late=False,
    task_ignore_result=True,
    worker_prefetch_multiplier=1,
    worker_hijack_root_logger=False,
    broker_connection_retry_on_startup=True,
    timezone="Asia/Shanghai",
    imports=("govwatch.tasks.scans", "govwatch.tasks.proofread", "govwatch.tasks.newmedia", "govwatch.tasks.periodic"),
    beat_schedule={
        "dispatch-due-scans": {"task": "govwatch.dispatch_due", "schedule": DISPATCH_SECONDS},
        "probe-due-targets": {"task": "govwatch.probe_due", "schedule": DISPATCH_SECONDS},
        "compact-probes": {"task": "govwatch.compact", "schedule": crontab(hour=3, minute=17)},
        "deliver-alerts": {"task": "govwatch.deliver_alerts", "schedule": 60.0},
        "proofread-due-sites": {"task": "govwatch.proofread_due", "schedule": 3600.0},  # yearly 整站校对
        "patrol-due-accounts": {"task": "govwatch.patrol_due", "schedule": 60.0},  # 政务新媒体巡检 (PATROL_SECONDS)
        **{f"periodic-{job.name}": {"task": "govwatch.periodic", "schedule": job.every, "args": (job.name,)}
           for job in JOBS},
    },
)

from govwatch.tasks import newmedia, periodic, proofread, scans  # noqa: E402,F401  (registers the tasks; they import ``app`` above)
