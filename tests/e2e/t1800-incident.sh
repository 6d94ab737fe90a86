#!/usr/bin/env bash
# A major incident end to end (SOP 4.5), with a fixed clock per command: declared on Friday
# 2026-11-27 09:00, three customer updates with one gap of 75 min (the update cadence breaches at
# 60 min), mitigation, resolution on the Friday at 12:15, the review clock due on the next
# Wednesday at 12:15 (3 business days of Mon-Fri 09:00-18:00, Asia/Shanghai), review, the report
# (checked against tests/golden/incident-report.md), approval by a manager only, close. Then the
# local notify hook, which a repository cannot set for itself.
# SOP_UPDATE_GOLDEN=1 rewrites the golden file from this run.
. "$(dirname "$0")/lib.sh"
GOLDEN="$SOP_SOURCE_DIR/tests/golden/incident-report.md"

new_repo "$WORK/desk"
cd "$WORK/desk" || exit 1
cat > .sop/config.yaml <<'YAML'
version: 1
timezone: Asia/Shanghai
teams:
  - name: support
    lead: li@example.com
  - name: rnd
    lead: ravi@example.com
  - name: ops
    lead: olga@example.com
people:
  - {name: Ann Lee, email: ann@example.com, roles: [engineer]}
  - {name: Bo Chen, email: bo@example.com, roles: [engineer, senior]}
  - {name: Li Wei, email: li@example.com, roles: [lead]}
  - {name: Ravi Kumar, email: ravi@example.com, roles: [lead]}
  - {name: Olga Petrova, email: olga@example.com, roles: [lead]}
  - {name: Mia Wong, email: mia@example.com, roles: [manager]}
calendar:
  hours:
    mon: ["09:00-18:00"]
    tue: ["09:00-18:00"]
    wed: ["09:00-18:00"]
    thu: ["09:00-18:00"]
    fri: ["09:00-18:00"]
YAML
git add .sop/config.yaml && git commit -qm "team setup"

at() { export SOP_NOW="$1"; }
# refused GUARD DESCRIPTION CMD...: exit 3 naming the guard, nothing written.
refused() {
    local guard=$1 what=$2 before; shift 2
    before=$(commits)
    expect 3 "$what" "$@"
    contains "$what: names the guard" "$ERR" "[guard: $guard]"
    equals "$what: no commit" "$(commits)" "$before"
    clean
}
ok() { "$@" >/dev/null 2>&1 || fail "setup: $*"; }
show_json() { run "$SOP" show "$1" --format json; }
# clock NAME: the clock NAME of $T on the board `sop sla --format json` (in $OUT), as JSON.
clock() { jv "[c for c in d['clocks'] if c['ticket'] == '$T' and c['clock'] == '$1'][0]"; }
clock_field() { jv "[c for c in d['clocks'] if c['ticket'] == '$T' and c['clock'] == '$1'][0]['$2']"; }

# ---- intake: Friday 2026-11-27 08:50, a phone call ------------------------------------------
at 2026-11-27T08:50:00+08:00
T=$("$SOP" new --title "Orders cannot be placed in any store" --channel phone \
    --requester-name "Wang Fang" --requester-contact "+86 21 5555 0100" \
    --requester-org "Acme Retail" --requester-kind customer \
    --symptom "Checkout fails with error 503 in every store." --format ids)
ok "$SOP" triage "$T" --type fault --level 3 --category software --team support --assignee me
ok "$SOP" respond "$T" --via phone --note "We are on it and will call back within 30 minutes."

# ---- declare: guards, then the task force and the impact --------------------------------------
at 2026-11-27T09:00:00+08:00
refused incident "an update before the declaration" "$SOP" incident update "$T" "hello"
refused task-force "declare without a lead" "$SOP" incident declare "$T" \
    --impact-start 2026-11-27T08:40:00+08:00 --scope "all stores"
refused impact "declare without the scope" "$SOP" incident declare "$T" --lead bo@example.com \
    --impact-start 2026-11-27T08:40:00+08:00
expect 2 "a role that is not ROLE=WHO" "$SOP" incident declare "$T" --lead bo@example.com \
    --impact-start 2026-11-27T08:40:00+08:00 --scope s --role diagnosis
expect 5 "a lead who is not in the config" "$SOP" incident declare "$T" --lead "Nobody Known" \
    --impact-start 2026-11-27T08:40:00+08:00 --scope s
