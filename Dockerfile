# Aduan's container image: gunicorn serving Aduan, the same image runs `aduan worker`.
# docs/deployment.md; compose.yaml runs it with PostgreSQL, MinIO (object storage) and Redis.
#   docker build -t aduan .
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    ADUAN_DATA_DIR=/app/var \
    MEDIA_ROOT=/data/media \
    ADUAN_BIND=0.0.0.0:8000 \
    PROMETHEUS_MULTIPROC_DIR=/tmp/prometheus

# pg_dump/pg_restore for `aduan backup` and `aduan restore` (Debian's client: PostgreSQL 15;
# a newer server needs the matching postgresql-client from apt.postgresql.org).
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system aduan && useradd --system --gid aduan --home-dir /app aduan

WORKDIR /app
# The pinned dependencies first: this layer stays cached while only Aduan's code changes.
COPY requirements/base.txt requirements/base.txt
RUN pip install -r requirements/base.txt
COPY pyproject.toml README.md ./
COPY src/ src/
RUN pip install --no-deps . && rm -rf build src/*.egg-info
COPY deploy/gunicorn.conf.py /etc/aduan/gunicorn.conf.py

# Static files collected into the image (/app/var/static; WhiteNoise serves them, compressed, with
# hashed names). Uploads on disk go to the volume /data (MEDIA_ROOT) unless object storage is set.
RUN mkdir -p /data/media && chown -R aduan:aduan /data \
    && SECRET_KEY=image-build-only-not-a-secret-0123456789 ALLOWED_HOSTS=localhost \
       aduan collectstatic --no-input -v 0 \
    && chown -R aduan:aduan /app/var

USER aduan
EXPOSE 8000
VOLUME ["/data"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
    CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"
CMD ["gunicorn", "--config", "/etc/aduan/gunicorn.conf.py", "aduan.wsgi"]
