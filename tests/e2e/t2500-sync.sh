#!/usr/bin/env bash
# sop sync: three clones of one bare remote change the same tickets at the same time and sync
# in turn, twice; afterwards they hold the same commits and files, every event of every clone,
# and a clean `sop validate --all` and `git fsck`. The same merge made by `git merge` with the
# driver gives the same tree. Transports: a path, file:// and git daemon on loopback.
. "$(dirname "$0")/lib.sh"
export PATH="$(dirname "$SOP"):$PATH" # the merge driver `sop init` registers is this sop

cd "$WORK"
git init -q --bare -b main remote.git
at() { SOP_NOW="2026-11-24T$1:00+08:00"; export SOP_NOW; }
BEA="Bea Chen <bea@example.com>"
CAI="Cai Wu <cai@example.com>"

# ---- the first clone makes the repository and publishes it ----
new_repo a
cd a
git remote add origin "$WORK/remote.git"
at 09:00
T1=$(TITLE="Shared printer offline" new_ticket)
T2=$(TITLE="VPN drops every hour" new_ticket)
T0=$(TITLE="Duplicate of the printer one" new_ticket)
expect 0 "the first sync publishes the branch" "$SOP" sync
contains "pushed" "$OUT" "main: ahead of origin/main, pushed"
equals "the remote has the branch" "$(git -C "$WORK/remote.git" rev-parse main)" "$(git rev-parse HEAD)"
expect 0 "nothing to do" "$SOP" sync
contains "up to date" "$OUT" "main: up to date with origin/main"
lacks "nothing pushed" "$OUT" "pushed"
clean

# ---- two more clones: one by path, one by file:// URL ----
cd "$WORK"
git clone -q "$WORK/remote.git" b
git clone -q "file://$WORK/remote.git" c
for d in b c; do
    (cd "$d" && "$SOP" init >/dev/null) || fail "sop init in clone $d"
    equals "init in a clone registers the driver ($d)" "$(git -C "$d" config merge.sop.driver)" \
        "sop merge-driver %O %A %B %P"
    equals "init in a clone commits nothing ($d)" "$(git -C "$d" rev-list --count HEAD)" \
        "$(git -C a rev-list --count HEAD)"
done

# ---- concurrent work: new tickets, notes on the same ticket, one field set differently,
# one ticket archived in one clone and noted in another ----
cd "$WORK/a"
at 10:00
A1=$(TITLE="Mail quota full" new_ticket)
act "a notes T1" "$SOP" note "$T1" "checked the spooler (a)"
act "a cancels T0" "$SOP" cancel "$T0" --reason "duplicate of the printer ticket"
act "a archives T0" "$SOP" archive "$T0"
cd "$WORK/b"
at 10:05
B1=$(TITLE="Laptop will not boot" new_ticket)
act "b notes T1" "$SOP" note "$T1" "power-cycled the printer (b)"
act "b assigns T2" "$SOP" assign "$T2" "$BEA"
act "b notes T0" "$SOP" note "$T0" "the requester called again (b)"
cd "$WORK/c"
at 10:10
C1=$(TITLE="Projector flickers" new_ticket)
act "c notes T1" "$SOP" note "$T1" "replaced the network cable (c)"
act "c assigns T2" "$SOP" assign "$T2" "$CAI"

# What each clone knew before syncing: every one of these events must survive.
mkdir -p "$WORK/before"
for d in a b c; do
    for id in "$T1" "$T2"; do git -C "$WORK/$d" show "HEAD:$(path_of "$id")" >"$WORK/before/$d-$id.yaml"; done
done
git -C "$WORK/b" show "HEAD:$(path_of "$T0")" >"$WORK/before/b-$T0.yaml"
git -C "$WORK/a" show "sop-archive:$(path_of "$T0")" >"$WORK/before/a-$T0.yaml"

