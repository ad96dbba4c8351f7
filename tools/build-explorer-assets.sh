#!/usr/bin/env bash
# Fetches the GraphQL explorer (Altair, the npm package altair-static) once from the npm registry
# and copies its built web app into the package, where the mock serves it from the wheel: the
# explorer must work with no internet, so nothing is ever loaded from a CDN. Run it again to move
# to another version, and commit what it changes.
#
#   tools/build-explorer-assets.sh [VERSION]
set -euo pipefail
cd "$(dirname "$0")/.."

version="${1:-8.5.9}"
target="mock/web/explorer/assets"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "altair-static@$version" >/dev/null && tar xzf altair-static-*.tgz)
dist="$work/package/build/dist"

rm -rf "$target"
mkdir -p "$target"
cp -R "$dist"/. "$target"/
rm "$target/assets/i18n/README.md"  # notes for Altair's translators
# What ships with the app: the MIT licence it is distributed under, and the version fetched.
cp "$work/package/LICENSE" "$target/LICENSE"
echo "altair-static $version (https://www.npmjs.com/package/altair-static)" >"$target/VERSION.txt"
du -sh "$target"
