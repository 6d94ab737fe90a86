#!/usr/bin/env bash
# The procedure of SOP 4.1-4.4 end to end: the scenarios of the lifecycle issue, each checked
# through `sop show --format json`, the commits and their trailers, and a clean repository.
. "$(dirname "$0")/lib.sh"

new_repo "$WORK/desk"
cd "$WORK/desk" || exit 1
# A team with a senior engineer (Bo Chen) for level-3 reviews.
cat >> .sop/config.yaml <<'YAML'
YAML
python3 - <<'PY'
import re
p = ".sop/config.yaml"
s = open(p).read()
s = s.replace("people: []", """people:
  - name: Ann Lee
    email: ann@example.com
    roles: [engineer]
  - name: Bo Chen
    email: bo@example.com
    roles: [engineer, senior]""")
s = s.replace("remote_tools: []", "remote_tools: [RustDesk]")
open(p, "w").write(s)
PY
git add .sop/config.yaml && git commit -qm "team setup"

state() { "$SOP" show "$1" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["ticket"]["state"])'; }
show_json() { run "$SOP" show "$1" --format json; }
at() { export SOP_NOW="$1"; }

# ---- (a) a level-1 consultation answered and closed --------------------------------------
at 2026-11-24T09:30:00+08:00
A=$(TITLE="How do I map a network drive?" new_ticket)
act "a: triage" "$SOP" triage "$A" --type consultation --level 1 --category software --assignee me
equals "a: trailers" "$(trailer Sop-Action)/$(trailer Sop-From)/$(trailer Sop-To)" "triage/new/triaged"
act "a: respond" "$SOP" respond "$A" --via email --note "sent the steps"
act "a: resolve" "$SOP" resolve "$A" --answer "Explorer > This PC > Map network drive"
equals "a: resolved" "$(state "$A")" resolved
act "a: survey" "$SOP" survey "$A" --speed 5 --quality 5 --attitude 5 --via email
at 2026-11-24T10:00:00+08:00
act "a: close" "$SOP" close "$A" --problem "map a drive" --diagnosis "how-to question" \
    --solution "sent the steps" --outcome "drive mapped" --feedback "thanks" --advice "see KB"
equals "a: trailers" "$(trailer Sop-Action)/$(trailer Sop-From)/$(trailer Sop-To)" "close/resolved/closed"
show_json "$A"
equals "a: closed" "$(jv 'd["ticket"]["state"]')" closed
equals "a: answer" "$(jv 'd["ticket"]["answer"]')" "Explorer > This PC > Map network drive"
equals "a: summary" "$(jv 'sorted(d["ticket"]["summary"])')" '["advice", "diagnosis", "feedback", "outcome", "problem", "solution"]'
equals "a: responded_at" "$(jv 'd["ticket"]["responded_at"]')" "2026-11-24T09:30:00+08:00"
equals "a: assignee" "$(jv 'd["ticket"]["assignee"]')" "Ann Lee <ann@example.com>"
equals "a: actions" "$(jv '[e["action"] for e in d["ticket"]["events"]]')" '["new", "triage", "respond", "resolve", "survey", "close"]'
run "$SOP" log "$A"
equals "a: log has one line per action (and a header)" "$(printf '%s\n' "$OUT" | wc -l)" 7

# ---- (b) a level-2 fault: remote session, confirmed plan, backup, failed verification,
#          rollback, second plan, pass, survey, close --------------------------------------
at 2026-11-24T11:00:00+08:00
B=$(TITLE="Orders export fails" SYMPTOM="Nightly export job exits with E1234" new_ticket)
act "b: triage" "$SOP" triage "$B" --type fault --level 2 --category software --team ops
act "b: respond" "$SOP" respond "$B"
act "b: diagnose" "$SOP" diagnose "$B"
act "b: remote" "$SOP" remote "$B" --consent verbal --granted-by "Wang Fang" \
    --purpose "read the job's logs" --scope "export server, read only" --tool RustDesk \
    --safeguards "no changes; session recorded"
