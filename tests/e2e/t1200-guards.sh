#!/usr/bin/env bash
# Every guard of the procedure refuses with exit 3, names itself and what would satisfy it,
# and writes nothing: no commit, a clean working tree and index.
. "$(dirname "$0")/lib.sh"

new_repo "$WORK/desk"
cd "$WORK/desk" || exit 1
python3 - <<'PY'
p = ".sop/config.yaml"
s = open(p).read()
s = s.replace("remote_tools: []", "remote_tools: [RustDesk]")
open(p, "w").write(s)
PY
git add .sop/config.yaml && git commit -qm "approved tools"

# refused GUARD DESCRIPTION CMD...: exit 3, "[guard: GUARD]" and a hint, nothing written.
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

T=$(new_ticket)
refused state "diagnose a new ticket" "$SOP" diagnose "$T"
refused state "plan a new ticket" "$SOP" plan "$T" --step s --risk r --mitigation m
refused routing "triage level 2 without a team" "$SOP" triage "$T" --type fault --level 2 --category network
refused routing "triage level 4 without a team" "$SOP" triage "$T" --type fault --level 4 --category network
expect 5 "an unknown team is invalid data" "$SOP" triage "$T" --type fault --level 2 --category network --team nobody
contains "unknown team lists the teams" "$ERR" "support, rnd, ops"
expect 5 "an unknown type is invalid data" "$SOP" triage "$T" --type gossip --level 1 --category network
expect 5 "level 5 is invalid data" "$SOP" triage "$T" --type fault --level 5 --category network
expect 2 "triage without --level is a usage error" "$SOP" triage "$T" --type fault --category network
refused state "escalate an untriaged ticket" "$SOP" escalate "$T" --reason r
ok "$SOP" triage "$T" --type fault --level 1 --category network
refused state "triage twice" "$SOP" triage "$T" --type fault --level 1 --category network
refused reason "escalate without a reason" "$SOP" escalate "$T"
refused routing "escalate to level 2 without a team" "$SOP" escalate "$T" --reason r
refused level "escalate to the same level" "$SOP" escalate "$T" --level 1 --reason r
ok "$SOP" route "$T" --team ops
refused no-change "route to the same team" "$SOP" route "$T" --team ops
ok "$SOP" assign "$T" me
refused no-change "assign to the same person" "$SOP" assign "$T" me

# Remote sessions: consent, disclosure, the approved tool, one at a time.
refused consent "remote without consent" "$SOP" remote "$T" --purpose p --scope s --tool RustDesk
refused consent "remote without who consented" "$SOP" remote "$T" --consent verbal --purpose p --scope s --tool RustDesk
refused disclosure "remote without purpose and scope" "$SOP" remote "$T" --consent written --granted-by "Wang Fang" --tool RustDesk
refused approved-tool "remote without a tool" "$SOP" remote "$T" --consent written --granted-by "Wang Fang" --purpose p --scope s
refused approved-tool "remote with an unapproved tool" "$SOP" remote "$T" --consent written --granted-by "Wang Fang" --purpose p --scope s --tool TeamViewer
contains "the approved tools are listed" "$ERR" "RustDesk"
expect 5 "unknown consent kind" "$SOP" remote "$T" --consent nodded --granted-by "Wang Fang" --purpose p --scope s --tool RustDesk
refused open-session "end a session that is not open" "$SOP" remote "$T" --end
ok "$SOP" remote "$T" --consent written --granted-by "Wang Fang" --purpose p --scope s --tool RustDesk
refused one-session "a second session while one is open" "$SOP" remote "$T" --consent written --granted-by "Wang Fang" --purpose p --scope s --tool RustDesk
refused remote-session "cancel with an open session" "$SOP" cancel "$T" --reason r
ok "$SOP" remote "$T" --end