# ---- all sync in turn, twice ----
at 11:00
for round in 1 2; do
    for d in a b c; do
        cd "$WORK/$d"
        expect 0 "round $round: $d syncs" "$SOP" sync
        clean
        if [ "$round" = 1 ] && [ "$d" = b ]; then
            contains "b merges" "$OUT" "main: merged origin/main"
            contains "b takes the archive branch" "$OUT" "sop-archive: fast-forward"
            contains "b merges the noted ticket a archived" "$ERR" "$(path_of "$T0"): archived on one side and changed on the other: merged, and archived"
        fi
        if [ "$round" = 1 ] && [ "$d" = c ]; then
            contains "c merges T2's assignee conflict" "$OUT" "changed on both sides"
            contains "c warns about the unsettled conflict" "$ERR" "warning: $(path_of "$T2"): assignee: merge conflict"
        fi
        if [ "$round" = 2 ] && [ "$d" != c ]; then
            contains "round 2: $d fast-forwards" "$OUT" "main: fast-forward"
        fi
    done
done

cd "$WORK"
HEADS=$(for d in a b c; do git -C "$d" rev-parse HEAD; done | sort -u | wc -l)
equals "every clone has the same commits" "$HEADS" 1
equals "and the remote too" "$(git -C remote.git rev-parse main)" "$(git -C a rev-parse HEAD)"
ARCH=$(for d in a b c; do git -C "$d" rev-parse sop-archive; done | sort -u | wc -l)
equals "every clone has the same archive branch" "$ARCH" 1
equals "and the remote too" "$(git -C remote.git rev-parse sop-archive)" "$(git -C a rev-parse sop-archive)"
for d in a b c; do
    (cd "$d" && clean)
    equals "same files in $d" "$(git -C "$d" ls-files -s | git hash-object --stdin)" \
        "$(git -C a ls-files -s | git hash-object --stdin)"
done

# Every event of every clone is in the synced file (events compared as JSON values).
events_kept() { # BEFORE AFTER: prints the events of BEFORE missing from AFTER
    python3 - "$1" "$2" <<'EOF'
import sys
# sop writes canonical YAML: an event is the block of lines from "  - " under "events:" to the
# next such line or the next top-level key, the same text wherever it is written.
def events(path):
    blocks, inside = [], False
    for line in open(path, encoding="utf-8"):
        if not line.startswith(" "):
            inside = line.rstrip() == "events:"
            continue
        if inside:
            if line.startswith("  - "): blocks.append("")
            blocks[-1] += line
    return blocks
after = events(sys.argv[2])
for e in events(sys.argv[1]):
    if e not in after: print(e)
EOF
}
cd "$WORK/a"
for d in a b c; do
    for id in "$T1" "$T2"; do
        git show "HEAD:$(path_of "$id")" >"$WORK/after-$id.yaml"
        equals "every event of $d's $id is kept" "$(events_kept "$WORK/before/$d-$id.yaml" "$WORK/after-$id.yaml")" ""
    done
done
git show "sop-archive:$(path_of "$T0")" >"$WORK/after-$T0.yaml"
if git cat-file -e "HEAD:$(path_of "$T0")" 2>/dev/null; then fail "T0 is still live"; else pass; fi
equals "b's note on the archived ticket is kept" "$(events_kept "$WORK/before/b-$T0.yaml" "$WORK/after-$T0.yaml")" ""
equals "a's cancellation is kept as well" "$(events_kept "$WORK/before/a-$T0.yaml" "$WORK/after-$T0.yaml")" ""
for note in "(a)" "(b)" "(c)"; do
    contains "T1 holds the note $note" "$(cat "$WORK/after-$T1.yaml")" "$note"
done

# No ID collided: six tickets, six files (T0 archived, with the note made after it was).
equals "five live tickets" "$(git ls-tree -r --name-only HEAD tickets | wc -l)" 5
for id in "$A1" "$B1" "$C1" "$T1" "$T2"; do
    if git cat-file -e "HEAD:$(path_of "$id")" 2>/dev/null; then pass; else fail "$id missing"; fi
