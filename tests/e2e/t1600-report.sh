#!/usr/bin/env bash
# sop report (SOP 4.6): a month of tickets built with the real verbs at fixed SOP_NOW instants,
# then every figure of `sop report --month 2026-11 --format json` against numbers worked out by
# hand below (the arithmetic is in the comments); the other formats, the team filter, --at REV
# (the same bytes every time, unchanged by later commits and by archiving), and bad periods.
. "$(dirname "$0")/lib.sh"

# Hand commits get a fixed date too: tests never depend on the wall clock.
export GIT_AUTHOR_DATE="2026-10-01T12:00:00+08:00" GIT_COMMITTER_DATE="2026-10-01T12:00:00+08:00"
new_repo "$WORK/desk"
cd "$WORK/desk" || exit 1
# Shanghai, Monday to Friday 09:00-18:00: 9 working hours a day, and the SOP's first-response
# targets (phone 30s, chat 2min, email 1bd = 9 working hours), written out here whatever the
# template holds: the template's own calendar and sla blocks are dropped first.
awk '/^[a-z_]+:/ { skip = ($1 == "calendar:" || $1 == "sla:") } !skip' .sop/config.yaml >cfg.tmp
sed 's/^timezone: .*/timezone: Asia\/Shanghai/' cfg.tmp >.sop/config.yaml && rm cfg.tmp
cat >>.sop/config.yaml <<'YAML'
calendar:
  hours:
    mon: ["09:00-18:00"]
    tue: ["09:00-18:00"]
    wed: ["09:00-18:00"]
    thu: ["09:00-18:00"]
    fri: ["09:00-18:00"]
sla:
  first_response: {phone: 30s, chat: 2min, email: 1bd}
  resolution: {1: 1bd, 2: 3bd, 3: 5bd, 4: 4h}
  review: 3bd
YAML
# Two knowledge-base articles to link (drafts written before the month, as `sop kb new` would).
mkdir -p kb
KA="KB-0000000000KA"
KB="KB-0000000000KB"
article() {
    printf '%s\n' "id: $1" "title: $2" "status: draft" "category: network" "version: 1" \
        "author: Ann Lee <ann@example.com>" "problem: $2" "events:" \
        "  - at: 2026-10-01T09:00:00+08:00" "    by: Ann Lee <ann@example.com>" \
        "    action: new" "    to: draft" >"kb/$1.yaml"
}
article "$KA" "Reset the VPN client"
article "$KB" "Replace a dock"
git add .sop/config.yaml kb && git commit -qm "team setup: Shanghai calendar, two articles"

at() { export SOP_NOW="$1"; }
# ticket CHANNEL TITLE [OPTION...]: takes in a ticket at SOP_NOW, prints its ID.
ticket() {
    local channel=$1 title=$2
    shift 2
    "$SOP" new --title "$title" --channel "$channel" --requester-name "Wang Fang" \
        --requester-contact wang@example.com --symptom "$title" --format ids "$@"
}
# s VERB ARGS...: one verb at SOP_NOW, which must succeed.
s() {
    "$SOP" "$@" >/dev/null 2>"$WORK/.err" || fail "sop $* at $SOP_NOW: $(cat "$WORK/.err")"
}
CLOSE=(--problem p --diagnosis d --solution s --outcome o --feedback f --advice a)
fix() { # fix ID LEVEL-2+ ticket through plan, implement and a passed verification at T1 T2 T3
    at "$2"; s plan "$1" --step "do it" --risk "none known" --mitigation "-"
    at "$3"; s implement "$1"
    at "$4"; s verify "$1" --pass --steps "checked"
}

# ---- October: O2 is received and stays open (backlog only) ----------------------------------
at 2026-10-20T09:00:00+08:00
O2=$(ticket chat "Slow file share")
s triage "$O2" --type fault --level 2 --category network --team ops
s respond "$O2"
s diagnose "$O2"

