#!/usr/bin/env bash
# Concurrent writers lose nothing: four sop processes noting the same ticket at once, and sop
# notes interleaved with plain `git commit`s of other files.
. "$(dirname "$0")/lib.sh"
cd "$WORK"

# notes_report: "<note events> <distinct notes> <notes seen more than once>" for $OUT.
notes_report() {
    jv '"%d %d %d" % (len([e for e in d["ticket"]["events"] if e["action"] == "note"]), len(set(e.get("note") for e in d["ticket"]["events"] if e["action"] == "note")), len([n for n in set(e.get("note") for e in d["ticket"]["events"]) if n and [e.get("note") for e in d["ticket"]["events"]].count(n) > 1]))'
}

# ---- four sop processes, 25 notes each, on one ticket ----
new_repo r
cd r
ID=$(new_ticket)
base=$(commits)
writer() { # writer N: 25 notes; exits non-zero if any failed
    local i rc=0
    for i in $(seq 1 25); do
        "$SOP" note "$ID" "writer $1 note $i" > /dev/null 2>> "$WORK/writer-$1.err" || rc=1
    done
    return $rc
}
pids=()
for w in 1 2 3 4; do writer "$w" & pids+=($!); done
for w in 1 2 3 4; do
    if wait "${pids[$((w - 1))]}"; then pass; else fail "writer $w failed: $(cat "$WORK/writer-$w.err")"; fi
done
equals "exactly 100 new commits" "$(commits)" $((base + 100))
expect 0 "show json" "$SOP" show "$ID" --format json
equals "100 note events, all distinct, none twice" "$(notes_report)" "100 100 0"
all_there=1
for w in 1 2 3 4; do for i in $(seq 1 25); do
    n=$(printf '%s' "$OUT" | grep -c "\"note\": \"writer $w note $i\"$")
    [ "$n" = 1 ] || { all_there=0; fail "'writer $w note $i' appears $n times"; }
done; done
[ "$all_there" = 1 ] && pass
equals "every new commit is a note on the ticket" \
    "$(git log -100 --format='%(trailers:key=Sop-Action,valueonly,separator=%x2C) %(trailers:key=Sop-Ticket,valueonly,separator=%x2C)' | sort | uniq -c | sed 's/^ *//')" \
    "100 note $ID"
equals "history is linear" "$(git rev-list --min-parents=2 --count HEAD)" 0
expect 0 "log json" "$SOP" log "$ID" --format json
equals "log has new + 100 notes" "$(jv 'len(d["log"])')" 101
P="tickets/${ID:2:1}/${ID:3:1}/$ID.yaml"
if cmp -s "$P" <(git show "HEAD:$P"); then pass; else fail "working-tree file differs from HEAD"; fi
clean
if [ -e .git/sop/journal ]; then fail "a journal was left behind"; else pass; fi

# ---- sop notes interleaved with git commits ----
# git commit holds .git/index.lock while it builds a tree from the index and moves the branch;
# sop must neither make git undo a published note (a tree from a stale index) nor write back a
# stale index over git's `git add`.
cd "$WORK"
new_repo g
cd g
ID=$(new_ticket)
P="tickets/${ID:2:1}/${ID:3:1}/$ID.yaml"
echo 0 > unrelated.txt && git add unrelated.txt && git commit -q -m "unrelated 0"
export GIT_AUTHOR_DATE="2026-11-24T12:00:00+08:00" GIT_COMMITTER_DATE="2026-11-24T12:00:00+08:00"

# Deterministic first: git holds the index lock (as `git commit` does while it runs) during a
# sop note, then commits. sop may wait for the lock or refuse, but it must not publish a note
# that the git commit then undoes.
h0=$(git rev-parse HEAD)
: > .git/index.lock
( sleep 0.5; rm -f .git/index.lock ) & unlocker=$!
run "$SOP" note "$ID" "while git holds the index"
note_rc=$RC note_err=$ERR
wait "$unlocker"
if [ "$note_rc" -eq 0 ]; then
    pass
else
    equals "a refused note publishes nothing ($note_err)" "$(git rev-parse HEAD)" "$h0"
fi
git commit -q --allow-empty -m "unrelated while locked"
if [ "$note_rc" -eq 0 ]; then
    if git show "HEAD:$P" | grep -q "while git holds the index"; then pass; else
        fail "sop said the note was recorded; git's next commit undid it"; fi
