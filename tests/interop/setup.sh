#!/bin/sh
# make interop, step 1: bring in the outside SOAP stacks that are missing, where we can.
# Debian packages only as root (apt-get update once, then one install); node-soap from npm into
# $1/node (git-ignored). Whatever cannot be had is reported, and its tests skip with a reason.
set -u
cache=${1:-.interop}
node_soap=${2:-soap}

has() { command -v "$1" >/dev/null 2>&1; }
missing=""
has wsdl2h && has soapcpp2 || missing="$missing gsoap"
pkg-config --exists gsoap 2>/dev/null || missing="$missing libgsoap-dev"
# For the gSOAP peer's gzip mode (libgsoapssl is built with OpenSSL and zlib).
[ -f /usr/include/openssl/ssl.h ] || missing="$missing libssl-dev"
[ -f /usr/include/zlib.h ] || missing="$missing zlib1g-dev"
has php || missing="$missing php-cli"
has php && php -m 2>/dev/null | grep -qx soap || missing="$missing php-soap"
has node || missing="$missing nodejs"
has npm || missing="$missing npm"
# A node from elsewhere (for example NodeSource's, with npm built in) is kept as it is: Debian's
# npm package would conflict with it.

if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ] && has apt-get; then
        echo "make interop: installing$missing"
        apt-get update -qq &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null ||
            echo "make interop: apt-get could not install$missing; their tests skip"
    else
        echo "make interop: missing$missing (install them as root); their tests skip"
    fi
fi

if has npm && [ ! -f "$cache/node/node_modules/soap/package.json" ]; then
    mkdir -p "$cache/node" &&
        (cd "$cache/node" && npm install --no-audit --no-fund --silent "$node_soap") ||
        echo "make interop: npm install $node_soap failed; the node-soap tests skip"
fi
exit 0