act "declare" "$SOP" incident declare "$T" --lead bo@example.com \
    --role diagnosis=olga@example.com --role communication=me \
    --impact-start 2026-11-27T08:40:00+08:00 \
    --scope "All 120 stores: no order can be placed; store staff take orders on paper." \
    --loss "About 40,000 CNY of orders per hour"
equals "declare: trailer" "$(trailer Sop-Action)" incident-declare
show_json "$T"
equals "level 4" "$(jv 'd["ticket"]["level"]')" 4
equals "lead" "$(jv 'd["ticket"]["incident"]["lead"]')" "Bo Chen <bo@example.com>"
equals "roles" "$(jv 'd["ticket"]["incident"]["roles"]')" \
    '{"communication": "Ann Lee <ann@example.com>", "diagnosis": "Olga Petrova <olga@example.com>"}'
equals "impact start" "$(jv 'd["ticket"]["incident"]["impact"]["start"]')" "2026-11-27T08:40:00+08:00"
# Notified at once: the direct lead (support's), the R&D lead, the ops lead, management.
NOTIFIED='["Li Wei <li@example.com>", "Ravi Kumar <ravi@example.com>", "Olga Petrova <olga@example.com>", "Mia Wong <mia@example.com>"]'
equals "notified" "$(jv 'd["ticket"]["incident"]["notified"]')" "$NOTIFIED"
equals "notify event after the declaration" "$(jv '[e["action"] for e in d["ticket"]["events"][-2:]]')" \
    '["incident-declare", "notify"]'
equals "notify event people" "$(jv 'd["ticket"]["events"][-1]["people"]')" "$NOTIFIED"
expect 0 "list incident:open" "$SOP" list incident:open --format ids
equals "list incident:open finds it" "$OUT" "$T"

# ---- customer updates: 09:30 (30 min), 10:15 (45 min), 11:30 (75 min: breached) --------------
at 2026-11-27T09:30:00+08:00
act "update 1" "$SOP" incident update "$T" \
    "The orders database is failing; we are working on it. Next update by 10:30." --next 60min
at 2026-11-27T10:15:00+08:00
act "update 2" "$SOP" incident update "$T" "We are failing over to the standby database." \
    --next 45min
expect 2 "--next in business time" "$SOP" incident update "$T" "x" --next 1bh
at 2026-11-27T10:50:00+08:00
expect 0 "sla at 10:50" "$SOP" sla --format json
equals "update#3 warns after 30 min" "$(clock_field 'update#3' status)" warn
equals "update#3 due at 11:15" "$(clock_field 'update#3' due)" "2026-11-27T11:15:00+08:00"
at 2026-11-27T11:30:00+08:00
act "update 3" "$SOP" incident update "$T" "Orders are accepted again in most stores."
at 2026-11-27T11:35:00+08:00
expect 0 "sla at 11:35" "$SOP" sla --format json
equals "update#3 breached" "$(clock_field 'update#3' status)" breached
equals "update#3 from update 2" "$(clock_field 'update#3' start)" "2026-11-27T10:15:00+08:00"
equals "update#3 stopped by update 3" "$(clock_field 'update#3' stop)" "2026-11-27T11:30:00+08:00"
equals "update#3 75 min" "$(clock_field 'update#3' elapsed_seconds)" 4500
equals "update#4 runs" "$(clock_field 'update#4' running)" true
equals "the gaps in time are not listed" \
    "$(jv "[c['clock'] for c in d['clocks'] if c['clock'] in ('update#1', 'update#2')]")" "[]"
expect 0 "sla --explain" "$SOP" sla --explain "$T" --format json
equals "every gap, in order" "$(jv '[c["clock"] + ":" + c["status"] for c in d["clocks"] if c["kind"] == "update"]')" \
    '["update#1:ok", "update#2:ok", "update#3:breached", "update#4:ok"]'

# ---- mitigation, resolution on the Friday ---------------------------------------------------
at 2026-11-27T11:40:00+08:00
refused backup "mitigate without a backup" "$SOP" incident mitigate "$T" "failed over"
refused incident-end "review before the end" "$SOP" incident review "$T" \
    --held-at 2026-11-27T11:40:00+08:00 --attendees ann@example.com --root-cause x
act "mitigate" "$SOP" incident mitigate "$T" \
    "Failed over to the standby database; order entry runs in degraded mode." \
    --backup "Snapshot of the primary database taken at 10:20"
