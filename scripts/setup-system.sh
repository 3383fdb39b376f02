#!/usr/bin/env bash
# System packages the tests need, from Debian: chromium (end-to-end tests through
# Playwright; never a downloaded browser), texlive-binaries (a real `bibtex` run over
# the corpus export), texlive-base (its plain.bst style and kpathsea setup) and biber
# (the biblatex back end, run in its --tool mode over the same export).
# Installs only what is missing; uses sudo when not root.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v bibtex >/dev/null 2>&1 || need+=(texlive-binaries)
kpsewhich plain.bst >/dev/null 2>&1 || need+=(texlive-base)
command -v biber >/dev/null 2>&1 || need+=(biber)
[ ${#need[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing Debian packages: ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
