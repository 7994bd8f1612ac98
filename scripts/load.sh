#!/usr/bin/env bash
# Load test (issue 6, item 12): builds the app in Release, starts it in Development (demo data and demo accounts) on
# its own temporary data folder and a free loopback port, logs in, and measures four pages with Debian's wrk:
#   - the login page (anonymous),
#   - the home page (the Vimeu buyer),
#   - the Vimeu buyer's needs form in the open ENT campaign,
#   - the officer's aggregation of the closed telecom campaign.
# First a warm-up of every page (WARMUP_SECONDS each) and the app's VmRSS; then for each page the measured run
# (LOAD_SECONDS) at LOAD_CONNECTIONS connections with --latency, with the app's VmRSS and CPU time before and after.
# Prints a Markdown table; exits non-zero when a page answered anything but 2xx (a 3xx would mean the session was lost,
# a 4xx/5xx a defect), when a connection failed, or when the app's resident memory at the end exceeds the one after
# the warm-up by more than LOAD_MAX_GROWTH_PERCENT. The memory verdict spans the whole run rather than each page: a
# leak accumulates over the pages, while one page's figures swing by ±20 % as the server GC grows and trims its heaps
# (measured: -16 % to +21 % per page, no leak).
#
# Settings (environment): LOAD_SECONDS (30), WARMUP_SECONDS (5), LOAD_CONNECTIONS (64), LOAD_THREADS (2),
# LOAD_ROUNDS (1: with more, every page is measured that many times and the needs-form/home ratio's median is shown),
# LOAD_PAGES (login home form aggregation), LOAD_MAX_GROWTH_PERCENT (20), LOAD_SKIP_BUILD (0: 1 reuses the Release build),
# LOAD_KEEP (0: 1 keeps the temporary folder with the app's log and wrk's raw output).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT="$(pwd)"

LOAD_SECONDS="${LOAD_SECONDS:-30}"
WARMUP_SECONDS="${WARMUP_SECONDS:-5}"
LOAD_CONNECTIONS="${LOAD_CONNECTIONS:-64}"
LOAD_THREADS="${LOAD_THREADS:-2}"
LOAD_ROUNDS="${LOAD_ROUNDS:-1}"
LOAD_PAGES="${LOAD_PAGES:-login home form aggregation}"
LOAD_MAX_GROWTH_PERCENT="${LOAD_MAX_GROWTH_PERCENT:-20}"
LOAD_SKIP_BUILD="${LOAD_SKIP_BUILD:-0}"
LOAD_KEEP="${LOAD_KEEP:-0}"

PASSWORD='Demo!2026-procurement'
BUYER='acheteur.vimeu@demo.local'
OFFICER='marches@demo.local'
PROJECT="$ROOT/src/ProcurementGroup.Web"
APP_DLL="$PROJECT/bin/Release/net10.0/ProcurementGroup.Web.dll"

export DOTNET_NOLOGO=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1

for tool in wrk curl python3 dotnet; do
    if ! command -v "$tool" >/dev/null; then
        echo "load.sh: $tool is required (Debian: apt-get install wrk curl python3)" >&2
        exit 2
    fi
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/pg-load.XXXXXX")"
APP_PID=""
stop_app() {
    if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
        kill -TERM "$APP_PID" 2>/dev/null || true
        for _ in $(seq 1 50); do
            kill -0 "$APP_PID" 2>/dev/null || break
            sleep 0.2
        done
        kill -KILL "$APP_PID" 2>/dev/null || true
        wait "$APP_PID" 2>/dev/null || true
    fi
    if [[ "$LOAD_KEEP" == "1" ]]; then
        echo "load.sh: kept $WORK" >&2
    else
        rm -rf "$WORK"
    fi
}
trap stop_app EXIT

fail() {
    echo "load.sh: $*" >&2
    if [[ -f "$WORK/app.log" ]]; then
        echo "--- last lines of the app's log" >&2
        tail -n 40 "$WORK/app.log" >&2
    fi
    exit 1
}

