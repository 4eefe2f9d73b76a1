#!/usr/bin/env bash
# Rebuilds fuzz/corpus/pipeline/ from the test fixtures, in the format the
# `pipeline` target reads: the statements file, then each adjustment file,
# each preceded by a 0xFF byte. The target reads at most three adjustment
# files, so a case with more gives one seed per group of three.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
out="$here/corpus/pipeline"
rm -rf "$out"
mkdir -p "$out"

# seed NAME STATEMENTS [ADJUSTMENT...]
seed() {
    local name="$1" statements="$2"
    shift 2
    local adjustments=("$@") group=0
    while :; do
        {
            cat "$statements"
            for f in "${adjustments[@]:$((group * 3)):3}"; do
                printf '\xff'
                cat "$f"
            done
        } >"$out/$name${group/#0/}"
        group=$((group + 1))
        [ $((group * 3)) -lt ${#adjustments[@]} ] || break
    done
}

shopt -s nullglob
for case in "$root"/tests/fixtures/*/; do
    name="$(basename "$case")"
    adjustments=()
    for f in "$case"adjustments/*.toml; do
        [ -f "$f" ] && [ -r "$f" ] && adjustments+=("$f")
    done
    for statements in "$case"statements/*.toml; do
        [ -f "$statements" ] && [ -r "$statements" ] || continue
        stem="$(basename "$statements" .toml)"
        seed "$name-$stem" "$statements" "${adjustments[@]}"
    done
done
# The files the repository ships.
seed shipped "$root/statements/atg.toml" "$root"/adjustments/*.toml "$root"/adjustments/examples/*.toml

echo "$(ls "$out" | wc -l) seeds, $(du -sh "$out" | cut -f1) in $out"
