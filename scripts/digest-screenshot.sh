#!/bin/sh
# digest-screenshot.sh renders the HTML part of the README's example
# digest (the fixed scenario of TestREADMEExamples in scheduler) and takes
# a picture of it with headless Chromium: docs/digest.png.
#
# Needs Go and Chromium (Debian: apt-get install chromium). Run from
# anywhere in the repository:  scripts/digest-screenshot.sh [OUT.png]
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/docs/digest.png}
case $out in /*) ;; *) out=$PWD/$out ;; esac
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
	echo "digest-screenshot.sh: no chromium found; install it (apt-get install chromium)" >&2
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The same scenario the README's text examples come from.
(cd "$root" && go test ./scheduler -run '^TestREADMEExamples$' -count=1 -args -digest-html "$tmp/digest.html" >/dev/null)

# A fresh profile, and nothing that would reach the network.
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
	--no-first-run --disable-background-networking --disable-component-update \
	--disable-sync --disable-quic --disable-extensions --mute-audio \
	--user-data-dir="$tmp/profile" \
	--window-size=720,960 --screenshot="$tmp/digest.png" \
	"file://$tmp/digest.html" >/dev/null 2>&1

mkdir -p "$(dirname "$out")"
mv "$tmp/digest.png" "$out"
echo "wrote $out ($(wc -c <"$out") bytes)"