if [[ "$LOAD_SKIP_BUILD" != "1" ]]; then
    echo "== Build (Release)"
    dotnet build "$PROJECT" -c Release -v q -nologo </dev/null
fi
[[ -f "$APP_DLL" ]] || fail "$APP_DLL not found: build the app in Release first"

PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
BASE="http://127.0.0.1:$PORT"

echo "== Start the app on $BASE (Development, data in $WORK)"
# The content root is the project folder, as with dotnet run; the databases live in the temporary folder, so the demo
# data is seeded afresh and nothing of a developer's own database is touched.
(
    cd "$PROJECT"
    ASPNETCORE_ENVIRONMENT=Development \
    Database__Provider=Sqlite \
    Database__SqlitePath="$WORK/procurement.db" \
    Database__HangfireSqlitePath="$WORK/hangfire.db" \
    Logging__LogLevel__Default=Warning \
    exec dotnet "$APP_DLL" --urls "$BASE"
) >"$WORK/app.log" 2>&1 </dev/null &
APP_PID=$!

for _ in $(seq 1 240); do
    if curl -fsS -o /dev/null "$BASE/health" 2>/dev/null; then
        break
    fi
    kill -0 "$APP_PID" 2>/dev/null || fail "the app stopped during start-up"
    sleep 0.5
done
curl -fsS -o /dev/null "$BASE/health" || fail "/health did not answer 200 within 120 s"

rss_kb() {
    awk '/^VmRSS:/ { print $2 }' "/proc/$APP_PID/status"
}

# The app's CPU time so far (user + system, in clock ticks): fields 14 and 15 of /proc/PID/stat, counted after the
# command name's closing parenthesis since the name may hold spaces.
cpu_ticks() {
    sed 's/^.*) //' "/proc/$APP_PID/stat" | awk '{ print $12 + $13 }'
}
TICKS_PER_SECOND="$(getconf CLK_TCK)"

# Logs in as a browser would: the login form's antiforgery token and cookie, then the POST; prints a Cookie header value.
login() {
    local email="$1" jar="$WORK/cookies-${1%%@*}.txt" token status
    token="$(curl -fsS -c "$jar" -b "$jar" "$BASE/Account/Login" \
        | grep -o '<input[^>]*name="__RequestVerificationToken"[^>]*>' | head -n 1 | grep -o 'value="[^"]*"' | sed 's/^value="\(.*\)"$/\1/')"
    [[ -n "$token" ]] || fail "no antiforgery token in the login form"
    status="$(curl -sS -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" \
        --data-urlencode "Email=$email" --data-urlencode "Password=$PASSWORD" \
        --data-urlencode "__RequestVerificationToken=$token" "$BASE/Account/Login")"
    [[ "$status" == "302" ]] || fail "login as $email answered $status instead of a redirect"
    # Netscape cookie jar: HttpOnly cookies are prefixed "#HttpOnly_"; name is field 6, value field 7.
    sed 's/^#HttpOnly_//' "$jar" | awk -F '\t' 'NF >= 7 && $1 !~ /^#/ { printf "%s%s=%s", sep, $6, $7; sep = "; " }'
}

# The first href matching a pattern in a page fetched with a cookie.
find_link() {
    local cookie="$1" page="$2" pattern="$3"
    curl -fsS -H "Cookie: $cookie" "$BASE$page" | grep -oE "$pattern" | head -n 1 | sed -E 's/^href="([^"]*)".*/\1/'
}

echo "== Log in"
BUYER_COOKIE="$(login "$BUYER")"
OFFICER_COOKIE="$(login "$OFFICER")"

# The buyer's form in the open ENT campaign, and the closed telecom campaign's id, read from the app's own lists.
FORM_URL="$(find_link "$BUYER_COOKIE" /NeedsForms 'href="/NeedsForms/Edit/[0-9]+">ENT ')"
[[ -n "$FORM_URL" ]] || fail "no ENT needs form in the buyer's list /NeedsForms"
OFFICER_URL="$(find_link "$OFFICER_COOKIE" /NeedsForms 'href="/NeedsForms/Officer/[0-9]+">T[^<]*communications')"
[[ -n "$OFFICER_URL" ]] || fail "no telecom campaign in the officer's list /NeedsForms"
AGGREGATION_URL="/Aggregation/${OFFICER_URL##*/}"

