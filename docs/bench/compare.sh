#!/bin/sh
# compare.sh times cold builds of the seed, both PDFs, against Typst compiling the seed's text
# (docs/bench/seed.typ) in one script, interleaved so that the machine's drift hits both alike:
#
#   docs/bench/compare.sh [ROUNDS] [SPREAD...]
#
# ROUNDS defaults to 20; SPREAD are spread binaries to time (default: one built from this
# checkout). Typst runs through the typst.ts Node binding, installed on first use into
# $BENCH_DIR (default /tmp/spread-bench) with npm. It prints each command's median and least
# wall time and the ratio of each spread's median to Typst's. Wall times on a shared machine
# drift by a factor of two within minutes: compare only numbers from one run of this script.
set -eu
repo=$(cd "$(dirname "$0")/../.." && pwd)
rounds=${1:-20}
[ $# -gt 0 ] && shift
dir=${BENCH_DIR:-/tmp/spread-bench}
mkdir -p "$dir"
if [ $# -eq 0 ]; then
  (cd "$repo" && go build -o "$dir/spread" ./cmd/spread)
  set -- "$dir/spread"
fi
if [ ! -d "$dir/node_modules/@myriaddreamin/typst-ts-node-compiler" ]; then
  (cd "$dir" && npm install --silent --no-audit --no-fund @myriaddreamin/typst-ts-node-compiler >/dev/null)
fi
cp "$repo/docs/bench/typst.mjs" "$repo/docs/bench/seed.typ" "$repo/data.yaml" "$dir/"
rm -rf "$dir/photos" && cp -r "$repo/photos" "$dir/photos"
cd "$dir"
now() { date +%s%N; }
i=0
while [ "$i" -lt "$rounds" ]; do
  for b in "$@"; do
    s=$(now); "$b" build -o "$dir/out" data.yaml >/dev/null 2>&1; e=$(now)
    echo "$b $(( (e - s) / 1000 ))"
  done
  s=$(now); node typst.mjs seed.typ "$dir/typst.pdf" "$repo/fonts" >/dev/null 2>&1; e=$(now)
  echo "typst $(( (e - s) / 1000 ))"
  i=$((i + 1))
done | sort -k1,1 -k2n | awk '
  { n[$1]++; t[$1, n[$1]] = $2 }
  END {
    for (k in n) med[k] = t[k, int((n[k] + 1) / 2)]
    for (k in n) {
      line = sprintf("%-40s median %6.1f ms  least %6.1f ms", k, med[k] / 1000, t[k, 1] / 1000)
      if (k != "typst" && med["typst"] > 0) line = line sprintf("  %.3f of Typst", med[k] / med["typst"])
      print line
    }
  }'