act "b: finding" "$SOP" diagnose "$B" --note "disk full on /var/export"
act "b: remote end" "$SOP" remote "$B" --end --note "logs copied"
act "b: plan 1" "$SOP" plan "$B" --step "move old exports to archive storage" \
    --step "restart the export service" --risk "service restart stops exports" \
    --mitigation "run off-peak" --touches data,restart --rollback "move the files back" \
    --window 2026-11-24T12:00:00+08:00/2026-11-24T14:00:00+08:00 --resources "ops on call"
act "b: confirm" "$SOP" confirm "$B" --by "Wang Fang" --via phone
at 2026-11-24T12:30:00+08:00
act "b: implement with backup" "$SOP" implement "$B" --backup "snapshot of /var/export"
act "b: verify fails" "$SOP" verify "$B" --fail --steps "ran the export by hand" --result "E1234 again"
equals "b: back to diagnosing" "$(state "$B")" diagnosing
# A failed verification is followed by a new plan; rollback comes from implementing.
act "b: plan 2" "$SOP" plan "$B" --step "grow the volume" --risk "resize stalls I/O" \
    --mitigation "off-peak, one step at a time" --touches data --rollback "shrink back" \
    --window 2026-11-24T12:00:00+08:00/2026-11-24T14:00:00+08:00
act "b: confirm 2" "$SOP" confirm "$B" --by "Wang Fang"
act "b: implement 2" "$SOP" implement "$B" --backup "volume snapshot"
act "b: rollback" "$SOP" rollback "$B" --reason "resize stalled I/O"
equals "b: rollback returns to diagnosing" "$(state "$B")" diagnosing
act "b: plan 3" "$SOP" plan "$B" --step "add a second volume" --risk "mount fails" \
    --mitigation "test mount first" --touches data --rollback "unmount" \
    --window 2026-11-24T12:00:00+08:00/2026-11-24T14:00:00+08:00
act "b: confirm 3" "$SOP" confirm "$B" --by "Wang Fang"
act "b: implement 3" "$SOP" implement "$B" --backup "volume snapshot"
act "b: verify passes" "$SOP" verify "$B" --pass --steps "ran the export; checked the file" \
    --result "export complete" --feedback "works"
equals "b: resolved" "$(state "$B")" resolved
act "b: survey" "$SOP" survey "$B" --speed 4 --quality 5 --attitude 5
act "b: close" "$SOP" close "$B" --problem "export failed" --diagnosis "disk full" \
    --solution "second volume" --outcome "exports run" --feedback "happy" --advice "monitor disk"
show_json "$B"
equals "b: plan revision" "$(jv 'd["ticket"]["plan"]["revision"]')" 3
equals "b: plan confirmed" "$(jv 'd["ticket"]["plan"]["confirmation"]["by"]')" "Wang Fang"
equals "b: backup recorded" "$(jv 'd["ticket"]["plan"]["implementation"]["backup"]')" "volume snapshot"
equals "b: verifications" "$(jv '[v["passed"] for v in d["ticket"]["verifications"]]')" '[false, true]'
equals "b: remote session closed" "$(jv '[("ended_at" in s) for s in d["ticket"]["remote_sessions"]]')" '[true]'
equals "b: consent" "$(jv 'd["ticket"]["remote_sessions"][0]["consent"]')" verbal
equals "b: diagnosis" "$(jv 'd["ticket"]["diagnosis"][0]["note"]')" "disk full on /var/export"
equals "b: level unchanged (one failure < 2)" "$(jv 'd["ticket"]["level"]')" 2
equals "b: rollback in the log" "$(jv '[e["action"] for e in d["ticket"]["events"]].count("rollback")')" 1
run git log --format=%s -n 3
contains "b: commit subjects" "$OUT" "$B: closed: second volume"