# wrk script: counts the answers by status in every thread, then prints one machine-readable summary.
cat >"$WORK/count.lua" <<'LUA'
local threads = {}

function setup(thread)
    table.insert(threads, thread)
end

function init(args)
    statuses = {}
end

function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
    local counts = {}
    for _, thread in ipairs(threads) do
        for status, n in pairs(thread:get("statuses")) do
            counts[status] = (counts[status] or 0) + n
        end
    end
    local by_status = {}
    local not_2xx = 0
    for status, n in pairs(counts) do
        table.insert(by_status, status .. ":" .. n)
        if status < 200 or status > 299 then
            not_2xx = not_2xx + n
        end
    end
    table.sort(by_status)
    local e = summary.errors
    io.write(string.format("LOADRESULT %d %.1f %.0f %d %d %d %s\n",
        summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(99),
        not_2xx, e.connect + e.read + e.write, e.timeout, table.concat(by_status, ",")))
end
LUA

declare -A PAGE_URL=([login]=/Account/Login [home]=/ [form]="$FORM_URL" [aggregation]="$AGGREGATION_URL")
declare -A PAGE_COOKIE=([login]="" [home]="$BUYER_COOKIE" [form]="$BUYER_COOKIE" [aggregation]="$OFFICER_COOKIE")
declare -A PAGE_NAME=([login]="Login (anonymous)" [home]="Home (buyer)" [form]="Needs form (buyer, ENT)" [aggregation]="Aggregation (officer, telecom)")

for page in $LOAD_PAGES; do
    [[ -n "${PAGE_URL[$page]+x}" ]] || fail "unknown page '$page' in LOAD_PAGES (login home form aggregation)"
    args=(-sS -o /dev/null -w '%{http_code}')
    [[ -z "${PAGE_COOKIE[$page]}" ]] || args+=(-H "Cookie: ${PAGE_COOKIE[$page]}")
    status="$(curl "${args[@]}" "$BASE${PAGE_URL[$page]}")"
    [[ "$status" == "200" ]] || fail "GET ${PAGE_URL[$page]} answered $status before the load"
done

run_wrk() {
    local page="$1" seconds="$2" out="$3"
    local args=(-t "$LOAD_THREADS" -c "$LOAD_CONNECTIONS" -d "${seconds}s" --latency -s "$WORK/count.lua")
    [[ -z "${PAGE_COOKIE[$page]}" ]] || args+=(-H "Cookie: ${PAGE_COOKIE[$page]}")
    wrk "${args[@]}" "$BASE${PAGE_URL[$page]}" >"$out" 2>&1 || fail "wrk failed on ${PAGE_URL[$page]}: $(cat "$out")"
}