# ---- November (11-02 is a Monday) ------------------------------------------------------------
# P1 phone, level 1: answered in 20 s, answered directly at 10:30 (30 min), surveyed, closed.
at 2026-11-02T10:00:00+08:00
P1=$(ticket phone "How do I map a drive?")
at 2026-11-02T10:00:10+08:00; s triage "$P1" --type consultation --level 1 --category software
at 2026-11-02T10:00:20+08:00; s respond "$P1"
at 2026-11-02T10:30:00+08:00; s resolve "$P1" --answer "Explorer > Map network drive"
at 2026-11-02T10:35:00+08:00; s survey "$P1" --speed 5 --quality 5 --attitude 4
at 2026-11-02T10:40:00+08:00; s close "$P1" "${CLOSE[@]}"
# P2 phone, level 1: answered after 60 s (over 30 s), answered directly at 14:20 (20 min),
# survey without scores, closed.
at 2026-11-02T14:00:00+08:00
P2=$(ticket phone "Printer offline")
at 2026-11-02T14:00:30+08:00; s triage "$P2" --type consultation --level 1 --category software
at 2026-11-02T14:01:00+08:00; s respond "$P2"
at 2026-11-02T14:20:00+08:00; s resolve "$P2" --answer "power-cycle it"
at 2026-11-02T14:25:00+08:00; s survey "$P2" --none "the user could not be reached"
at 2026-11-02T14:30:00+08:00; s close "$P2" "${CLOSE[@]}"
# C1 chat, level 1: answered in 60 s (within 2 min); pending on the customer from Tue 11:10 to
# Wed 10:00; answered Wed 10:30: working time 10 min + 30 min = 2400 s. Links KA. Not closed.
at 2026-11-03T11:00:00+08:00
C1=$(ticket chat "VPN drops")
at 2026-11-03T11:00:30+08:00; s triage "$C1" --type configuration --level 1 --category network
at 2026-11-03T11:01:00+08:00; s respond "$C1"
at 2026-11-03T11:05:00+08:00; s diagnose "$C1"
at 2026-11-03T11:10:00+08:00; s wait "$C1" --on customer --reason "needs the client log"
at 2026-11-04T10:00:00+08:00; s resume "$C1"
at 2026-11-04T10:30:00+08:00; s resolve "$C1" --answer "reinstall the client"
at 2026-11-04T10:35:00+08:00; s survey "$C1" --speed 4 --quality 4 --attitude 4
at 2026-11-04T10:40:00+08:00; s link "$C1" --kb "$KA"
# C2 chat, level 2 (ops): answered after 300 s (over 2 min); resolved Wed 12:00 (3 h),
# surveyed 3/4/5, reopened Thu 09:00, resolved again 11:00 (2 h), surveyed 5/5/5, closed.
at 2026-11-04T09:00:00+08:00
C2=$(ticket chat "Orders export fails")
at 2026-11-04T09:02:00+08:00; s triage "$C2" --type fault --level 2 --category software --team ops
at 2026-11-04T09:05:00+08:00; s respond "$C2"
at 2026-11-04T09:10:00+08:00; s diagnose "$C2"
fix "$C2" 2026-11-04T09:30:00+08:00 2026-11-04T10:00:00+08:00 2026-11-04T12:00:00+08:00
at 2026-11-04T12:10:00+08:00; s survey "$C2" --speed 3 --quality 4 --attitude 5
at 2026-11-05T09:00:00+08:00; s reopen "$C2" --reason "fails again"
fix "$C2" 2026-11-05T09:30:00+08:00 2026-11-05T10:00:00+08:00 2026-11-05T11:00:00+08:00
at 2026-11-05T11:10:00+08:00; s survey "$C2" --speed 5 --quality 5 --attitude 5
at 2026-11-05T11:20:00+08:00; s close "$C2" "${CLOSE[@]}"
# E1 email, level 3 (rnd), received Fri 17:00, answered Mon 10:00: 1 h + 1 h = 7200 s of
# 9 h; resolved Wed 11-11 12:00: Fri 1 h + Mon 9 h + Tue 9 h + Wed 3 h = 22 h = 79200 s.
at 2026-11-06T17:00:00+08:00
E1=$(ticket email "Cluster failover slow")
at 2026-11-06T17:10:00+08:00; s triage "$E1" --type fault --level 3 --category cloud --team rnd
at 2026-11-09T10:00:00+08:00; s respond "$E1"
at 2026-11-09T10:05:00+08:00; s diagnose "$E1"
fix "$E1" 2026-11-10T09:00:00+08:00 2026-11-10T09:30:00+08:00 2026-11-11T12:00:00+08:00
at 2026-11-11T12:05:00+08:00; s link "$E1" --kb "$KA"
# E2 email, level 2 (ops), cancelled unanswered after 2 working hours: no response outcome.
at 2026-11-09T09:00:00+08:00
E2=$(ticket email "New laptop request")
at 2026-11-09T09:10:00+08:00; s triage "$E2" --type requirement --level 2 --category software --team ops
at 2026-11-09T11:00:00+08:00; s cancel "$E2" --reason "withdrawn"
# E3 email, level 2 (hardware) received Thu 16:00, answered Mon 09:30: Thu 2 h + Fri 9 h +
# Mon 0.5 h = 11.5 h = 41400 s (over 9 h); escalated to level 3; resolved Tue 11-17 15:00:
# Thu 2 h + Fri 9 h + Mon 9 h + Tue 6 h = 26 h = 93600 s. Surveyed 2/3/3, links KB.
at 2026-11-12T16:00:00+08:00
E3=$(ticket email "Dock flickers")
at 2026-11-12T16:05:00+08:00; s triage "$E3" --type fault --level 2 --category hardware --team hardware
at 2026-11-16T09:30:00+08:00; s respond "$E3"
at 2026-11-16T09:40:00+08:00; s diagnose "$E3"
at 2026-11-16T10:00:00+08:00; s escalate "$E3" --level 3 --reason "needs a replacement part"
fix "$E3" 2026-11-17T09:00:00+08:00 2026-11-17T10:00:00+08:00 2026-11-17T15:00:00+08:00
at 2026-11-17T15:10:00+08:00; s survey "$E3" --speed 2 --quality 3 --attitude 3
at 2026-11-17T15:20:00+08:00; s link "$E3" --kb "$KB"
# M1 phone, a major incident: answered in 15 s, declared by its level-4 triage at 08:05,
# resolved 10:05: 7200 s to resolve; working time 09:00-10:05 = 3900 s. No review recorded.
at 2026-11-18T08:00:00+08:00
M1=$(ticket phone "All orders fail")
at 2026-11-18T08:00:15+08:00; s respond "$M1"
at 2026-11-18T08:05:00+08:00; s triage "$M1" --type fault --level 4 --category system --team ops
at 2026-11-18T08:10:00+08:00; s diagnose "$M1"
fix "$M1" 2026-11-18T08:20:00+08:00 2026-11-18T08:30:00+08:00 2026-11-18T10:05:00+08:00
# O3 chat, level 2 (ops), Fri 11-27 10:00, answered in 60 s, still being diagnosed.
at 2026-11-27T10:00:00+08:00
O3=$(ticket chat "Mail delayed")
at 2026-11-27T10:00:30+08:00; s triage "$O3" --type fault --level 2 --category software --team ops
at 2026-11-27T10:01:00+08:00; s respond "$O3"
at 2026-11-27T10:05:00+08:00; s diagnose "$O3"
# O1 email, Mon 11-30 17:00, never answered: by Tue 17:00 (1 h + 9 h) past its 9 h.
at 2026-11-30T17:00:00+08:00
O1=$(ticket email "Invoice PDF garbled")