done
equals "six distinct IDs" "$(printf '%s\n' "$A1" "$B1" "$C1" "$T1" "$T2" "$T0" | sort -u | wc -l)" 6
run "$SOP" show "$T0" --format json
equals "the archived ticket stays cancelled" "$(jv 'd["ticket"]["state"]')" cancelled

# The assignee conflict is named by validate until someone settles it.
expect 5 "validate names the unsettled conflict" "$SOP" validate --all
contains "the conflict" "$OUT" "$(path_of "$T2"): assignee: merge conflict"
run "$SOP" show "$T2" --format json
equals "the later assignment is kept" "$(jv 'd["ticket"]["assignee"]')" "$CAI"
at 11:30
act "settling it with sop edit (kept as merged)" env EDITOR=true "$SOP" edit "$T2"
equals "says what it settled" "$OUT" "$T2: settled the merge conflict on assignee"
equals "the commit says so" "$(git log -1 --format=%s)" "$T2: settled the merge conflict on assignee"
expect 0 "validate is clean now" "$SOP" validate --all
expect 0 "a shares the settlement" "$SOP" sync
for d in b c; do
    cd "$WORK/$d"
    expect 0 "$d takes it" "$SOP" sync
    expect 0 "validate --all is clean in $d" "$SOP" validate --all
    clean
done
cd "$WORK"
equals "all three agree again" "$(for d in a b c; do git -C "$d" rev-parse HEAD; done | sort -u | wc -l)" 1
# Every commit of both branches is a legal sop action: the merges, the archive branch's merge
# of the ticket noted after it was archived, the settling edit.
cd "$WORK/c"
expect 0 "sop verify: the synced history" "$SOP" verify HEAD
expect 0 "sop verify: the archive branch" "$SOP" verify sop-archive
cd "$WORK"

# ---- the git CLI merge gives the same tree as sop sync ----
cd "$WORK/a"
at 12:00
act "a notes T1 again" "$SOP" note "$T1" "printer back online (a)"
act "a assigns T1" "$SOP" assign "$T1" "$BEA"
expect 0 "a syncs" "$SOP" sync
cd "$WORK/b"
at 12:05
act "b notes T1 again" "$SOP" note "$T1" "confirmed with the requester (b)"
act "b assigns T1" "$SOP" assign "$T1" "$CAI"
cd "$WORK"
cp -a b b-git
cd "$WORK/b-git"
git fetch -q origin
if git merge -q --no-edit origin/main >/dev/null 2>&1; then pass; else fail "git merge with the driver"; fi
cd "$WORK/b"
expect 0 "b syncs" "$SOP" sync
equals "git merge and sop sync give the same tree" "$(git -C "$WORK/b-git" rev-parse 'HEAD^{tree}')" \
    "$(git -C "$WORK/b" rev-parse 'HEAD^{tree}')"
equals "the same ticket file" "$(git -C "$WORK/b-git" show "HEAD:$(path_of "$T1")" | git hash-object --stdin)" \
    "$(git -C "$WORK/b" show "HEAD:$(path_of "$T1")" | git hash-object --stdin)"

# ---- git daemon on loopback ----
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
git daemon --export-all --enable=receive-pack --base-path="$WORK" --listen=127.0.0.1 \
    --port="$PORT" --reuseaddr --pid-file="$WORK/daemon.pid" --detach "$WORK"
trap 'kill "$(cat "$WORK/daemon.pid" 2>/dev/null)" 2>/dev/null; finish; exit $?' EXIT
for _ in $(seq 50); do git ls-remote "git://127.0.0.1:$PORT/remote.git" >/dev/null 2>&1 && break; sleep 0.1; done
cd "$WORK"
git clone -q "git://127.0.0.1:$PORT/remote.git" d
cd d
"$SOP" init >/dev/null
at 13:00
D1=$(TITLE="Badge reader dead" new_ticket)
expect 0 "sync over git://" "$SOP" sync
contains "pushed over git://" "$OUT" "pushed"
equals "the remote has it" "$(git -C "$WORK/remote.git" rev-parse main)" "$(git rev-parse HEAD)"
cd "$WORK/c"
expect 0 "c syncs by URL (no remote name)" "$SOP" sync "git://127.0.0.1:$PORT/remote.git"
contains "by URL" "$OUT" "sop-archive: up to date with sop-archive of git://127.0.0.1:$PORT/remote.git"
if git cat-file -e "HEAD:$(path_of "$D1")"; then pass; else fail "c has D's ticket"; fi
clean

