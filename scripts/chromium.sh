# Used by test.sh: the browser tests drive Debian's chromium (never a browser download of Playwright's own).

ensure_chromium() {
  [ -x /usr/bin/chromium ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "chromium not found: installing Debian's chromium package for the browser tests..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >&2 || true
    [ -x /usr/bin/chromium ] && return 0
  fi
  echo "error: /usr/bin/chromium is missing (the console's browser tests need it): sudo apt-get install chromium" >&2
  return 1
}