# ---- December: X1 counts in no November figure -------------------------------------------
at 2026-12-01T09:00:00+08:00
ticket phone "Password reset" >/dev/null # X1
REV=$(git rev-parse HEAD)
clean

# ---- the November report, as of 2026-12-02 10:00 ---------------------------------------------
at 2026-12-02T10:00:00+08:00
expect 0 "report --month" "$SOP" report --month 2026-11 --format json
JSON=$OUT
equals "schema" "$(jv 'd["schema"]')" sop/v1
equals "period" "$(jv '[d["period"][k] for k in ("kind", "name", "first", "last", "from", "to", "timezone")]')" \
    '["month", "2026-11", "2026-11-01", "2026-11-30", "2026-11-01T00:00:00+08:00", "2026-12-01T00:00:00+08:00", "Asia/Shanghai"]'
equals "as of" "$(jv 'd["as_of"]')" 2026-12-02T10:00:00+08:00
equals "no commit, all teams" "$(jv '[d["commit"], d["team"]]')" "[null, null]"

# Volume: received in November are P1 P2 C1 C2 E1 E2 E3 M1 O3 O1 = 10 (O2 is October's, X1
# December's), by their current fields.
vol() { jv "{k: v[\"tickets\"] for k, v in d[\"volume\"][\"$1\"].items()}"; }
equals "volume by type" "$(vol type)" \
    '{"-": 1, "configuration": 1, "consultation": 2, "fault": 5, "requirement": 1}'