fi
equals "the git commit touched nothing" "$(git diff-tree --no-commit-id --name-only -r HEAD)" ""
git checkout -q HEAD -- "$P" 2>/dev/null # leave a usable repository for what follows
rm -f .git/sop/journal
clean

git_loop() { # 30 commits: odd ones change unrelated.txt, even ones are --allow-empty; retries
    local i tries    # while git finds the index or the branch locked, as a user would
    for i in $(seq 1 30); do
        tries=0
        if [ $((i % 2)) = 1 ]; then
            until { echo "$i" > unrelated.txt && git add unrelated.txt && git commit -q -m "unrelated $i"; } 2>> "$WORK/git.err"; do
                tries=$((tries + 1)); [ "$tries" -lt 200 ] || return 1; sleep 0.01
            done
        else
            until git commit -q --allow-empty -m "unrelated $i" 2>> "$WORK/git.err"; do
                tries=$((tries + 1)); [ "$tries" -lt 200 ] || return 1; sleep 0.01
            done
        fi
    done
}
sop_loop() { # sop_loop N: 20 notes; records "<exit code> <text>" per note
    local i
    for i in $(seq 1 20); do
        "$SOP" note "$ID" "mixed $1 note $i" > /dev/null 2>> "$WORK/mixed-$1.err"
        echo "$? mixed $1 note $i" >> "$WORK/mixed-$1.rc"
    done
}
git_loop & gpid=$!
sop_loop 1 & s1=$!
sop_loop 2 & s2=$!
if wait "$gpid"; then pass; else fail "git loop gave up: $(tail -5 "$WORK/git.err")"; fi
wait "$s1" "$s2"

# The next sop command repairs whatever an interrupted one left; it must not be needed here.
expect 0 "show json" "$SOP" show "$ID" --format json
equals "no repair was needed" "$ERR" ""
cat "$WORK/mixed-1.rc" "$WORK/mixed-2.rc" > "$WORK/mixed.rc"
ok_lost=0 failed=0
while read -r rc text; do
    n=$(printf '%s' "$OUT" | grep -c "\"note\": \"$text\"$")
    if [ "$rc" = 0 ] && [ "$n" != 1 ]; then
        ok_lost=$((ok_lost + 1)); fail "'$text': sop said it was recorded, HEAD has it $n times"
    fi
    [ "$rc" = 0 ] || failed=$((failed + 1))
done < "$WORK/mixed.rc"
equals "no acknowledged note was lost" "$ok_lost" 0
equals "every sop note succeeded" "$failed" 0
[ "$failed" = 0 ] || echo "  sop errors: $(sort "$WORK"/mixed-*.err | uniq -c | sort -rn | head -5)" >&2
# 40 mixed notes, plus the one taken while git held the index if sop waited for it.
extra=$([ "$note_rc" -eq 0 ] && echo 1 || echo 0)
equals "40 note events (+$extra), all distinct, none twice" "$(notes_report)" "$((40 + extra)) $((40 + extra)) 0"
equals "40 sop note commits" "$(git log --format=%s | grep -c "^$ID: note: mixed [12] note [0-9]*$")" 40
equals "all 30 git commits present" "$(git log --format=%s | grep -c '^unrelated [0-9]*$')" 31
equals "unrelated.txt is the last git commit's" "$(git show HEAD:unrelated.txt)" 29
# No git commit undid a sop change: none of them touched the ticket.
touched=$(git log --format='%H %s' | grep ' unrelated [0-9]*$' | while read -r c _; do
    git diff-tree --no-commit-id --name-only -r "$c"; done | sort -u | tr '\n' ' ')
equals "git commits touched only unrelated.txt" "$touched" "unrelated.txt "
if cmp -s "$P" <(git show "HEAD:$P"); then pass; else fail "working-tree ticket differs from HEAD"; fi
equals "index entry of the ticket is HEAD's" "$(git ls-files -s "$P" | cut -d' ' -f2)" "$(git rev-parse "HEAD:$P")"
equals "index entry of unrelated.txt is HEAD's" "$(git ls-files -s unrelated.txt | cut -d' ' -f2)" "$(git rev-parse HEAD:unrelated.txt)"
clean
