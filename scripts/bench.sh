#!/usr/bin/env bash
# make bench: Go benchmarks, then whole-process figures on this machine:
#   - lia validate (all checks, signatures verified against an allowed_signers
#     file) on N generated signed records, against two independent JSON Schema
#     validators doing schema checks only on the same files: ajv-cli (Node.js,
#     the fastest at hand, pinned in scripts/ajv) and Python's jsonschema;
#     records/s for each, the ratios, and peak memory;
#   - memory flatness: lia validate on N/10 and N records;
#   - lia report: milliseconds per record, whole process;
#   - lia --version: start-up time.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-10000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== Go benchmarks"
go test -run '^$' -bench . -benchmem ./internal/... | grep -E '^(Benchmark|ok|cpu)'

echo
echo "== whole-process figures ($(nproc) cores, $(uname -m), $(go version | cut -d' ' -f3))"
go build -o "$work/lia" ./cmd/lia
go run ./scripts/genrecords -n "$N" -o "$work/records" -allowed-signers "$work/allowed_signers"
go run ./scripts/genrecords -n $((N / 10)) -o "$work/small" -allowed-signers "$work/allowed_signers"
"$work/lia" schema > "$work/lia.schema.json"

# run CMD... prints "seconds peak-KiB" for one run of CMD; its exit code is ignored
# (validate exits 1 when records fail the policy, which is not a benchmark failure).
run() {
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "%e %M" -o "$work/t" "$@" >"$work/out" 2>&1 || true
    cat "$work/t"
  else
    local s e
    s=$(date +%s.%N); "$@" >"$work/out" 2>&1 || true; e=$(date +%s.%N)
    echo "$(echo "$e - $s" | bc) ?"
  fi
}
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'; }

checks=(--format json --expires-within 30d --allowed-signers "$work/allowed_signers" --require-signatures 1 --require-role dpo)
read -r lia_s lia_kb < <(run "$work/lia" validate "${checks[@]}" "$work/records")
grep -q '"files": *'"$N" "$work/out" && grep -q '"signatures": *"verified"' "$work/out" && ! grep -q '"check": *"\(bad-signature\|unknown-signer\|missing-signature\|missing-role\)"' "$work/out" ||
  { echo "lia validate did not check and verify $N files:"; head -c 600 "$work/out"; exit 1; }
read -r small_s small_kb < <(run "$work/lia" validate "${checks[@]}" "$work/small")

have_ajv=no
if command -v npm >/dev/null && command -v node >/dev/null; then
  [ -x scripts/ajv/node_modules/.bin/ajv ] || npm ci --prefix scripts/ajv --silent --no-audit --no-fund >/dev/null 2>&1 || true
  if [ -x scripts/ajv/node_modules/.bin/ajv ]; then
    have_ajv=yes
    # --strict=false: the schema carries annotations (markdownDescription) that
    # ajv's strict mode rejects; ajv-formats checks "format": "date" and "email".
    read -r ajv_s ajv_kb < <(run scripts/ajv/node_modules/.bin/ajv validate --strict=false -c ajv-formats \
      -s "$work/lia.schema.json" -d "$work/records/*.lia.yaml")
    [ "$(grep -c ' valid$' "$work/out")" = "$N" ] || { echo "ajv-cli did not validate $N files:"; head -c 600 "$work/out"; exit 1; }
  fi
fi

have_py=no
if python3 -c 'import jsonschema, yaml' 2>/dev/null; then
  have_py=yes
  read -r py_s py_kb < <(run python3 scripts/jsonschema_validate.py "$work/lia.schema.json" "$work/records")
  grep -q "^$N valid" "$work/out" || { echo "python jsonschema did not validate $N files:"; head -c 600 "$work/out"; exit 1; }
fi

report_n=40
records=("$work/records"/*.lia.yaml)
start=$(date +%s%N)
for f in "${records[@]:0:report_n}"; do
  "$work/lia" report "$f" -o "$work/r.pdf" --force >/dev/null
done
end=$(date +%s%N)
report_ms=$(awk -v ns=$((end - start)) -v n=$report_n 'BEGIN { printf "%.1f", ns / n / 1e6 }')
read -r _ report_kb < <(run "$work/lia" report "${records[0]}" -o "$work/one.pdf")

start=$(date +%s%N)
for _ in $(seq 200); do "$work/lia" --version >/dev/null; done
end=$(date +%s%N)
startup_ms=$(awk -v ns=$((end - start)) 'BEGIN { printf "%.2f", ns / 200 / 1e6 }')
read -r _ startup_kb < <(run "$work/lia" --version)

printf '\n| measure | figure | peak memory |\n|---|---|---|\n'
printf '| lia validate, all checks, %d records | %s records/s (%.2f s) | %d MiB |\n' "$N" "$(rate "$N" "$lia_s")" "$lia_s" $((lia_kb / 1024))
printf '| lia validate, all checks, %d records | %s records/s (%.2f s) | %d MiB |\n' $((N / 10)) "$(rate $((N / 10)) "$small_s")" "$small_s" $((small_kb / 1024))
if [ "$have_ajv" = yes ]; then
  printf '| ajv-cli 5.0.0, schema only, %d records | %s records/s (%.2f s) | %d MiB |\n' "$N" "$(rate "$N" "$ajv_s")" "$ajv_s" $((ajv_kb / 1024))
  printf '| lia validate / ajv-cli | %sx |  |\n' "$(awk -v a="$ajv_s" -v b="$lia_s" 'BEGIN { printf "%.1f", a / b }')"
else
  printf '| ajv-cli | not installed: needs node and npm (npm ci --prefix scripts/ajv) |  |\n'
fi
if [ "$have_py" = yes ]; then
  printf '| python jsonschema, schema only, %d records | %s records/s (%.2f s) | %d MiB |\n' "$N" "$(rate "$N" "$py_s")" "$py_s" $((py_kb / 1024))
  printf '| lia validate / python jsonschema | %sx |  |\n' "$(awk -v a="$py_s" -v b="$lia_s" 'BEGIN { printf "%.1f", a / b }')"
else
  printf '| python jsonschema | not installed: apt-get install python3-jsonschema python3-yaml |  |\n'
fi
printf '| lia report, whole process | %s ms per record |  %d MiB |\n' "$report_ms" $((report_kb / 1024))
printf '| lia --version, start-up | %s ms |  %d MiB |\n' "$startup_ms" $((startup_kb / 1024))