equals "volume by level" "$(vol level)" '{"-": 1, "1": 3, "2": 3, "3": 2, "4": 1}'
equals "volume by channel" "$(vol channel)" '{"chat": 3, "email": 4, "phone": 3}'
equals "volume by team" "$(vol team)" '{"-": 4, "hardware": 1, "ops": 4, "rnd": 1}'
equals "volume by category" "$(vol category)" \
    '{"-": 1, "cloud": 1, "hardware": 1, "network": 1, "software": 5, "system": 1}'
equals "shares" "$(jv 'd["volume"]["type"]["fault"]["share"]')" 0.5 # 5 / 10

# Tickets: E2 cancelled; of the other 9, all but O3 and O1 resolved: 7 / 9 = 0.7778. At first
# contact: P1 and P2 (answered directly; C1 waited on the customer): 2 / 7 = 0.2857.
equals "tickets" "$(jv 'd["tickets"]')" \
    '{"cancelled": 1, "first_contact": 2, "first_contact_rate": 0.2857, "received": 10, "resolution_rate": 0.7778, "resolved": 7}'

# First response: phone P1 20 s, M1 15 s met, P2 60 s breached: 2 / 3, median of {15, 20, 60}
# (rank 2) 20 s. chat C1 60 s, O3 60 s met, C2 300 s breached: 2 / 3, median {60, 60, 300} 60 s.
# email E1 7200 s met, E3 41400 s and O1 (unanswered) breached, E2 withdrawn: 1 / 3, median of
# the answered {7200, 41400} (rank 1) 7200 s. All: 5 met, 4 breached: 5 / 9 = 0.5556.
equals "response phone" "$(jv 'd["first_response"]["phone"]')" \
    '{"breached": 1, "median_seconds": 20, "met": 2, "pending": 0, "rate": 0.6667}'
equals "response chat" "$(jv 'd["first_response"]["chat"]')" \
    '{"breached": 1, "median_seconds": 60, "met": 2, "pending": 0, "rate": 0.6667}'
equals "response email" "$(jv 'd["first_response"]["email"]')" \
    '{"breached": 2, "median_seconds": 7200, "met": 1, "pending": 0, "rate": 0.3333}'
equals "response all" "$(jv 'd["first_response"]["all"]')" \
    '{"breached": 4, "median_seconds": null, "met": 5, "pending": 0, "rate": 0.5556}'

