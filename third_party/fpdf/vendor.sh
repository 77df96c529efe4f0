#!/bin/sh
# vendor.sh copies fpdf's root package, at the version spread's go.mod requires, from the Go
# module cache (downloading it if need be) into this folder, applies patches.diff (see PATCHES)
# and records the version in VERSION. Moving to another fpdf version is changing that one line
# of go.mod, running this script and then spread's tests (go test ./...); a patch that no
# longer applies stops here, and pdf's TestVendoredFpdfIsGoModsVersion fails until it is run.
set -eu
cd "$(dirname "$0")"
VERSION=$(sed -n 's|^[[:space:]]*codeberg.org/go-pdf/fpdf \(v[^[:space:]]*\).*|\1|p' ../../go.mod)
[ -n "$VERSION" ] || { echo "vendor.sh: go.mod requires no codeberg.org/go-pdf/fpdf" >&2; exit 1; }
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