# ---- the remote moves while the push is under way: fetch, merge and push again ----
# The remote's pre-receive hook (git daemon runs it) plays another clone pushing first, once.
cat >"$WORK/remote.git/hooks/pre-receive" <<'HOOK'
#!/bin/sh
[ -e "$GIT_DIR/moved-once" ] && exit 0
touch "$GIT_DIR/moved-once"
unset GIT_QUARANTINE_PATH GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES
export GIT_INDEX_FILE="$GIT_DIR/other-index"
git read-tree refs/heads/main
blob=$(echo "written by another clone" | git hash-object -w --stdin)
git update-index --add --cacheinfo "100644,$blob,NOTES.txt"
c=$(git commit-tree "$(git write-tree)" -p refs/heads/main -m "another clone")
git update-ref refs/heads/main "$c"
rm -f "$GIT_INDEX_FILE"
HOOK
chmod +x "$WORK/remote.git/hooks/pre-receive"
cd "$WORK/d"
at 13:30
D2=$(TITLE="Scanner jams" new_ticket)
expect 0 "sync while the remote moves" "$SOP" sync --format json
equals "a second round" "$(jv 'd["attempts"]')" 2
equals "merged the other push" "$(jv 'd["branches"][0]["result"]')" merged
equals "pushed" "$(jv 'd["branches"][0]["pushed"]')" true
equals "the remote has both" "$(git -C "$WORK/remote.git" log --format=%s main -3 | sort | tr '\n' '|')" \
    "T-${D2#T-}: new ticket: Scanner jams|another clone|sync: merge origin/main into main|"
equals "d is the remote's tip" "$(git -C "$WORK/remote.git" rev-parse main)" "$(git rev-parse HEAD)"
clean
rm "$WORK/remote.git/hooks/pre-receive"

# ---- refusals ----
cd "$WORK/c"
expect 4 "an unknown remote" "$SOP" sync nowhere
contains "says so" "$ERR" "'nowhere' is neither a remote nor a repository"
git remote remove origin
expect 2 "no remote at all" "$SOP" sync
contains "says how" "$ERR" "git remote add origin URL"
git remote add origin "$WORK/remote.git"
# A clone's checked-out branch is never pushed into (git's receive.denyCurrentBranch).
cd "$WORK/a"
at 13:45
act "a notes T1 once more" "$SOP" note "$T1" "toner ordered (a)"
expect 3 "pushing into a clone's checked-out branch is refused" "$SOP" sync "$WORK/c"
contains "says why" "$ERR" "refusing to update the checked-out branch 'main' of '$WORK/c'"
equals "c's branch did not move" "$(git -C "$WORK/c" status --porcelain)" ""
expect 0 "fetching from it is fine" "$SOP" sync "$WORK/c" --no-push
# A hand-edited file that the merge would change is refused, and nothing is lost.
cd "$WORK/a"
at 14:00
act "a notes T2" "$SOP" note "$T2" "router firmware updated (a)"
expect 0 "a syncs" "$SOP" sync
cd "$WORK/c"
echo "# my draft" >>"$(path_of "$T2")"
expect 6 "a dirty file the merge changes is refused" "$SOP" sync
contains "names the file" "$ERR" "$(path_of "$T2")"
contains "the draft is kept" "$(tail -1 "$(path_of "$T2")")" "# my draft"
git checkout -q -- "$(path_of "$T2")"
expect 0 "after putting it back" "$SOP" sync
clean
