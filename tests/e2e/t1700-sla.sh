#!/usr/bin/env bash
# sop sla: the board (running and recently breached clocks), --check's exit 7, --at, --explain,
# the sla: query key of sop list, and the overdue guard of sop close. The calendar is Asia/Shanghai,
# Monday to Friday 09:00-12:00 and 13:00-18:00 (8 working hours a day); the expected figures are
# worked out in the comments.
. "$(dirname "$0")/lib.sh"
cd "$WORK"
new_repo r
cd r
cat > .sop/config.yaml <<'YAML'
version: 1
timezone: Asia/Shanghai
teams:
  - name: ops
people:
  - name: Ann Lee
    email: ann@example.com
    roles: [engineer]
calendar:
  hours:
    mon: ["09:00-12:00", "13:00-18:00"]
    tue: ["09:00-12:00", "13:00-18:00"]
    wed: ["09:00-12:00", "13:00-18:00"]
    thu: ["09:00-12:00", "13:00-18:00"]
    fri: ["09:00-12:00", "13:00-18:00"]
YAML
git add .sop/config.yaml && git commit -qm "calendar" && pass

at() { export SOP_NOW="$1"; }
mk() { # mk CHANNEL RECEIVED TITLE
    at "$2"
    "$SOP" new --title "$3" --channel "$1" --requester-name "Wang Fang" \
        --requester-contact wang@example.com --symptom "it fails" --format ids
}
ids() { run "$SOP" "$@" --format ids; printf '%s' "$OUT" | tr '\n' ' ' | sed 's/ $//'; }

# A: an e-mail on Friday 2026-11-27 16:00, never answered. 1bd = 8 h: Friday 2 h, Monday
#    09:00-12:00 and 13:00-16:00: due Monday 2026-11-30 16:00.
A=$(mk email 2026-11-27T16:00:00+08:00 "Mail bounced")
# B: a phone call on Monday 09:00, answered in 20 s, triaged level 2 for ops (3bd = 24 h).
B=$(mk phone 2026-11-30T09:00:00+08:00 "VPN down")
at 2026-11-30T09:00:20+08:00; "$SOP" respond "$B" >/dev/null || fail "respond B"
at 2026-11-30T09:05:00+08:00
"$SOP" triage "$B" --type fault --level 2 --category network --team ops >/dev/null || fail "triage B"
"$SOP" diagnose "$B" >/dev/null || fail "diagnose B"
# ... pending on the customer from Monday 12:00 to Wednesday 10:00 (paused).
at 2026-11-30T12:00:00+08:00; "$SOP" wait "$B" --on customer --reason logs >/dev/null || fail "wait B"
at 2026-12-02T10:00:00+08:00; "$SOP" resume "$B" >/dev/null || fail "resume B"

# ---- the board at Monday 2026-11-30 15:00 ----------------------------------------------
at 2026-11-30T15:00:00+08:00
expect 0 "sla" "$SOP" sla --format json
equals "clocks listed" "$(jv '" ".join(c["ticket"][:6]+":"+c["clock"] for c in d["clocks"])')" \
    "${A:0:6}:response ${A:0:6}:resolution ${B:0:6}:resolution" # warn first, paused last
# A's response: 2 h + 3 h + 2 h (13:00-15:00) = 7 h of 8: 87.5 % >= 80 %: warn, 1 h left.
equals "A response status" "$(jv '[c for c in d["clocks"] if c["clock"]=="response"][0]["status"]')" warn
equals "A response left" "$(jv '[c for c in d["clocks"] if c["clock"]=="response"][0]["remaining_seconds"]')" 3600
equals "A response due" "$(jv '[c for c in d["clocks"] if c["clock"]=="response"][0]["due"]')" "2026-11-30T16:00:00+08:00"
equals "A response business" "$(jv '[c for c in d["clocks"] if c["clock"]=="response"][0]["business"]')" true
# B's resolution: Monday 09:00-12:00 = 3 h, then paused (pending on the customer).
equals "B paused" "$(jv '[c for c in d["clocks"] if c["ticket"]=="'"$B"'"][0]["paused"]')" true
equals "B elapsed" "$(jv '[c for c in d["clocks"] if c["ticket"]=="'"$B"'"][0]["elapsed_seconds"]')" 10800
equals "B no due while paused" "$(jv '[c for c in d["clocks"] if c["ticket"]=="'"$B"'"][0]["due"]')" null
expect 0 "check: nothing breached yet" "$SOP" sla --check
equals "sla:warn" "$(ids list sla:warn)" "$A"
equals "sla:breached" "$(ids list sla:breached)" ""