# Resolution (business time) of the cycles that ended in November, by level at the end:
#   1: P2 1200, P1 1800, C1 2400    median rank 2 = 1800, p90 rank ceil(2.7) = 3 = 2400
#   2: C2 10800 (reopened), 7200    median rank 1 = 7200, p90 rank 2 = 10800; 1 of 2 reopened
#   3: E1 79200, E3 93600           median 79200, p90 93600
#   4: M1 3900
#   all 8: {1200 1800 2400 3900 7200 10800 79200 93600}: median rank 4 = 3900, p90 rank
#          ceil(7.2) = 8 = 93600; 1 of 8 reopened = 0.125
res() { jv "[d[\"resolution\"][\"$1\"][k] for k in (\"resolved\", \"median_seconds\", \"p90_seconds\", \"reopened\", \"reopen_rate\")]"; }
equals "resolution level 1" "$(res 1)" "[3, 1800, 2400, 0, 0.0]"
equals "resolution level 2" "$(res 2)" "[2, 7200, 10800, 1, 0.5]"
equals "resolution level 3" "$(res 3)" "[2, 79200, 93600, 0, 0.0]"
equals "resolution level 4" "$(res 4)" "[1, 3900, 3900, 0, 0.0]"
equals "resolution all" "$(res all)" "[8, 3900, 93600, 1, 0.125]"

# Satisfaction: surveys P1 5/5/4, P2 none, C1 4/4/4, C2 3/4/5 and 5/5/5, E3 2/3/3: 6 recorded,
# 5 with scores (0.8333); speed 19/5 = 3.8, quality 21/5 = 4.2, attitude 21/5 = 4.2.
equals "satisfaction" "$(jv 'd["satisfaction"]')" \
    '{"answered": 5, "attitude": 4.2, "quality": 4.2, "response_rate": 0.8333, "speed": 3.8, "surveys": 6}'
# Knowledge: C1 and E1 link KA, E3 links KB.
equals "kb" "$(jv 'd["kb"]')" '{"articles": 2, "links": 3, "tickets": 3}'
# No collaboration requests were recorded.
equals "collaboration" "$(jv 'd["collaboration"]')" "{}"
# M1: declared 08:05, resolved 10:05; nothing mitigated, no review held within 3bd: late.
equals "major incidents" "$(jv 'd["major_incidents"]')" \
    "{\"$M1\": {\"declared_at\": \"2026-11-18T08:05:00+08:00\", \"mitigate_seconds\": null, \"resolve_seconds\": 7200, \"review\": \"late\"}}"
# Open at 12-01 00:00 (resolved counts as open until closed): O1 7 h old; O3 3 d 14 h; C1
# 27 d, E1 24 d, E3 18 d, M1 12 d; O2 41 d. P1, P2, C2 closed, E2 cancelled, X1 not yet in.
equals "backlog at" "$(jv 'd["backlog_at"]')" 2026-12-01T00:00:00+08:00
equals "backlog" "$(jv '{k: v["tickets"] for k, v in d["backlog"].items()}')" \
    '{"0-1d": 1, "1-3d": 0, "3-7d": 1, "30d+": 1, "7-30d": 4, "all": 7}'

# The default period is the last complete month: the same report.
expect 0 "report without a period" "$SOP" report --format json
equals "default period = --month 2026-11" "$OUT" "$JSON"

# ---- the other formats --------------------------------------------------------------------------
expect 0 "table" "$SOP" report --month 2026-11
contains "table: title" "$OUT" "Report 2026-11: 2026-11-01 to 2026-11-30 (Asia/Shanghai)"
contains "table: resolution rate" "$OUT" "resolution rate            77.8%"
contains "table: phone row" "$OUT" "phone    2    1         0        66.7%       20s"
contains "table: empty section" "$OUT" "Collaboration requests by requested team
none"
expect 0 "csv" "$SOP" report --month 2026-11 --format csv
equals "csv header" "$(head -n 1 <<<"$OUT")" $'section,metric,key,value\r'
contains "csv figure" "$OUT" $'\r\ntickets,resolution_rate,,0.7778\r\n'
contains "csv keyed figure" "$OUT" $'\r\nresolution,p90_seconds,all,93600\r\n'
equals "csv: every line has 4 fields" "$(tr -d '\r' <<<"$OUT" | awk -F, 'NF != 4' | wc -l)" 0
expect 0 "md" "$SOP" report --month 2026-11 --format md
contains "md heading" "$OUT" "## First response by channel"
contains "md row" "$OUT" "| phone | 2 | 1 | 0 | 66.7% | 20s |"

