#!/usr/bin/env bash
# Installs the Debian packages the project needs when they are missing, with one `apt-get update`
# first (a fresh machine's apt knows no packages).
#   install-deps.sh          to build: GLPK (libglpk-dev) and OpenSSL's libcrypto (libssl-dev)
#   install-deps.sh --test   also what the tests need: Debian's Python with icalendar
#                            (python3-icalendar), the independent calendar parser
set -euo pipefail

missing=()
[ -f /usr/include/glpk.h ] || missing+=(libglpk-dev)
[ -f /usr/include/openssl/evp.h ] || missing+=(libssl-dev)
if [ "${1:-}" = "--test" ]; then
  /usr/bin/python3 -c 'import icalendar' 2>/dev/null || missing+=(python3-icalendar)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

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

echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