# Plans: steps, risks with their countermeasures, rollback and window when it touches anything.
ok "$SOP" diagnose "$T"
refused plan-steps "a plan without steps" "$SOP" plan "$T" --risk r --mitigation m
refused risks "a plan without risks" "$SOP" plan "$T" --step s
refused risks "a risk without its mitigation" "$SOP" plan "$T" --step s --risk r1 --risk r2 --mitigation m1
refused rollback-plan "a business-touching plan without rollback" "$SOP" plan "$T" --step s --risk r --mitigation m --touches-business --window 2026-11-24/2026-11-25
refused time-window "a data-touching plan without a window" "$SOP" plan "$T" --step s --risk r --mitigation m --touches data --rollback back
expect 5 "an unknown --touches value" "$SOP" plan "$T" --step s --risk r --mitigation m --touches everything
expect 5 "a window that ends before it starts" "$SOP" plan "$T" --step s --risk r --mitigation m --touches data --rollback b --window 2026-11-25/2026-11-24
refused state "implement without a plan" "$SOP" implement "$T"
refused state "confirm without a plan" "$SOP" confirm "$T" --by "Wang Fang"
ok "$SOP" plan "$T" --step s --risk r --mitigation m --touches business,data --rollback b --window 2026-11-24T09:00:00+08:00/2026-11-24T10:00:00+08:00
refused customer-confirmation "implement a business-touching plan unconfirmed" "$SOP" implement "$T" --backup b
ok "$SOP" confirm "$T" --by "Wang Fang"
refused no-change "confirm twice" "$SOP" confirm "$T" --by "Wang Fang"
refused backup "implement a data-touching plan without a backup" "$SOP" implement "$T"
SOP_NOW=2026-11-24T11:00:00+08:00 refused time-window "implement outside the agreed window" "$SOP" implement "$T" --backup b
refused state "verify before implementing" "$SOP" verify "$T" --pass --steps s
refused state "rollback before implementing" "$SOP" rollback "$T" --reason r
ok "$SOP" implement "$T" --backup "config export"
refused reason "rollback without a reason" "$SOP" rollback "$T"
refused verification-steps "verify without steps" "$SOP" verify "$T" --pass
expect 2 "verify with both --pass and --fail" "$SOP" verify "$T" --pass --fail --steps s
expect 2 "verify with neither" "$SOP" verify "$T" --steps s
refused state "survey before resolved" "$SOP" survey "$T" --speed 5 --quality 5 --attitude 5
refused state "close before resolved" "$SOP" close "$T" --problem p --diagnosis d --solution s --outcome o --feedback f --advice a
ok "$SOP" verify "$T" --pass --steps s
refused survey "close without a survey" "$SOP" close "$T" --problem p --diagnosis d --solution s --outcome o --feedback f --advice a
refused survey-scores "a survey with a score missing" "$SOP" survey "$T" --speed 5 --quality 5
expect 5 "a score out of range" "$SOP" survey "$T" --speed 6 --quality 5 --attitude 5
expect 2 "scores and --none together" "$SOP" survey "$T" --speed 5 --quality 5 --attitude 5 --none x
ok "$SOP" survey "$T" --speed 2 --quality 4 --attitude 5
refused closure-summary "close with an incomplete summary" "$SOP" close "$T" --problem p --solution s
contains "the missing parts are named" "$ERR" "--diagnosis --outcome --feedback --advice"
refused unhappy-user "close after an unhappy survey without follow-up" "$SOP" close "$T" --problem p --diagnosis d --solution s --outcome o --feedback f --advice a
ok "$SOP" close "$T" --problem p --diagnosis d --solution s --outcome o --feedback f --advice a --follow-up "called back; fixed the remaining issue"
refused state "assign a closed ticket" "$SOP" assign "$T" me
contains "a closed ticket points at reopen" "$ERR" "sop reopen"
refused reason "reopen without a reason" "$SOP" reopen "$T"
refused state "cancel a closed ticket" "$SOP" cancel "$T" --reason r

# Level 2 reaches resolved only by a passed verification; level 1 by an answer.
U=$(new_ticket)
ok "$SOP" triage "$U" --type fault --level 2 --category network --team ops
refused verified-solution "resolve a level-2 ticket with an answer" "$SOP" resolve "$U" --answer a
V=$(new_ticket)
ok "$SOP" triage "$V" --type consultation --level 1 --category software
refused answer "resolve without an answer" "$SOP" resolve "$V"
refused reason "cancel without a reason" "$SOP" cancel "$V"
ok "$SOP" link "$V" --related "$U"
refused no-change "link the same ticket twice" "$SOP" link "$V" --related "$U"
expect 2 "link needs --related or --kb" "$SOP" link "$V"
expect 2 "a malformed KB ID" "$SOP" link "$V" --kb KB-../../etc
expect 4 "an unknown KB article" "$SOP" link "$V" --kb KB-0000000000AB
expect 4 "an unknown duplicate" "$SOP" cancel "$V" --reason dup --duplicate-of T-ZZZZ
refused state "resume a ticket that is not pending" "$SOP" resume "$V"
expect 5 "wait on something unknown" "$SOP" wait "$V" --on weather
# A ticket file with uncommitted edits is refused by every verb (exit 6), nothing written.
path=$(git ls-files "tickets/*/$V.yaml")
echo "# hand edit" >> "$path"
before=$(commits)
expect 6 "a dirty ticket file" "$SOP" diagnose "$V"
equals "dirty: no commit" "$(commits)" "$before"
git checkout -q -- "$path"
clean