# ---- scope: a team, a quarter -----------------------------------------------------------------
expect 0 "team ops" "$SOP" report --month 2026-11 --team ops --format json
# ops: C2, E2, M1, O3 received in November (O2 in October): E2 cancelled, C2 and M1 resolved.
equals "team: volume" "$(jv 'd["tickets"]["received"]')" 4
equals "team: resolution rate" "$(jv 'd["tickets"]["resolution_rate"]')" 0.6667
equals "team: backlog (M1, O3, O2)" "$(jv 'd["backlog"]["all"]["tickets"]')" 3
equals "team named" "$(jv 'd["team"]')" ops
expect 2 "unknown team" "$SOP" report --month 2026-11 --team nosuch
contains "unknown team names the teams" "$ERR" "teams in .sop/config.yaml"
expect 0 "quarter" "$SOP" report --quarter 2026Q4 --format json
equals "quarter: O2 and X1 count too" "$(jv 'd["tickets"]["received"]')" 12
equals "quarter: period" "$(jv '[d["period"]["first"], d["period"]["last"]]')" '["2026-10-01", "2026-12-31"]'
expect 0 "a range" "$SOP" report --from 2026-11-02 --to 2026-11-02 --format json
equals "range: the two tickets of 11-02" "$(jv 'd["tickets"]["received"]')" 2

# ---- --at REV: the same bytes every time, whatever happens later ------------------------------
expect 0 "--at REV" "$SOP" report --month 2026-11 --at "$REV" --format json
AT1=$OUT
equals "--at: as of the commit's time" "$(jv 'd["as_of"]')" 2026-12-01T09:00:00+08:00
equals "--at: the commit" "$(jv 'd["commit"]')" "$REV"
at 2026-12-09T10:00:00+08:00
expect 0 "--at REV again, another day" "$SOP" report --month 2026-11 --at "$REV" --format json
equals "--at: identical bytes" "$OUT" "$AT1"
s respond "$O1"
s archive --closed-before 2026-12-01
equals "archived P1, P2, C2, E2" "$(git ls-tree -r --name-only refs/heads/sop-archive tickets | wc -l)" 4
expect 0 "--at REV after a commit and an archive" "$SOP" report --month 2026-11 --at "$REV" --format json
equals "--at: still identical" "$OUT" "$AT1"
# The archive changes nothing either: archived tickets count as before.
at 2026-12-02T10:00:00+08:00
expect 0 "after archiving" "$SOP" report --month 2026-11 --at HEAD --format json
equals "after archiving: same volume" "$(jv 'd["volume"]')" "$(OUT=$JSON jv 'd["volume"]')"
equals "after archiving: same resolutions" "$(jv 'd["resolution"]')" "$(OUT=$JSON jv 'd["resolution"]')"
equals "after archiving: same satisfaction" "$(jv 'd["satisfaction"]')" "$(OUT=$JSON jv 'd["satisfaction"]')"
expect 0 "--at an earlier commit" "$SOP" report --month 2026-11 --at "$REV~1" --format json
equals "--at REV~1: before X1" "$(jv 'd["as_of"]')" 2026-11-30T17:00:00+08:00
expect 4 "--at nothing" "$SOP" report --at no-such-rev
contains "--at nothing: error" "$ERR" "unknown revision 'no-such-rev'"
clean

# ---- bad periods: exit 2, nothing printed -------------------------------------------------------
for bad in "--month 2026-13" "--month 2026-1" "--quarter 2026Q5" "--quarter 2026-Q4" \
    "--from 2026-11-10 --to 2026-11-01" "--from 2026-11-31 --to 2026-12-01" "--from 2026-11-01" \
    "--month 2026-11 --quarter 2026Q4"; do
    # shellcheck disable=SC2086
    expect 2 "bad period: $bad" "$SOP" report $bad
    equals "bad period prints nothing: $bad" "$OUT" ""
    contains "bad period says why: $bad" "$ERR" "sop: error: "
done
expect 2 "bad format" "$SOP" report --format xml
