# The release bundle (scripts/publish.sh) on Debian 12, run as an unprivileged user.
#   scripts/publish.sh --out deploy/dist && docker build -t broadcaster .
# Registries of images are not needed beyond the base; BUNDLE names the tarball when dist/ holds several.
FROM debian:bookworm-slim
ARG BUNDLE=deploy/dist/broadcaster-*-linux-x64.tar.gz
# ca-certificates: Twilio and Telegram over TLS; curl: the health check. ICU is not needed (invariant globalization).
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl libssl3 zlib1g \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin broadcaster
ADD ${BUNDLE} /
RUN mv /broadcaster /app && chown -R root:root /app && chmod -R a+rX,go-w /app
USER broadcaster
WORKDIR /app
ENV ASPNETCORE_URLS=http://0.0.0.0:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_gcServer=0
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["/app/Broadcaster"]
CMD ["serve"]
