#!/usr/bin/env bash
# sop merge-driver: registered by sop init; `git pull` between two clones of a bare remote that
# both changed one ticket through sop verbs merges it semantically (events of both sides,
# merge-conflict events for incompatible changes), and the merge done in either clone gives the
# same file.
. "$(dirname "$0")/lib.sh"
cd "$WORK"

at() { echo "2026-11-24T$1:00+08:00"; } # at HH:MM
tfile() { echo "tickets/${1:2:1}/${1:3:1}/$1.yaml"; }
# events FILE ACTION: how many events of that action the ticket file holds.
events() { grep -c "^    action: $2\$" "$1"; }

# ---- registration ----
new_repo one
equals "attributes: tickets" "$(grep -c '^tickets/\*\*/\*\.yaml merge=sop$' one/.gitattributes)" 1
equals "attributes: articles" "$(grep -c '^kb/\*\.yaml merge=sop$' one/.gitattributes)" 1
equals "driver in the local config (sop run by path: its absolute path)" \
    "$(git -C one config --local merge.sop.driver)" "$SOP merge-driver %O %A %B %P"
run git -C one config --local merge.sop.name
[ -n "$OUT" ] && pass || fail "merge.sop.name is not set"
mkdir bin && ln -s "$SOP" bin/sop
(cd one && PATH="$WORK/bin:$PATH" sop init >/dev/null)
equals "sop on PATH is the running one: plain sop" \
    "$(git -C one config --local merge.sop.driver)" "sop merge-driver %O %A %B %P"
expect 0 "init again, by path" "$SOP" -C one init
equals "still one commit" "$(commits one)" 1

git init -q --bare -b main remote.git
git -C one remote add origin "$WORK/remote.git"
cd one
ID=$(new_ticket)
git push -q -u origin main 2>/dev/null || fail "push from one"
cd "$WORK"
git clone -q remote.git two 2>/dev/null
run git -C two config --local merge.sop.driver
equals "a fresh clone has no driver yet" "$OUT" ""
expect 0 "sop init in the clone registers it" "$SOP" -C two init
contains "the clone is a support repository" "$OUT" "already a support repository"
equals "...and gains no commit" "$(commits two)" 2
equals "...but the driver" "$(git -C two config --local merge.sop.driver)" "$SOP merge-driver %O %A %B %P"
equals "...and no rename detection in merges" "$(git -C two config --local merge.renames)" false
F=$(tfile "$ID")

# ---- compatible changes on both sides ----
(cd one && SOP_NOW=$(at 10:00) "$SOP" assign "$ID" "Bo Chen <bo@example.com>" >/dev/null &&
    SOP_NOW=$(at 10:05) "$SOP" note "$ID" "note from one" >/dev/null &&
    git push -q origin main 2>/dev/null) || fail "changes in one"
(cd two && SOP_NOW=$(at 10:01) "$SOP" route "$ID" --team ops >/dev/null &&
    SOP_NOW=$(at 10:02) "$SOP" note "$ID" "note from two" >/dev/null) || fail "changes in two"
cd two
expect 0 "git pull merges the ticket" git pull -q --no-rebase --no-edit origin main
equals "a merge commit" "$(git rev-list --min-parents=2 --count HEAD)" 1
contains "one's note" "$(cat "$F")" "note: note from one"
contains "two's note" "$(cat "$F")" "note: note from two"
contains "one's assignee" "$(cat "$F")" "assignee: Bo Chen <bo@example.com>"
contains "two's team" "$(cat "$F")" "team: ops"
equals "no merge-conflict event" "$(events "$F" merge-conflict)" 0
equals "events in time order" "$(grep '^  - at: ' "$F" | sed 's/.*"\(.*\)"/\1/' | tr '\n' ' ')" \
    "$(at 09:30) $(at 10:00) $(at 10:01) $(at 10:02) $(at 10:05) "
expect 0 "sop show reads the merged ticket" "$SOP" show "$ID" --format json
equals "state" "$(jv 'd["ticket"]["state"]')" new
equals "five events" "$(jv 'len(d["ticket"]["events"])')" 5
clean
git push -q origin main 2>/dev/null || fail "push from two"
(cd ../one && git pull -q --no-rebase origin main) || fail "one catches up"
cd "$WORK"