# ---- at Monday 17:00 A's response has breached ---------------------------------------------
at 2026-11-30T17:00:00+08:00
expect 7 "check: A breached" "$SOP" sla --check
contains "board still printed" "$OUT" "overdue 1h"
equals "breached first" "$(head -2 <<<"$OUT" | tail -1 | awk '{print $1, $2, $NF}')" "$A response breached"
expect 0 "check narrowed to B" "$SOP" sla --check "id:$B"
equals "sla:breached" "$(ids list sla:breached)" "$A"
equals "sla:!breached" "$(ids list sla:!breached)" "$B"
expect 0 "tsv" "$SOP" sla --format tsv
equals "tsv header" "$(head -1 <<<"$OUT")" "$(printf 'ticket\tclock\tfor\ttarget\tbusiness\tstart\tstop\tdue\telapsed_seconds\tremaining_seconds\tpaused\tstatus')"
equals "tsv rows" "$(tail -n +2 <<<"$OUT" | wc -l | tr -d ' ')" 3

# --at shows the past: at Monday 15:00 nothing had breached.
expect 0 "--at the past" "$SOP" sla --check --at 2026-11-30T15:00:00+08:00
# ... and a date is its midnight in the calendar's zone: Monday 00:00, 2 h used of A's 8.
expect 0 "--at a date" "$SOP" sla --at 2026-11-30 --format json "id:$A"
equals "at midnight" "$(jv 'd["at"]')" "2026-11-30T00:00:00+08:00"
equals "A used 2 h" "$(jv '[c for c in d["clocks"] if c["clock"]=="response"][0]["elapsed_seconds"]')" 7200

# ---- explain -------------------------------------------------------------------------------
at 2026-12-02T12:00:00+08:00
expect 0 "explain B" "$SOP" sla --explain "${B:0:6}"
contains "explain: response met" "$OUT" "response (phone): met, stopped by respond"
contains "explain: the pause" "$OUT" "paused  2026-11-30 12:00 → 2026-12-02 10:00  pending on the customer"
# Resolution: 3 h Monday + Wednesday 10:00-12:00 2 h = 5 h of 24; 19 h left.
contains "explain: used" "$OUT" "used 5h of working time; 19h of working time left"
contains "explain: target" "$OUT" "target 3bd = 24h of working time on the default calendar"
expect 0 "explain json" "$SOP" sla --explain "$B" --format json
equals "segments" "$(jv '[s["running"] for s in d["clocks"][1]["segments"]]')" "[true, false, true]"

# ---- overdue close -------------------------------------------------------------------------
# A gets answered and solved on Friday 2026-12-04 at 10:00, by a direct answer at level 1
# (1bd = 8 h): since Friday 27 16:00 it used 2 + 8 + 8 + 8 + 8 + 1 = 35 h: late by 27 h.
at 2026-12-04T10:00:00+08:00
"$SOP" triage "$A" --type consultation --level 1 --category software >/dev/null || fail "triage A"
"$SOP" resolve "$A" --answer "Use the new relay." >/dev/null || fail "resolve A"
"$SOP" survey "$A" --none "no answer" >/dev/null || fail "survey A"
before=$(commits)
close() { "$SOP" close "$A" --problem p --diagnosis d --solution s --outcome o --feedback f --advice a "$@"; }
expect 3 "late close without a reason" close
contains "guard named" "$ERR" "[guard: overdue]"
contains "how late" "$ERR" "late by 27h of working time"
contains "hint" "$ERR" "--overdue-reason"
equals "nothing written" "$(commits)" "$before"
expect 0 "late close with a reason" close --overdue-reason "mail relay migration; the user was told on Monday"
grep -q '^overdue_reason: mail relay migration' "$(git ls-files "tickets/*$A.yaml")" && pass || fail "overdue_reason not recorded"
clean

# A closed, breached clock stays (both crossed their target on Monday 16:00; by name then) on the board for sla.recent (7 days), then leaves it.
expect 0 "board" "$SOP" sla "id:$A" --format json
equals "stopped breached clocks of A" "$(jv '[c["clock"]+":"+c["status"] for c in d["clocks"]]')" '["resolution:breached", "response:breached"]'
at 2026-12-12T10:00:00+08:00
expect 0 "a week later" "$SOP" sla "id:$A" --format json
equals "gone" "$(jv 'len(d["clocks"])')" 0

# ---- refusals --------------------------------------------------------------------------------
expect 2 "bad --at" "$SOP" sla --at yesterday
expect 2 "--explain with a query" "$SOP" sla --explain "$A" state:open
expect 2 "bad sla value" "$SOP" list sla:late
expect 4 "explain unknown" "$SOP" sla --explain T-ZZZZZZ
printf 'sla:\n  recent: 2bd\n' >> .sop/config.yaml && git commit -qam "bad sla"
expect 5 "business recent" "$SOP" sla
contains "names the key" "$ERR" "sla.recent"
