#!/bin/sh
# vendor.sh [VERSION] copies fpdf's root package at VERSION (default: the one VERSION names) from
# the Go module cache (downloading it if need be) into this folder, applies patches.diff (see
# PATCHES) and records the version in VERSION. The folder is a package of spread's module
# (spread/third_party/fpdf), not a module of its own, so that a program requiring spread builds
# with the patches too. Moving to another fpdf version is running this script with it and then
# spread's tests (go test ./...); a patch that no longer applies stops here.
set -eu
cd "$(dirname "$0")"
VERSION=${1:-$(cat VERSION)}
[ -n "$VERSION" ] || { echo "vendor.sh: no version given and none in VERSION" >&2; exit 1; }
dir=$(cd / && GOFLAGS=-mod=mod go mod download -json "codeberg.org/go-pdf/fpdf@$VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -d "$dir" ] || { echo "vendor.sh: fpdf $VERSION not in the module cache" >&2; exit 1; }
find . -maxdepth 1 -name '*.go' -delete
rm -rf font_embed
for f in "$dir"/*.go; do
  case "$f" in *_test.go) ;; *) cp "$f" . ;; esac
done
cp -r "$dir/font_embed" "$dir/LICENSE" .
chmod -R u+w .
patch -p1 --no-backup-if-mismatch < patches.diff
echo "$VERSION" > VERSION
gofmt -l . && go vet .