at 2026-11-27T12:15:00+08:00
refused verification "resolve without saying how it was verified" "$SOP" incident resolve "$T"
act "resolve" "$SOP" incident resolve "$T" \
    --verified "Test orders placed and paid in three stores; stock levels checked."
equals "resolve: trailers" "$(trailer Sop-From)/$(trailer Sop-To)" "triaged/resolved"
show_json "$T"
equals "resolved" "$(jv 'd["ticket"]["state"]')" resolved
equals "impact end" "$(jv 'd["ticket"]["incident"]["impact"]["end"]')" "2026-11-27T12:15:00+08:00"
refused incident "an update after the end" "$SOP" incident update "$T" "late news"
expect 0 "list incident:resolved" "$SOP" list incident:resolved --format ids
equals "list incident:resolved finds it" "$OUT" "$T"
expect 0 "list incident:open" "$SOP" list incident:open --format ids
equals "no open incident" "$OUT" ""

# The review clock: Friday 12:15 + 3 business days of 9 h = Wednesday 2026-12-02 12:15.
at 2026-11-27T12:20:00+08:00
expect 0 "sla after the end" "$SOP" sla --format json
equals "review clock due" "$(clock_field review due)" "2026-12-02T12:15:00+08:00"
equals "a Wednesday" "$(python3 -c 'import datetime,sys; print(datetime.datetime.fromisoformat(sys.argv[1]).strftime("%A"))' "$(clock_field review due)")" Wednesday
equals "review target" "$(clock_field review target)" 3bd
equals "update cadence ends with the incident" "$(jv "[c['clock'] for c in d['clocks'] if c['clock'] == 'update#5']")" "[]"

# ---- improvement actions --------------------------------------------------------------------
at 2026-11-27T14:00:00+08:00
refused owner "an action without an owner" "$SOP" incident action "$T" add "Alert on disk usage"
act "action 1" "$SOP" incident action "$T" add "Alert on disk usage above 80 % of the orders database" \
    --owner olga@example.com --due 2026-12-11
act "action 2" "$SOP" incident action "$T" add "Rehearse the database failover every quarter" \
    --owner bo@example.com --due 2026-12-31
act "action 3" "$SOP" incident action "$T" add "Buy a larger disk for the primary" --owner bo@example.com
expect 5 "a due date that is not a date" "$SOP" incident action "$T" add "x" --owner me --due soon
expect 2 "an action number that is not a number" "$SOP" incident action "$T" done one
refused action "an action that does not exist" "$SOP" incident action "$T" done 9

# A collaboration request during the incident: R&D explains the growth of the export.
act "collab request" "$SOP" collab request "$T" --team rnd --need "Find out why the nightly export doubled" \
    --deliverable "A note with the cause and a fix" --due 2026-11-30T18:00:00+08:00
at 2026-11-27T15:00:00+08:00
SOP_ACTOR="Ravi Kumar <ravi@example.com>" act "collab ack" "$SOP" collab ack "$T" 1

at 2026-11-30T10:00:00+08:00
refused reason "drop without a reason" "$SOP" incident action "$T" drop 3
act "drop action 3" "$SOP" incident action "$T" drop 3 --reason "Covered by the disk alert (action 1)"
refused action "drop it twice" "$SOP" incident action "$T" drop 3 --reason again
SOP_ACTOR="Ravi Kumar <ravi@example.com>" act "collab done" "$SOP" collab done "$T" 1 \
    --note "A report was added to the export by mistake; fixed in 4.2.1"

# ---- close needs the review, the report and the approval --------------------------------------
CLOSE=(--problem "Checkout failed in every store" --diagnosis "The orders database disk was full"
    --solution "Fail-over, then a larger volume" --outcome "Orders run normally"
    --feedback "The customer was kept informed" --advice "Watch the disk alert" --reviewed-by bo@example.com)
refused incident-review "close before the review" "$SOP" close "$T" "${CLOSE[@]}"
refused review "report before the review" "$SOP" incident report "$T"
refused report "approve before the report" env SOP_ACTOR="Mia Wong <mia@example.com>" "$SOP" incident approve "$T"

at 2026-12-01T15:00:00+08:00
refused review "a review in the future" "$SOP" incident review "$T" --held-at 2026-12-01T16:00:00+08:00 \
    --attendees ann@example.com --root-cause x