# ---- incompatible changes: both assign, both move the state ----
(cd one && SOP_NOW=$(at 11:00) "$SOP" assign "$ID" "Cy Wu <cy@example.com>" >/dev/null &&
    SOP_NOW=$(at 11:10) "$SOP" triage "$ID" --type fault --level 1 --category hardware >/dev/null &&
    git push -q origin HEAD:refs/heads/from-one 2>/dev/null) || fail "changes in one"
(cd two && SOP_NOW=$(at 11:05) "$SOP" assign "$ID" "Di Ma <di@example.com>" >/dev/null &&
    SOP_NOW=$(at 11:06) "$SOP" note "$ID" "two's note" >/dev/null &&
    git push -q origin HEAD:refs/heads/from-two 2>/dev/null) || fail "changes in two"
git -C one fetch -q origin && git -C two fetch -q origin
run git -C two merge --no-edit origin/from-one
equals "git merge in two: clean" "$RC" 0
contains "the driver says what it kept" "$ERR" "both sides changed assignee"
run git -C one merge --no-edit origin/from-two
equals "git merge in one: clean" "$RC" 0
if cmp -s "one/$F" "two/$F"; then pass; else
    fail "the merge in one and in two differ: $(diff "one/$F" "two/$F")"
fi
equals "one merge-conflict event" "$(events "two/$F" merge-conflict)" 1
cd two
expect 0 "sop show" "$SOP" show "$ID" --format json
equals "the later assignment is kept" "$(jv 'd["ticket"]["assignee"]')" "Di Ma <di@example.com>"
equals "the conflict names the field" \
    "$(jv '[e["field"] for e in d["ticket"]["events"] if e["action"] == "merge-conflict"][0]')" assignee
equals "...and keeps both values" \
    "$(jv '[(e["kept"], e["other"]) for e in d["ticket"]["events"] if e["action"] == "merge-conflict"][0]')" \
    '["Di Ma <di@example.com>", "Cy Wu <cy@example.com>"]'
equals "...by the driver, at the later side's last event" \
    "$(jv '[(e["by"], e["at"]) for e in d["ticket"]["events"] if e["action"] == "merge-conflict"][0]')" \
    "[\"sop merge-driver\", \"$(at 11:10)\"]"
equals "the state follows the log" "$(jv 'd["ticket"]["state"]')" triaged
equals "triage fields from one" "$(jv 'd["ticket"]["type"]')" fault
clean
expect 0 "sop works on after the merge" env SOP_NOW="$(at 12:00)" "$SOP" note "$ID" "after the merge"
clean
cd "$WORK"

# ---- the driver itself: symmetric, no identity needed, leaves what it cannot merge ----
M=$(git -C two rev-list --min-parents=2 -1 HEAD)
git -C two show "$M^1:$F" >ours.yaml
git -C two show "$M^2:$F" >theirs.yaml
git -C two show "$(git -C two merge-base "$M^1" "$M^2"):$F" >base.yaml
cp ours.yaml A && cp theirs.yaml B
expect 0 "driver without identity" env -u SOP_ACTOR -u GIT_AUTHOR_NAME -u GIT_AUTHOR_EMAIL \
    -u GIT_COMMITTER_NAME -u GIT_COMMITTER_EMAIL "$SOP" merge-driver base.yaml A theirs.yaml "$F"
expect 0 "driver, roles swapped" "$SOP" merge-driver base.yaml B ours.yaml "$F"
if cmp -s A B; then pass; else fail "merge(A,B) != merge(B,A): $(diff A B)"; fi
: >empty
cp ours.yaml C
expect 0 "no base: both added the file" "$SOP" merge-driver empty C theirs.yaml "$F"
printf 'title: [unclosed\n' >broken.yaml
cp ours.yaml D
expect 1 "a side that does not parse" "$SOP" merge-driver base.yaml D broken.yaml "$F"
contains "says why" "$ERR" "cannot merge"
contains "the file gets conflict markers" "$(cat D)" "<<<<<<< ours"
cp ours.yaml E
expect 1 "not a ticket or article" "$SOP" merge-driver base.yaml E theirs.yaml README.md

# Through git: a hand-broken ticket on one side is a normal conflict.
cd one
git reset -q --hard origin/from-one
printf 'title: [unclosed\n' >"$F" && git commit -q -am "break it by hand"
run git merge --no-edit origin/from-two
equals "git reports a conflict" "$RC" 1
contains "git names the file" "$OUT" "CONFLICT (content): Merge conflict in $F"
contains "the file has markers" "$(cat "$F")" "<<<<<<< ours"
git merge --abort
