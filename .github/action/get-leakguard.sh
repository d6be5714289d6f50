#!/usr/bin/env bash
# Puts a leakguard binary in $BIN_DIR: the release asset for this runner when VERSION is set
# (its SHA-256 checked against the published checksum file), otherwise a build of the action's
# own checkout (skipped when the cache step restored one).
set -euo pipefail

mkdir -p "$BIN_DIR"
if [ -x "$BIN_DIR/leakguard" ] && [ -z "$VERSION" ]; then
  echo "leakguard restored from the cache: $("$BIN_DIR/leakguard" --version)"
  exit 0
fi

if [ -n "$VERSION" ]; then
  case "$RUNNER_OS_NAME-$RUNNER_ARCH_NAME" in
    Linux-X64) target=x86_64-unknown-linux-gnu ;;
    Linux-ARM64) target=aarch64-unknown-linux-gnu ;;
    macOS-X64) target=x86_64-apple-darwin ;;
    macOS-ARM64) target=aarch64-apple-darwin ;;
    *) echo "::error::no leakguard release for $RUNNER_OS_NAME/$RUNNER_ARCH_NAME; leave 'version' empty to build from source"; exit 1 ;;
  esac
  asset="leakguard-${VERSION#v}-$target.tar.gz"
  base="https://github.com/$ACTION_REPOSITORY/releases/download/v${VERSION#v}"
  work="$(mktemp -d)"
  curl --fail --silent --show-error --location --retry 3 -o "$work/$asset" "$base/$asset"
  curl --fail --silent --show-error --location --retry 3 -o "$work/$asset.sha256" "$base/$asset.sha256"
  expected="$(cut -d ' ' -f 1 < "$work/$asset.sha256")"
  actual="$(sha256sum "$work/$asset" 2>/dev/null | cut -d ' ' -f 1 || shasum -a 256 "$work/$asset" | cut -d ' ' -f 1)"
  if [ "$expected" != "$actual" ]; then
    echo "::error::checksum mismatch for $asset: expected $expected, got $actual"
    exit 1
  fi
  tar -xzf "$work/$asset" -C "$BIN_DIR" leakguard
else
  if ! command -v cargo > /dev/null; then
    echo "::error::cargo is needed to build leakguard from source; set 'version' to download a release"
    exit 1
  fi
  root="$(mktemp -d)"
  cargo install --locked --quiet --path "$ACTION_PATH/crates/leakguard-cli" --root "$root"
  mv "$root/bin/leakguard" "$BIN_DIR/leakguard"
fi
"$BIN_DIR/leakguard" --version
