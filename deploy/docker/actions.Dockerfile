# Action server image (rasa_sdk, Python 3.10): actions/ and corpus/ only, as docs/ARCHITECTURE.md allows.
# Build from the repository root:  docker build -f deploy/docker/actions.Dockerfile -t baiwen-actions .
# UNTESTED here (no Docker engine on the development machine): see deploy/README.md.
FROM python:3.10-slim
ENV PYTHONDONTWRITEBYTECODE=1 PIP_NO_CACHE_DIR=1 PYTHONPATH=/app
WORKDIR /app
COPY requirements-rasa.txt ./
RUN pip install -r requirements-rasa.txt
COPY actions ./actions
COPY corpus ./corpus
COPY knowledge ./knowledge
COPY scripts/rasa_logging.yml ./rasa_logging.yml
RUN useradd --uid 10001 --home-dir /app actions && chown -R actions /app
USER 10001
EXPOSE 5055
CMD ["python", "-m", "actions.server", "--actions", "actions", "--host", "0.0.0.0", "-p", "5055", \
     "--logging-config_file", "rasa_logging.yml"]