echo "== Load: $LOAD_CONNECTIONS connections, $LOAD_THREADS threads, ${WARMUP_SECONDS} s warm-up then ${LOAD_SECONDS} s per page, $LOAD_ROUNDS round(s)"
echo "   machine: $(nproc) cores, load average $(cut -d ' ' -f 1-3 /proc/loadavg) at the start"
failed=0
first_rss=""
rows=()
ratios=()
cpu_ratios=()
for round in $(seq 1 "$LOAD_ROUNDS"); do
    declare -A rps=() cpu=()
    # Every page is warmed up before any is measured, so that the memory baseline is that of an app which has served
    # the whole mix (JIT done, caches filled, GC heaps sized for it), not only the first page.
    for page in $LOAD_PAGES; do
        run_wrk "$page" "$WARMUP_SECONDS" "$WORK/warmup-$round-$page.txt"
    done
    first_rss="${first_rss:-$(rss_kb)}"
    for page in $LOAD_PAGES; do
        before="$(rss_kb)"
        cpu_before="$(cpu_ticks)"
        run_wrk "$page" "$LOAD_SECONDS" "$WORK/run-$round-$page.txt"
        cpu_after="$(cpu_ticks)"
        after="$(rss_kb)"
        read -r _ requests rate p99_us not_2xx socket timeouts statuses \
            < <(grep '^LOADRESULT ' "$WORK/run-$round-$page.txt") || fail "no result from wrk: $(cat "$WORK/run-$round-$page.txt")"
        rps[$page]="$rate"
        # The app's CPU time per answered request: unlike requests per second, it barely depends on what else the
        # machine is running at the time, so it compares pages (and versions) measured on a busy machine.
        cpu_ms="$(awk -v t="$((cpu_after - cpu_before))" -v hz="$TICKS_PER_SECOND" -v n="$requests" 'BEGIN { printf "%.2f", (n > 0 ? t * 1000 / hz / n : 0) }')"
        cpu[$page]="$cpu_ms"
        growth="$(awk -v a="$after" -v b="$before" 'BEGIN { printf "%+.1f", (a - b) * 100 / b }')"
        verdict="ok"
        if (( not_2xx > 0 || socket > 0 )); then
            verdict="ERRORS"
            failed=1
        fi
        p99_ms="$(awk -v u="$p99_us" 'BEGIN { printf "%.1f", u / 1000 }')"
        rows+=("| $round | ${PAGE_NAME[$page]} | \`${PAGE_URL[$page]}\` | $rate | $p99_ms | $cpu_ms | $requests | $not_2xx | $socket / $timeouts | $statuses | $((before / 1024)) | $((after / 1024)) | $growth % | $verdict |")
    done
    if [[ -n "${rps[form]:-}" && -n "${rps[home]:-}" ]]; then
        ratios+=("$(awk -v f="${rps[form]}" -v h="${rps[home]}" 'BEGIN { printf "%.1f", f * 100 / h }')")
        cpu_ratios+=("$(awk -v f="${cpu[form]}" -v h="${cpu[home]}" 'BEGIN { printf "%.1f", (f > 0 ? h * 100 / f : 0) }')")
    fi
    unset rps cpu
done
last_rss="$(rss_kb)"
total_growth="$(awk -v a="$last_rss" -v b="$first_rss" 'BEGIN { printf "%+.1f", (a - b) * 100 / b }')"
memory_verdict="within $LOAD_MAX_GROWTH_PERCENT %"
if (( last_rss * 100 > first_rss * (100 + LOAD_MAX_GROWTH_PERCENT) )); then
    memory_verdict="MORE THAN $LOAD_MAX_GROWTH_PERCENT %"
    failed=1
fi

echo
echo "Load average at the end: $(cut -d ' ' -f 1-3 /proc/loadavg) ($(nproc) cores)"
echo
echo "| Round | Page | URL | Requests/s | p99 (ms) | App CPU per request (ms) | Requests | Errors (not 2xx) | Socket errors / timeouts | Answers by status | RSS before run (MB) | RSS after run (MB) | Growth | Verdict |"
echo "|---:|---|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---|"
printf '%s\n' "${rows[@]}"
echo
echo "Memory (VmRSS): $((first_rss / 1024)) MB after the warm-up, $((last_rss / 1024)) MB at the end ($total_growth %, $memory_verdict)."
if (( ${#ratios[@]} > 0 )); then
    median="$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')"
    echo
    cpu_median="$(printf '%s\n' "${cpu_ratios[@]}" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')"
    echo "Needs form / home throughput: $(printf '%s %% ' "${ratios[@]}")(median $median %)"
    echo "Needs form / home by the app's CPU per request (home's CPU / form's CPU): $(printf '%s %% ' "${cpu_ratios[@]}")(median $cpu_median %)"
fi

if (( failed )); then
    echo "load.sh: FAILED (answers other than 2xx, connection errors, or memory grew by more than $LOAD_MAX_GROWTH_PERCENT %)" >&2
    exit 1
fi
echo "load.sh: passed (0 errors, memory within $LOAD_MAX_GROWTH_PERCENT % of the warm-up)"