refused root-cause "a review without the root cause" "$SOP" incident review "$T" \
    --held-at 2026-12-01T14:00:00+08:00 --attendees ann@example.com
act "review" "$SOP" incident review "$T" --held-at 2026-12-01T14:00:00+08:00 \
    --attendees ann@example.com,bo@example.com --attendees "Olga Petrova" mia@example.com \
    --root-cause "The primary orders database ran out of disk space after the nightly export doubled in size; writes failed and checkout returned 503." \
    --went-well "- The failover runbook worked the first time.
- Store staff switched to paper orders within minutes." \
    --went-badly "- One customer update was 75 minutes late.
- The disk alert went to a mailbox nobody reads."
show_json "$T"
equals "attendees" "$(jv 'd["ticket"]["incident"]["review"]["attendees"]')" \
    '["Ann Lee <ann@example.com>", "Bo Chen <bo@example.com>", "Olga Petrova <olga@example.com>", "Mia Wong <mia@example.com>"]'
expect 0 "sla --explain after the review" "$SOP" sla --explain "$T" --format json
equals "review met, stopped at the meeting" \
    "$(jv '[(c["status"], c["stop"]) for c in d["clocks"] if c["kind"] == "review"]')" \
    '[["ok", "2026-12-01T14:00:00+08:00"]]'
refused incident-report "close before the report" "$SOP" close "$T" "${CLOSE[@]}"

