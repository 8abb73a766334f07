#!/usr/bin/env bash
# Installs everything this project needs on a fresh Debian machine with Node 20 (run as root), then builds
# the extension and the browser IDE. Safe to run again: it skips what is already there.
#
#   bash scripts/setup.sh                  everything, including what the tests need
#   bash scripts/setup.sh --no-test-deps   only what building and running the IDE needs (used by deploy/Dockerfile)
#   bash scripts/setup.sh --no-build       install only
set -euo pipefail
cd "$(dirname "$0")/.."

with_test_deps=1
build=1
for arg in "$@"; do
    case "$arg" in
        --no-test-deps) with_test_deps=0 ;;
        --no-build) build=0 ;;
        *) echo "setup.sh: unknown option '$arg' (known: --no-test-deps, --no-build)" >&2; exit 2 ;;
    esac
done

step() { printf '\n==> %s\n' "$*"; }

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
    echo "setup.sh: Node.js 20 or newer is required (found: $(node --version 2>/dev/null || echo none))." >&2
    exit 1
fi

# 1. Debian packages. Build: keytar and drivelist compile with node-gyp (libsecret, pkg-config, g++, make, python3).
#    Tests: Debian's chromium (driven by playwright-core), nginx and haproxy (real proxies), prometheus (promtool),
#    e2fsprogs/util-linux/openssl (real mounts, loop devices, test certificates).
#    kubectl (`kubectl kustomize` renders deploy/kustomize in the tests): Debian 12's kubernetes-client (1.20, kustomize
#    v2; the overlays are written so that it and current kubectl both render them). A kubectl already on PATH is kept.
packages=(libsecret-1-dev pkg-config python3 make g++)
if [ "$with_test_deps" = 1 ]; then
    packages+=(chromium nginx-light haproxy prometheus e2fsprogs util-linux mount openssl procps coreutils)
    if ! command -v kubectl >/dev/null 2>&1; then
        packages+=(kubernetes-client)
    fi
fi
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
    step "Installing Debian packages: ${missing[*]}"
    if [ "$(id -u)" != 0 ]; then
        echo "setup.sh: installing Debian packages needs root. Run as root, or install: ${missing[*]}" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # policy-rc.d: do not start nginx/haproxy/prometheus services; tests start their own instances.
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
        trap 'rm -f /usr/sbin/policy-rc.d' EXIT
    fi
    apt-get install -y -qq "${missing[@]}"
else
    step "Debian packages: all present"
fi

# 2. npm dependencies, exactly as locked (`npm ci`: the committed package-lock.json is the one npm writes here, so
#    `npm ci` accepts it and the lock is never rewritten). puppeteer (pulled in by @theia/cli) must not download a
#    browser. Native modules (keytar, drivelist, node-pty) are compiled here from their npm sources: no prebuilt
#    binary is fetched from anywhere but the npm registry.
export PUPPETEER_SKIP_DOWNLOAD=true
export npm_config_build_from_source=true
stamp=node_modules/.session-health-install-stamp
want=$( (node --version; cat package.json package-lock.json browser-app/package.json bench/stock-app/package.json) | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    step "npm dependencies: up to date"
else
    step "Installing npm dependencies (npm ci: the locked versions, native modules built from source)"
    npm ci --no-audit --no-fund
    # node-pty built from source leaves its binary in build/Release and removes prebuilds/, but Theia's bundler
    # (@theia/bundle-plugin) copies it from node-pty/prebuilds/<platform>-<arch>/: put the binary compiled here there.
    pty_dir=node_modules/node-pty
    pty_prebuild="$pty_dir/prebuilds/$(node -p 'process.platform + "-" + process.arch')"
    if [ -f "$pty_dir/build/Release/pty.node" ] && [ ! -f "$pty_prebuild/pty.node" ]; then
        mkdir -p "$pty_prebuild"
        cp "$pty_dir/build/Release/pty.node" "$pty_prebuild/pty.node"
    fi
    echo "$want" > "$stamp"
fi
if git rev-parse --is-inside-work-tree >/dev/null 2>&1 && ! git diff --quiet -- package-lock.json; then
    echo "setup.sh: package-lock.json changed during setup; the install is not reproducible:" >&2
    git diff --stat -- package-lock.json >&2
    exit 1
fi

# 3. The Theia version matrix of the adopter tests (test/helpers/theia-matrix.ts): the newest Theia whose every package
#    the adopter app needs is on the registry (a release published in part is skipped, and said so), and the newest
#    patch of the oldest supported minor. Written to node_modules/.cache/theia-session-health/theia-matrix.json, and
#    the npm cache filled with both versions' packages, so that the tests install from the cache.
if [ "$with_test_deps" = 1 ]; then
    step "Theia version matrix of the adopter tests (checked on the npm registry)"
    TS_NODE_PROJECT=tsconfig.test.json node -r ts-node/register/transpile-only test/helpers/theia-matrix.ts --prefetch
fi

# 4. Build: TypeScript -> lib/, then the browser IDE bundle (browser-app/lib).
if [ "$build" = 1 ]; then
    step "Building the extension and the browser IDE"
    npm run build
fi
step "Setup done"
