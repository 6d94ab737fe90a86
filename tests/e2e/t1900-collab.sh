#!/usr/bin/env bash
# Cross-team collaboration requests (SOP 4.7): numbered requests with a need, a deliverable, a
# deadline and a way of working; acknowledgement due within 1 business day (the collab-ack
# clock: Mon-Fri 09:00-18:00, Asia/Shanghai, so a request on Wednesday 10:00 is due Thursday
# 10:00); progress; escalation to a lead or a manager only; no close while a request is open.
. "$(dirname "$0")/lib.sh"

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
YAML
git add .sop/config.yaml && git commit -qm "team setup"

at() { export SOP_NOW="$1"; }
refused() {
    local guard=$1 what=$2 before; shift 2
    before=$(commits)
    expect 3 "$what" "$@"
    contains "$what: names the guard" "$ERR" "[guard: $guard]"
    contains "$what: says what would satisfy it" "$ERR" "hint: "
    equals "$what: no commit" "$(commits)" "$before"
    clean
}
ok() { "$@" >/dev/null 2>&1 || fail "setup: $*"; }
show_json() { run "$SOP" show "$T" --format json; }
clock_field() { jv "[c for c in d['clocks'] if c['clock'] == '$1'][0]['$2']"; }
RAVI="Ravi Kumar <ravi@example.com>"
OLGA="Olga Petrova <olga@example.com>"

# ---- Wednesday 2026-12-02 10:00: a ticket that needs R&D and ops ----------------------------
at 2026-12-02T10:00:00+08:00
T=$(TITLE="Nightly export takes six hours" new_ticket)
ok "$SOP" triage "$T" --type fault --level 3 --category software --team support --assignee me
ok "$SOP" respond "$T" --via email --note "looking into it"

DUE=2026-12-04T18:00:00+08:00
refused collab-request "a request without a need" "$SOP" collab request "$T" --team rnd \
    --deliverable "a note" --due "$DUE"
refused collab-request "a request without a deadline" "$SOP" collab request "$T" --team rnd \
    --need n --deliverable d
refused collab-request "a deadline in the past" "$SOP" collab request "$T" --team rnd \
    --need n --deliverable d --due 2026-12-01T18:00:00+08:00
expect 5 "an unknown team" "$SOP" collab request "$T" --team legal --need n --deliverable d --due "$DUE"
expect 5 "a deadline that is not a time" "$SOP" collab request "$T" --team rnd --need n \
    --deliverable d --due friday
expect 2 "a request with a number" "$SOP" collab request "$T" 1 --team rnd --need n \
    --deliverable d --due "$DUE"

act "request 1" "$SOP" collab request "$T" --team rnd --need "Profile the export on a copy of the data" \
    --deliverable "The cause and a fix or a workaround" --due "$DUE" --mode "shared doc, daily sync"
equals "request: subject" "$(git log -1 --format=%s)" \
    "$T: collaboration request 1 to rnd: Profile the export on a copy of the data"
equals "request: trailers" "$(trailer Sop-Action)/$(trailer Sop-From)/$(trailer Sop-To)" \
    "collab-request/triaged/triaged"
show_json
equals "request fields" "$(jv '{k: v for k, v in d["ticket"]["collaboration"][0].items()}')" \
    "{\"deliverable\": \"The cause and a fix or a workaround\", \"due\": \"$DUE\", \"mode\": \"shared doc, daily sync\", \"n\": 1, \"need\": \"Profile the export on a copy of the data\", \"requested_at\": \"2026-12-02T10:00:00+08:00\", \"requested_by\": \"Ann Lee <ann@example.com>\", \"state\": \"requested\", \"team\": \"rnd\"}"
equals "request event" "$(jv '[d["ticket"]["events"][-1][k] for k in ("action", "n", "team", "due")]')" \
    "[\"collab-request\", 1, \"rnd\", \"$DUE\"]"
act "request 2" "$SOP" collab request "$T" --team ops --need "Disk I/O graphs of the export host" \
    --deliverable "Graphs for last week" --due "$DUE"

