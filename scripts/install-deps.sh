#!/usr/bin/env bash
# Installs the system packages the project needs (GLPK's headers and library) when
# they are missing. Runs apt-get update first, since a fresh machine's apt knows no packages.
set -euo pipefail

if [ -f /usr/include/glpk.h ] && ldconfig -p 2>/dev/null | grep -q 'libglpk\.so'; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-deps: GLPK (glpk.h and libglpk) is missing and apt-get is not available;" >&2
  echo "install GLPK's development package with your system's package manager." >&2
  exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "install-deps: libglpk-dev is missing; run as root or install sudo." >&2
  exit 1
fi

echo "install-deps: installing libglpk-dev" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends libglpk-dev >/dev/null