# ---- the report -------------------------------------------------------------------------------
at 2026-12-01T16:00:00+08:00
act "report" "$SOP" incident report "$T"
REPORT="postmortems/$T.md"
equals "report: trailer" "$(trailer Sop-Action)" incident-report
equals "report and ticket in one commit" "$(git show --format= --name-only HEAD | sort | tr '\n' ' ')" \
    "$REPORT $(git ls-files "tickets/*$T.yaml") "
equals "report committed as written" "$(git show "HEAD:$REPORT" | git hash-object --stdin)" \
    "$(git hash-object "$REPORT")"
show_json "$T"
equals "report recorded" "$(jv 'd["ticket"]["incident"]["report"]["path"]')" "$REPORT"
# Every event of the ticket is in the timeline, in order, each with its time.
EVENTS=$(jv '[e["at"][11:16] for e in d["ticket"]["events"]]')
TIMELINE=$(python3 - "$REPORT" <<'PY'
import json, re, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
start = lines.index("## Timeline")
end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("## "))
print(json.dumps([m.group(1) for l in lines[start:end] for m in [re.match(r"- \*\*(\d\d:\d\d)\*\* ", l)] if m]))
PY
)
equals "timeline: one entry per event" "$(jv 'len(d["ticket"]["events"])')" \
    "$(python3 -c 'import json,sys; print(len(json.loads(sys.argv[1])))' "$TIMELINE")"
equals "timeline: the events' times in order" "$TIMELINE" "$EVENTS"
REPORT_TEXT=$(cat "$REPORT")
for heading in "# Major incident $T: Orders cannot be placed in any store" "## Summary" "## Impact" \
    "## Task force" "## Notified" "## Stopping the bleeding" "## Timeline" "## Review meeting" \
    "## Root cause" "## What went well" "## What went badly" "## Improvement actions" \
    "## Collaboration requests" "## Customer communications"; do
    contains "report has '$heading'" "$REPORT_TEXT" "$heading"
done
contains "impact: duration" "$REPORT_TEXT" "- **Duration:** 3 h 35 min"
contains "impact: loss" "$REPORT_TEXT" "- **Estimated loss:** About 40,000 CNY of orders per hour"
contains "task force" "$REPORT_TEXT" "- **Diagnosis:** Olga Petrova <olga@example.com>"
contains "timeline: a customer update" "$REPORT_TEXT" "- **10:15** Ann Lee: customer update: We are failing over"
contains "timeline: the mitigation with its backup" "$REPORT_TEXT" \
    "mitigation: Failed over to the standby database; order entry runs in degraded mode. (backup: Snapshot"
contains "actions table" "$REPORT_TEXT" "| 1 | Alert on disk usage above 80 % of the orders database | Olga Petrova | 2026-12-11 | open |"
contains "a dropped action says why" "$REPORT_TEXT" "| dropped 2026-11-30: Covered by the disk alert (action 1) |"
contains "communications: the first response" "$REPORT_TEXT" \
    "- **2026-11-27 08:50** Ann Lee, by phone: We are on it"
contains "approval pending" "$REPORT_TEXT" "awaiting management approval"
contains "communications: the longest silence" "$REPORT_TEXT" \
    "The longest time without an update while the incident ran: 1 h 15 min, from 2026-11-27 10:15 to 2026-11-27 11:30."
# The golden file, with the random ID replaced.
if [ -n "${SOP_UPDATE_GOLDEN:-}" ]; then
    sed "s/$T/T-XXXXXXXXXXXX/g" "$REPORT" > "$GOLDEN"
fi
if diff -u "$GOLDEN" <(sed "s/$T/T-XXXXXXXXXXXX/g" "$REPORT") > "$WORK/golden.diff"; then pass; else
    fail "the report differs from tests/golden/incident-report.md:
$(cat "$WORK/golden.diff")"
fi
# The same ticket gives the same bytes: a second report changes only the ticket's log.
at 2026-12-01T16:05:00+08:00
cp "$REPORT" "$WORK/first.md"
act "report again" "$SOP" incident report "$T"
equals "second report: only the new event differs" \
    "$(diff "$WORK/first.md" "$REPORT" | grep -c '^[<>]')" 1

# ---- approval by management only ------------------------------------------------------------
refused incident-approval "close before the approval" "$SOP" close "$T" "${CLOSE[@]}"
at 2026-12-01T17:00:00+08:00
refused approver "approval by a non-manager" "$SOP" incident approve "$T"
contains "says who may approve" "$ERR" "manager"
SOP_ACTOR="Mia Wong <mia@example.com>" act "approval by a manager" "$SOP" incident approve "$T"
equals "Approved-by trailer" "$(trailer Approved-by)" "Mia Wong <mia@example.com>"
SOP_ACTOR="Mia Wong <mia@example.com>" refused no-change "approve twice" "$SOP" incident approve "$T"
expect 0 "list incident:approved" "$SOP" list incident:approved --format ids
equals "list incident:approved finds it" "$OUT" "$T"

# ---- close ------------------------------------------------------------------------------------
refused survey "close without a survey" "$SOP" close "$T" "${CLOSE[@]}"
act "survey" "$SOP" survey "$T" --speed 4 --quality 4 --attitude 5 --via phone
act "close" "$SOP" close "$T" "${CLOSE[@]}"
show_json "$T"
equals "closed" "$(jv 'd["ticket"]["state"]')" closed
refused state "incident verbs on a closed ticket" "$SOP" incident update "$T" "x"

# ---- the outage comes back: a reopened incident runs again ------------------------------------
at 2026-12-01T18:00:00+08:00
act "reopen" "$SOP" reopen "$T" --reason "VPN dropped again at 17:50"
show_json "$T"
equals "reopened: no end" "$(jv '"resolved_at" in d["ticket"]["incident"]')" false
equals "reopened: no review" "$(jv '"review" in d["ticket"]["incident"]')" false
equals "reopened: no approval" "$(jv '"approval" in d["ticket"]["incident"]')" false
expect 0 "reopened: incident:open" "$SOP" list incident:open --format ids
contains "reopened: listed as open" "$OUT" "$T"
act "reopened: updates work again" "$SOP" incident update "$T" "We are on it again."
expect 0 "reopened: a new update gap" "$SOP" sla "id:$T" --format json
contains "reopened: update clock running" "$(jv '[c["clock"] for c in d["clocks"] if c["running"]]')" "update#"

# ---- --format on the writing forms ----------------------------------------------------------
at 2026-12-02T09:00:00+08:00
U=$(TITLE="Payments slow" new_ticket)
ok "$SOP" triage "$U" --type fault --level 2 --category network --team ops
expect 0 "declare --format json" "$SOP" incident declare "$U" --lead bo@example.com \
    --impact-start 2026-12-02T08:55:00+08:00 --scope "card payments" --format json
equals "json envelope" "$(jv 'd["schema"]')" sop/v1
equals "json commit is HEAD" "$(jv 'd["commit"]')" "$(git rev-parse HEAD)"
equals "ops is the direct lead here (no duplicate)" "$(jv 'd["ticket"]["incident"]["notified"]')" \
    '["Olga Petrova <olga@example.com>", "Ravi Kumar <ravi@example.com>", "Mia Wong <mia@example.com>"]'
expect 0 "update --format ids" "$SOP" incident update "$U" "looking" --format ids
equals "ids" "$OUT" "$U"
expect 0 "action add --format ids" "$SOP" incident action "$U" add "x" --owner me --format ids
equals "ids" "$OUT" "$U"

# ---- the usage lines: each form's is part of `sop incident --help`'s ------------------------
expect 0 "incident --help" "$SOP" incident --help
ALL=$(head -n 1 <<<"$OUT" | sed 's/^usage: //')
for form in "declare" "update" "mitigate" "resolve" "review" "report" "approve" "action $U add" \
    "action $U done" "action $U drop"; do
    # shellcheck disable=SC2086
    run "$SOP" incident $form --help
    line=$(head -n 1 <<<"$OUT" | sed 's/^usage: //')
    case " | $ALL | " in *" | $line | "*) pass ;; *) fail "usage of 'incident $form' ($line) is not in: $ALL" ;; esac
done

# ---- the notify hook: local git config only ---------------------------------------------------
# The repository tries to set a hook of its own: a key in .sop/config.yaml and a committed
# .gitconfig. Neither may ever run.
cat >> .sop/config.yaml <<'YAML'
notify: touch pwned-by-config
YAML
printf '[sop]\n\tnotify = touch pwned-by-gitconfig\n' > .gitconfig
git add .sop/config.yaml .gitconfig && git commit -qm "a repository that wants to run a hook"
git clone -q "$WORK/desk" "$WORK/clone"
cd "$WORK/clone" || exit 1
# new_incident TITLE: a routed ticket, declared a major incident; its ID in $NEW, the
# declaration's output in OUT, ERR and RC.
new_incident() {
    NEW=$(TITLE="$1" new_ticket)
    ok "$SOP" triage "$NEW" --type fault --level 2 --category network --team ops
    run "$SOP" incident declare "$NEW" --lead bo@example.com \
        --impact-start 2026-12-02T08:55:00+08:00 --scope "every VPN user" --format ids
}
declared() { git log -1 --format=%s | grep -qx "$NEW: major incident declared: every VPN user"; }
new_incident "VPN down"
equals "no hook configured: exit 0" "$RC" 0
declared && pass || fail "no hook configured: not declared"
equals "no hook configured: no warning" "$ERR" ""
[ ! -e pwned-by-config ] && [ ! -e pwned-by-gitconfig ] && pass || fail "a hook from the repository ran"
clean

git config sop.notify 'cat > notified.json'
new_incident "VPN down again"
equals "hook: exit 0" "$RC" 0
equals "hook: stdout is still the ID" "$OUT" "$NEW"
[ -s notified.json ] && pass || fail "the notify command did not receive the event"
OUT=$(cat notified.json)
equals "payload: one line" "$(wc -l < notified.json | tr -d ' ')" 1
equals "payload: schema" "$(jv 'd["schema"]')" sop/v1
equals "payload: ticket" "$(jv 'd["ticket"]')" "$NEW"
equals "payload: title" "$(jv 'd["title"]')" "VPN down again"
equals "payload: the notify event" "$(jv 'd["event"]["action"]')" notify
equals "payload: people" "$(jv 'd["event"]["people"]')" \
    '["Olga Petrova <olga@example.com>", "Ravi Kumar <ravi@example.com>", "Mia Wong <mia@example.com>"]'
equals "payload: the incident" "$(jv 'd["incident"]["lead"]')" "Bo Chen <bo@example.com>"
rm -f notified.json
[ ! -e pwned-by-config ] && [ ! -e pwned-by-gitconfig ] && pass || fail "a hook from the repository ran"

git config sop.notify 'echo "for $SOP_TICKET"; exit 3'
new_incident "VPN down a third time"
equals "failing hook: still exit 0" "$RC" 0
declared && pass || fail "failing hook: the declaration is not committed"
contains "failing hook: a warning" "$ERR" "sop: warning: notify command failed: exit status 3"
contains "failing hook: its output goes to stderr" "$ERR" "for $NEW"
equals "failing hook: stdout is the ID only" "$OUT" "$NEW"

git config sop.notify 'sleep 30'
git config sop.notifyTimeout 1
started=$(date +%s)
new_incident "VPN down a fourth time"
equals "slow hook: exit 0" "$RC" 0
contains "slow hook: timed out" "$ERR" "sop: warning: notify command failed: timed out after 1s"
[ $(($(date +%s) - started)) -lt 10 ] && pass || fail "the slow hook was not killed in time"
declared && pass || fail "slow hook: the declaration is not committed"
clean