# ---- the acknowledgement clock -----------------------------------------------------------------
at 2026-12-02T16:00:00+08:00
expect 0 "sla on Wednesday 16:00" "$SOP" sla --format json
# 6 h of 9: 67 %, under the 80 % warning.
equals "collab-ack#1 runs" "$(clock_field 'collab-ack#1' status)" ok
equals "collab-ack#1 due Thursday 10:00" "$(clock_field 'collab-ack#1' due)" "2026-12-03T10:00:00+08:00"
equals "collab-ack#1 for the team" "$(clock_field 'collab-ack#1' for)" "team rnd"
equals "collab-ack#1 target" "$(clock_field 'collab-ack#1' target)" 1bd
as "$OLGA" act "ops acknowledges in time" "$SOP" collab ack "$T" 2 --note "graphs by Friday"
equals "ack: subject" "$(git log -1 --format=%s)" "$T: request 2 acknowledged by ops"
at 2026-12-03T09:30:00+08:00
expect 0 "sla on Thursday 09:30" "$SOP" sla --format json
equals "collab-ack#1 warns (8.5 h of 9)" "$(clock_field 'collab-ack#1' status)" warn
equals "collab-ack#2 met: not listed" "$(jv "[c['clock'] for c in d['clocks'] if c['clock'] == 'collab-ack#2']")" "[]"
at 2026-12-03T11:00:00+08:00
as "$RAVI" act "rnd acknowledges late" "$SOP" collab ack "$T" 1
expect 0 "sla after the late acknowledgement" "$SOP" sla --format json
equals "collab-ack#1 breached" "$(clock_field 'collab-ack#1' status)" breached
equals "collab-ack#1 stopped by the ack" "$(clock_field 'collab-ack#1' stopped_by)" collab-ack
equals "collab-ack#1 stopped at 11:00" "$(clock_field 'collab-ack#1' stop)" "2026-12-03T11:00:00+08:00"
expect 0 "list sla:breached" "$SOP" list sla:breached --format ids
equals "list sla:breached finds it" "$OUT" "$T"
expect 0 "sla --explain" "$SOP" sla --explain "$T"
contains "explain names the clock" "$OUT" "collab-ack#1"
show_json
equals "acknowledged" "$(jv '[d["ticket"]["collaboration"][0][k] for k in ("state", "acknowledged_at", "acknowledged_by")]')" \
    "[\"acknowledged\", \"2026-12-03T11:00:00+08:00\", \"$RAVI\"]"
as "$RAVI" refused state "acknowledge twice" "$SOP" collab ack "$T" 1

# ---- progress and escalation -------------------------------------------------------------------
at 2026-12-03T15:00:00+08:00
as "$RAVI" act "progress" "$SOP" collab progress "$T" 1 "Reproduced: the export sorts 40 GB in memory."
show_json
equals "progress recorded" "$(jv 'd["ticket"]["collaboration"][0]["progress"][0]["note"]')" \
    "Reproduced: the export sorts 40 GB in memory."
refused progress "progress without text" "$SOP" collab progress "$T" 1 ""
refused escalation "escalate without --to" "$SOP" collab escalate "$T" 1 --reason "fix date"
refused reason "escalate without a reason" "$SOP" collab escalate "$T" 1 --to li@example.com
refused escalation "escalate to an engineer" "$SOP" collab escalate "$T" 1 --to bo@example.com \
    --reason "R&D wants to fix it next quarter"
contains "says who may decide" "$ERR" "neither a lead nor a manager"
act "escalate to the direct lead" "$SOP" collab escalate "$T" 1 --to li@example.com \
    --reason "R&D wants to fix it next quarter; the customer needs it this week"
equals "escalate: subject" "$(git log -1 --format=%s)" "$T: request 1 escalated to Li Wei <li@example.com>"
act "then to management" "$SOP" collab escalate "$T" 1 --to mia@example.com --reason "no agreement"
show_json
equals "escalated" "$(jv 'd["ticket"]["collaboration"][0]["state"]')" escalated
equals "escalations" "$(jv '[e["to"] for e in d["ticket"]["collaboration"][0]["escalations"]]')" \
    '["Li Wei <li@example.com>", "Mia Wong <mia@example.com>"]'
