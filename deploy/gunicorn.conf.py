"""gunicorn's settings for Aduan: /etc/aduan/gunicorn.conf.py (systemd) and the image's CMD.

Every value can be changed by gunicorn's own environment variable (GUNICORN_CMD_ARGS) or here.
With PROMETHEUS_MULTIPROC_DIR set, each worker writes its request metrics to files in that folder
and /metrics adds them up (prometheus_client's multiprocess mode): the folder is emptied when
gunicorn starts and a dead worker's gauges are dropped. docs/deployment.md.
"""

import os
from pathlib import Path

bind = os.environ.get("ADUAN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("ADUAN_WEB_WORKERS", "4"))  # about 2 per core
worker_class = "sync"
timeout = 60  # a letter's PDF by LibreOffice may take up to ADUAN_SOFFICE_TIMEOUT
graceful_timeout = 30
max_requests = 2000  # a worker is replaced now and then (memory)
max_requests_jitter = 200
forwarded_allow_ips = os.environ.get("ADUAN_PROXY_ADDRESSES", "127.0.0.1")
accesslog = "-"
# The request id nginx sent (X-Request-ID) closes each access-log line, as in Aduan's own lines.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s" %({x-request-id}i)s'
errorlog = "-"


def on_starting(server):
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        path = Path(folder)
        path.mkdir(parents=True, exist_ok=True)
        for stale in path.glob("*.db"):
            stale.unlink()


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
