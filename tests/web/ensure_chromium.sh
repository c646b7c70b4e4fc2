#!/bin/sh
# The browser tests drive Debian's Chromium (/usr/bin/chromium); never a downloaded browser.
# Install it when it is missing and we can (root with apt-get); otherwise say what is missing.
set -eu
if [ -x /usr/bin/chromium ]; then
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's Chromium for the browser tests (apt-get install chromium)..."
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }; then
        echo "NOTE: could not install chromium; the browser tests will be skipped." >&2
    fi
else
    echo "NOTE: /usr/bin/chromium is missing, so the browser tests will be skipped." >&2
    echo "      Install Debian's Chromium to run them: sudo apt-get install chromium" >&2
fi