equals "the events name who decides (not under 'to', which is a state)" \
    "$(jv '[e.get("escalated_to") for e in d["ticket"]["events"] if e["action"] == "collab-escalate"]')" \
    '["Li Wei <li@example.com>", "Mia Wong <mia@example.com>"]'
expect 0 "validate accepts the escalations" "$SOP" validate
expect 0 "verify accepts them" "$SOP" verify HEAD~2..HEAD
as "$RAVI" act "progress while escalated" "$SOP" collab progress "$T" 1 "A workaround: export in chunks."

# ---- no close while a request is open ----------------------------------------------------------
ok "$SOP" diagnose "$T"
ok "$SOP" plan "$T" --step "export in chunks" --risk "slower at first" --mitigation "watch it"
ok "$SOP" implement "$T"
ok "$SOP" verify "$T" --pass --steps "ran the export"
ok "$SOP" survey "$T" --speed 4 --quality 4 --attitude 4
CLOSE=(--problem p --diagnosis d --solution s --outcome o --feedback f --advice a --reviewed-by bo@example.com)
refused collaboration "close with open requests" "$SOP" close "$T" "${CLOSE[@]}"
contains "names the first open request" "$ERR" "collaboration request 1 to rnd is still escalated"
contains "hint: finish it" "$ERR" "sop collab done $T 1"

# ---- done, and bad numbers -------------------------------------------------------------------
at 2026-12-04T17:00:00+08:00
refused collab-request "request 0" "$SOP" collab done "$T" 0
refused collab-request "request 9" "$SOP" collab done "$T" 9
contains "numbered from 1" "$ERR" "numbered from 1"
expect 2 "a number that is not a number" "$SOP" collab done "$T" one
expect 2 "no number" "$SOP" collab ack "$T"
as "$RAVI" act "done 1" "$SOP" collab done "$T" 1 --note "Chunked export shipped in 4.2.1"
refused state "done twice" "$SOP" collab done "$T" 1
refused state "progress after done" "$SOP" collab progress "$T" 1 "more"
refused collaboration "close with request 2 open" "$SOP" close "$T" "${CLOSE[@]}"
contains "names request 2" "$ERR" "collaboration request 2 to ops is still acknowledged"
as "$OLGA" act "done 2" "$SOP" collab done "$T" 2
show_json
equals "both done" "$(jv '[r["state"] for r in d["ticket"]["collaboration"]]')" '["done", "done"]'
equals "done note" "$(jv 'd["ticket"]["collaboration"][0]["note"]')" "Chunked export shipped in 4.2.1"
act "close" "$SOP" close "$T" "${CLOSE[@]}"

# ---- a closed ticket takes no requests -------------------------------------------------------
refused state "request on a closed ticket" "$SOP" collab request "$T" --team ops --need n \
    --deliverable d --due 2026-12-31T18:00:00+08:00
refused state "ack on a closed ticket" "$SOP" collab ack "$T" 1
expect 4 "an unknown ticket" "$SOP" collab ack T-ZZZZZZZZ 1

# ---- --format, and the usage lines -----------------------------------------------------------
U=$(TITLE="Another one" new_ticket)
expect 0 "request --format json" "$SOP" collab request "$U" --team ops --need n --deliverable d \
    --due 2026-12-31T18:00:00+08:00 --format json
equals "json envelope" "$(jv 'd["schema"]')" sop/v1
equals "json commit" "$(jv 'd["commit"]')" "$(git rev-parse HEAD)"
expect 0 "ack --format ids" "$SOP" collab ack "$U" 1 --format ids
equals "ids" "$OUT" "$U"
expect 0 "collab --help" "$SOP" collab --help
ALL=$(head -n 1 <<<"$OUT" | sed 's/^usage: //')
for form in request ack progress done escalate; do
    run "$SOP" collab "$form" --help
    line=$(head -n 1 <<<"$OUT" | sed 's/^usage: //')
    case " | $ALL | " in *" | $line | "*) pass ;; *) fail "usage of 'collab $form' ($line) is not in: $ALL" ;; esac
done
