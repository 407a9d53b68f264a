# Rasa server image: Rasa 3.6 (Python 3.10) with the trained model, the REST channel that needs X-Rasa-Token
# (bot/rest_channel.py) and the production tracker store (bot/prod_tracker_store.py).
# Build from the repository root after `make rasa-model`:
#   docker build -f deploy/docker/rasa.Dockerfile --build-arg MODEL=$(realpath --relative-to=. $(cat var/rasa-model)) .
# (the model must be inside the build context: copy it to e.g. var/rasa-model.tar.gz first.)
# UNTESTED here (no Docker engine on the development machine): see deploy/README.md.
FROM python:3.10-slim
ARG MODEL=var/rasa-model.tar.gz
ENV PYTHONDONTWRITEBYTECODE=1 PIP_NO_CACHE_DIR=1 RASA_TELEMETRY_ENABLED=false SQLALCHEMY_SILENCE_UBER_WARNING=1 \
    TF_CPP_MIN_LOG_LEVEL=2 PYTHONPATH=/app
WORKDIR /app
COPY requirements-rasa.txt ./
RUN pip install -r requirements-rasa.txt  # brings psycopg2-binary, which the PostgreSQL tracker store uses
COPY bot/rest_channel.py bot/tracker_store.py bot/prod_tracker_store.py bot/credentials.yml ./bot/
COPY corpus ./corpus
COPY knowledge/dict ./knowledge/dict
COPY deploy/containers/endpoints.yml ./endpoints.yml
COPY scripts/rasa_logging.yml ./rasa_logging.yml
COPY ${MODEL} ./model.tar.gz
RUN useradd --uid 10001 --home-dir /app rasa && chown -R rasa /app
USER 10001
EXPOSE 5005
# No --enable-api: that API has no authentication; the REST channel is all the gateway needs.
CMD ["rasa", "run", "-i", "0.0.0.0", "-p", "5005", "--endpoints", "endpoints.yml", "--credentials", \
     "bot/credentials.yml", "-m", "model.tar.gz", "--logging-config-file", "rasa_logging.yml"]