# ---- (c) a level-3 close refused without a senior reviewer, accepted with one ------------
at 2026-11-25T09:00:00+08:00
C=$(TITLE="Cluster failover slow" new_ticket)
"$SOP" triage "$C" --type fault --level 3 --category cloud --team cloud >/dev/null
"$SOP" diagnose "$C" >/dev/null
"$SOP" plan "$C" --step "tune the health check" --risk "false failovers" --mitigation "watch" >/dev/null
"$SOP" implement "$C" >/dev/null
"$SOP" verify "$C" --pass --steps "failover drill" >/dev/null
"$SOP" survey "$C" --none "the user declined" >/dev/null
CLOSE=(--problem p --diagnosis d --solution s --outcome o --feedback f --advice a)
before=$(commits)
expect 3 "c: close without a reviewer" "$SOP" close "$C" "${CLOSE[@]}"
contains "c: guard named" "$ERR" "[guard: senior-review]"
expect 3 "c: the closer cannot review" "$SOP" close "$C" "${CLOSE[@]}" --reviewed-by "Ann Lee"
expect 3 "c: reviewer must be senior" "$SOP" close "$C" "${CLOSE[@]}" --reviewed-by "Someone Else"
equals "c: no commit" "$(commits)" "$before"
clean
act "c: close with a senior reviewer" "$SOP" close "$C" "${CLOSE[@]}" --reviewed-by bo@example.com
equals "c: Reviewed-by trailer" "$(trailer Reviewed-by)" "Bo Chen <bo@example.com>"
show_json "$C"
equals "c: reviewer in summary" "$(jv 'd["ticket"]["summary"]["reviewed_by"]')" "Bo Chen <bo@example.com>"
equals "c: no survey, with reason" "$(jv 'd["ticket"]["survey"]["none"]')" "the user declined"

# ---- (d) two failed verifications raise the level ------------------------------------------
D=$(TITLE="Laptop dock flickers" new_ticket)
"$SOP" triage "$D" --type fault --level 2 --category hardware --team hardware >/dev/null
"$SOP" diagnose "$D" >/dev/null
for n in 1 2; do
    "$SOP" plan "$D" --step "swap cable $n" --risk "none known" --mitigation "-" >/dev/null
    "$SOP" implement "$D" >/dev/null
    act "d: verification $n fails" "$SOP" verify "$D" --fail --steps "watched for 10 min"
done
contains "d: subject says the level rose" "$(git log -1 --format=%s)" "level raised to 3"
show_json "$D"
equals "d: level 3" "$(jv 'd["ticket"]["level"]')" 3
equals "d: the escalation is its own event" "$(jv '[(e["action"], e.get("auto")) for e in d["ticket"]["events"][-2:]]')" '[["verify", null], ["escalate", true]]'
"$SOP" plan "$D" --step "replace the dock" --risk "none known" --mitigation "-" >/dev/null
"$SOP" implement "$D" >/dev/null
"$SOP" verify "$D" --fail --steps "watched" >/dev/null
show_json "$D"
equals "d: a third failure alone does not raise it again" "$(jv 'd["ticket"]["level"]')" 3

# ---- (e) a duplicate cancelled -------------------------------------------------------------
E=$(TITLE="Export fails again" new_ticket)
act "e: cancel as duplicate" "$SOP" cancel "$E" --reason "same as the export ticket" --duplicate-of "${B:0:8}"
show_json "$E"
equals "e: cancelled" "$(jv 'd["ticket"]["state"]')" cancelled
equals "e: duplicate_of is the full ID" "$(jv 'd["ticket"]["links"]["duplicate_of"]')" "$B"
equals "e: trailers" "$(trailer Sop-From)/$(trailer Sop-To)" "new/cancelled"

# ---- (f) a reopen -----------------------------------------------------------------------------
at 2026-12-01T09:00:00+08:00
act "f: reopen within 30 days" "$SOP" reopen "$A" --reason "drive disappears after reboot"
show_json "$A"
equals "f: diagnosing" "$(jv 'd["ticket"]["state"]')" diagnosing
equals "f: old survey moved to the log" "$(jv '"survey" in d["ticket"]')" false
equals "f: trailers" "$(trailer Sop-From)/$(trailer Sop-To)" "closed/diagnosing"
"$SOP" resolve "$A" --answer "tick 'reconnect at sign-in'" >/dev/null
"$SOP" survey "$A" --speed 5 --quality 4 --attitude 5 >/dev/null
"$SOP" close "$A" "${CLOSE[@]}" >/dev/null
at 2027-01-15T09:00:00+08:00
expect 3 "f: reopen after 30 days is refused" "$SOP" reopen "$A" --reason again
contains "f: guard" "$ERR" "[guard: reopen-window]"
contains "f: hint says what to do" "$ERR" "sop link NEW --related $A"

