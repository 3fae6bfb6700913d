# Discreet: one image for every role (discreet slack, discreet telegram,
# discreet run). Two stages: the wheel is built in the first, the second has
# only Python, the installed package and Tesseract (text in shared images and
# scanned PDFs). Runs as an unprivileged user; no token is baked in (pass them
# with --env-file or your platform's secrets). See docs/deploy.md.
FROM python:3.12-slim AS build
WORKDIR /src
COPY pyproject.toml setup.py README.md ./
COPY core ./core
COPY bots ./bots
COPY policies ./policies
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.12-slim
# OCR=0 leaves Tesseract out (images and scanned PDFs are then not read).
ARG OCR=1
RUN if [ "$OCR" = 1 ]; then \
      apt-get update && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-eng \
      && rm -rf /var/lib/apt/lists/*; \
    fi \
    && useradd --system --uid 10001 --home-dir /var/lib/discreet --create-home --shell /usr/sbin/nologin discreet
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
USER discreet
WORKDIR /var/lib/discreet
ENV PYTHONUNBUFFERED=1 \
    PORT=3000 \
    DISCREET_DB=/var/lib/discreet/discreet.db
VOLUME ["/var/lib/discreet"]
EXPOSE 3000
# The Slack HTTP worker answers GET /healthz on $PORT. Roles without an HTTP
# port (Telegram by long polling) set their own check in compose.yaml.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import os,urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT','3000'), timeout=4)"]
ENTRYPOINT ["discreet"]
CMD ["run"]
