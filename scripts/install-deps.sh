#!/usr/bin/env bash
# Installs the Debian packages the project needs when they are missing, with one `apt-get update`
# first (a fresh machine's apt knows no packages).
#   install-deps.sh          to build: GLPK (libglpk-dev) and OpenSSL's libcrypto (libssl-dev)
#   install-deps.sh --test   also what the tests need: Debian's Python with icalendar
#                            (python3-icalendar), the independent calendar parser, and PIL
#                            (python3-pil) with Chromium (chromium), which render report.html;
#                            a Chromium that cannot be installed is reported loudly and its
#                            checks are skipped
set -euo pipefail

missing=()
optional=()
[ -f /usr/include/glpk.h ] || missing+=(libglpk-dev)
[ -f /usr/include/openssl/evp.h ] || missing+=(libssl-dev)
if [ "${1:-}" = "--test" ]; then
  /usr/bin/python3 -c 'import icalendar' 2>/dev/null || missing+=(python3-icalendar)
  /usr/bin/python3 -c 'import PIL' 2>/dev/null || missing+=(python3-pil)
  command -v chromium >/dev/null 2>&1 || optional+=(chromium)
fi
[ ${#missing[@]} -eq 0 ] && [ ${#optional[@]} -eq 0 ] && exit 0
if [ ${#missing[@]} -eq 0 ] && { ! command -v apt-get >/dev/null 2>&1 || { [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; }; }; then
  echo "install-deps: !!! ${optional[*]} missing and cannot be installed here: report.html will not be rendered by the tests !!!" >&2
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-deps: missing ${missing[*]} and apt-get is not available;" >&2
  echo "install them (or your system's equivalents) with your package manager." >&2
  exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "install-deps: missing ${missing[*]}; run as root or install sudo." >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]} ${optional[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
if [ ${#missing[@]} -gt 0 ]; then
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ ${#optional[@]} -gt 0 ] && ! $SUDO apt-get install -y -qq --no-install-recommends "${optional[@]}" >/dev/null; then
  echo "install-deps: !!! could not install ${optional[*]}: report.html will not be rendered by the tests !!!" >&2
fi