# ---- wait / resume, link, escalate, assign, route ---------------------------------------------
at 2027-01-15T10:00:00+08:00
F=$(TITLE="Need a new VPN profile" new_ticket)
"$SOP" triage "$F" --type requirement --level 1 --category network >/dev/null
"$SOP" diagnose "$F" >/dev/null
act "wait on the customer" "$SOP" wait "$F" --on customer --reason "needs the device serial"
equals "pending" "$(state "$F")" pending
act "resume" "$SOP" resume "$F" --note "serial received"
equals "resumes where it was" "$(state "$F")" diagnosing
act "link related" "$SOP" link "$F" --related "$D"
equals "both tickets changed in one commit" "$(git show --format= --name-only HEAD | wc -l)" 2
run "$SOP" show "$D" --format json
equals "the other ticket links back" "$(jv 'd["ticket"]["links"]["related"]')" "[\"$F\"]"
act "route" "$SOP" route "$F" --team ops --reason "needs the VPN gateway"
act "escalate" "$SOP" escalate "$F" --reason "gateway change needs ops"
show_json "$F"
equals "escalated" "$(jv 'd["ticket"]["level"]')" 2
act "escalate to a major incident" "$SOP" escalate "$F" --level 4 --reason "all VPN users down"
show_json "$F"
equals "level 4 has an incident section" "$(jv 'd["ticket"]["incident"]["declared_at"]')" "2027-01-15T10:00:00+08:00"
run "$SOP" list level:4 --format ids
equals "list level:4 finds it" "$OUT" "$F"
act "assign" "$SOP" assign "$F" bo@example.com
show_json "$F"
equals "assignee from the config" "$(jv 'd["ticket"]["assignee"]')" "Bo Chen <bo@example.com>"
expect 5 "assignee not in the config" "$SOP" assign "$F" "Nobody Known"

# JSON output of a verb: the ticket and the commit.
run "$SOP" note "$F" "checked the gateway" --format json 2>/dev/null
run "$SOP" respond "$F" --format json
equals "json envelope" "$(jv 'd["schema"]')" "sop/v1"
equals "json commit is HEAD" "$(jv 'd["commit"]')" "$(git rev-parse HEAD)"

# ---- (g) archive, then show / log / list of the archived ticket ------------------------------
at 2027-01-16T09:00:00+08:00
act "g: archive the closed export ticket" "$SOP" archive "$B"
equals "g: archive trailer" "$(trailer Sop-Action)" archive
lacks "g: gone from the working tree" "$(git ls-files)" "$B"
expect 0 "g: show an archived ticket" "$SOP" show "${B:0:9}"
contains "g: show says archived" "$OUT" "archived"
contains "g: show has the summary" "$OUT" "second volume"
run "$SOP" show "$B" --format json
equals "g: json says archived" "$(jv 'd["archived"]')" true
equals "g: state kept" "$(jv 'd["ticket"]["state"]')" closed
expect 0 "g: log of an archived ticket" "$SOP" log "$B"
contains "g: log starts at intake" "$OUT" "new ticket"
contains "g: log has the rollback" "$OUT" "rollback"
contains "g: log ends with the archive" "$(printf '%s\n' "$OUT" | tail -1)" "archive"
run "$SOP" list --format ids
contains "g: list sees archived tickets" "$OUT" "$B"
run "$SOP" list --no-archive --format ids
lacks "g: --no-archive skips them" "$OUT" "$B"
expect 3 "g: an archived ticket is read-only" "$SOP" note "$B" "more"
contains "g: says why" "$ERR" "archived"
act "g: link a live ticket to an archived one" "$SOP" link "$F" --related "$B"
equals "g: one file changed (the archive is read-only)" "$(git show --format= --name-only HEAD | wc -l)" 1
G=$(TITLE="Export fails yet again" new_ticket)
act "g: a duplicate of an archived ticket" "$SOP" cancel "$G" --reason dup --duplicate-of "$B"
