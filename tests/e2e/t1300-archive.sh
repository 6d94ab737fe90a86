#!/usr/bin/env bash
# sop archive moves closed and cancelled tickets to refs/heads/sop-archive: one commit on each
# branch, both published in one step; readers (show, log, list) still see archived tickets.
. "$(dirname "$0")/lib.sh"
cd "$WORK"

# Hand commits get a fixed date too: tests never depend on the wall clock.
export GIT_AUTHOR_DATE="2026-11-25T12:00:00+08:00" GIT_COMMITTER_DATE="2026-11-25T12:00:00+08:00"
A=refs/heads/sop-archive

# cancel_by_hand ID AT: what `sop cancel` will record, written and committed with plain git.
cancel_by_hand() {
    local p
    p=$(path_of "$1")
    sed -i 's/^state: .*/state: cancelled/' "$p"
    printf '  - at: "%s"\n    by: Ann Lee <ann@example.com>\n    action: cancel\n    from: new\n    to: cancelled\n' "$2" >>"$p"
    git commit -q -m "$1: cancelled" -m "Sop-Ticket: $1
Sop-Action: cancel
Sop-From: new
Sop-To: cancelled" -- "$p"
}

new_repo r
cd r
OPEN=$(TITLE="Still open" new_ticket)
C1=$(TITLE="Duplicate request" new_ticket)
C2=$(TITLE="Spam" new_ticket)
C3=$(TITLE="Withdrawn later" new_ticket)
cancel_by_hand "$C1" 2026-11-24T10:00:00+08:00
cancel_by_hand "$C2" 2026-11-24T11:00:00+08:00
cancel_by_hand "$C3" 2026-11-30T09:00:00+08:00
clean
export SOP_NOW=2026-12-01T09:00:00+08:00

# ---- refusals and usage: nothing written ----
h0=$(git rev-parse HEAD)
expect 2 "no IDs and no --closed-before" "$SOP" archive
contains "usage error" "$ERR" "sop: error:"
expect 2 "IDs and --closed-before" "$SOP" archive "$C1" --closed-before 2026-11-25
expect 2 "a bad date" "$SOP" archive --closed-before yesterday
expect 3 "an open ticket is refused" "$SOP" archive "$OPEN"
contains "names the ticket and its state" "$ERR" "cannot archive '$OPEN': it is new"
contains "names the guard" "$ERR" "closed-or-cancelled"
expect 3 "one open ticket among closed ones refuses all" "$SOP" archive "$C1" "$OPEN"
expect 4 "an unknown ticket" "$SOP" archive T-ZZZZZZZZZZZZ
equals "no commit" "$(git rev-parse HEAD)" "$h0"
if git rev-parse -q --verify "$A" >/dev/null; then fail "archive branch created by a refusal"; else pass; fi
clean

# ---- dry run ----
expect 0 "dry run" "$SOP" archive --closed-before 2026-11-25 --dry-run
contains "dry run names C1" "$OUT" "would archive $C1"
contains "dry run names C2" "$OUT" "would archive $C2"
lacks "dry run skips the later one" "$OUT" "$C3"
contains "dry run summary" "$OUT" "would archive 2 tickets"
equals "dry run: no commit" "$(git rev-parse HEAD)" "$h0"
if git rev-parse -q --verify "$A" >/dev/null; then fail "dry run created the archive branch"; else pass; fi

# ---- --closed-before: one commit per branch ----
expect 0 "archive by date" "$SOP" archive --closed-before 2026-11-25
equals "one line per ticket, then a summary" "$(printf '%s\n' "$OUT" | wc -l | tr -d ' ')" 3
contains "C1 archived" "$OUT" "archived $C1"
contains "C2 archived" "$OUT" "archived $C2"
contains "summary" "$OUT" "archived 2 tickets"
equals "one new commit on HEAD" "$(git rev-list --count "$h0..HEAD")" 1
equals "archive branch: one root commit" "$(git rev-list --count "$A")" 1
equals "subject" "$(git log -1 --format=%s)" "archive: 2 tickets"
equals "Sop-Action" "$(trailer Sop-Action)" archive
equals "Sop-Ticket per ticket" "$(trailer Sop-Ticket | sort | tr '\n' ' ')" "$(printf '%s\n' "$C1" "$C2" | sort | tr '\n' ' ')"
equals "same message on the archive branch" "$(git log -1 --format=%B "$A")" "$(git log -1 --format=%B HEAD)"
equals "author is the actor" "$(git log -1 --format='%an <%ae> %aI' "$A")" "Ann Lee <ann@example.com> 2026-12-01T09:00:00+08:00"
equals "HEAD's commit only deletes the two files" "$(git diff-tree --no-commit-id --name-status -r HEAD | sort)" \
    "$(printf 'D\t%s\nD\t%s\n' "$(path_of "$C1")" "$(path_of "$C2")" | sort)"
equals "the archive holds them at the same path" "$(git ls-tree -r --name-only "$A" | sort)" \
    "$(printf '%s\n' "$(path_of "$C1")" "$(path_of "$C2")" | sort)"
equals "byte for byte" "$(git rev-parse "$A:$(path_of "$C1")")" "$(git rev-parse "$h0:$(path_of "$C1")")"
[ -e "$(path_of "$C1")" ] && fail "working-tree file left behind" || pass
equals "index entries gone" "$(git ls-files "$(path_of "$C1")" "$(path_of "$C2")")" ""
clean

# ---- by ID, onto the existing archive branch ----
a0=$(git rev-parse "$A") h1=$(git rev-parse HEAD)
SOP_NOW=2026-12-02T09:00:00+08:00 expect 0 "archive one by prefix" "$SOP" archive "${C3:0:8}"
equals "one line and a summary" "$(printf '%s\n' "$OUT" | wc -l | tr -d ' ')" 2
equals "single-ticket subject" "$(git log -1 --format=%s)" "$C3: archived"
equals "archive parent is the previous tip" "$(git rev-parse "$A~1")" "$a0"
equals "one commit on HEAD" "$(git rev-list --count "$h1..HEAD")" 1
clean
expect 3 "an archived ticket cannot be archived again" "$SOP" archive "$C3"
contains "says it is archived" "$ERR" "is archived"
expect 0 "nothing left to archive by date" "$SOP" archive --closed-before 2027-01-01
contains "nothing to archive" "$OUT" "nothing to archive"

# ---- readers ----
expect 0 "show an archived ticket" "$SOP" show "$C1" --format json
equals "show: archived" "$(jv 'd["archived"]')" true
equals "show: state" "$(jv 'd["ticket"]["state"]')" cancelled
expect 0 "show by prefix" "$SOP" show "${C1:0:9}"
contains "text says archived" "$OUT" "archived in sop-archive"
"$SOP" show "$C1" --format yaml >"$WORK/show.yaml"
if cmp -s "$WORK/show.yaml" <(git show "$A:$(path_of "$C1")"); then pass; else fail "show --format yaml differs from the archive"; fi
expect 4 "show --no-archive" "$SOP" show "$C1" --no-archive
expect 0 "show a live ticket" "$SOP" show "$OPEN" --format json
equals "live: not archived" "$(jv 'd["archived"]')" false

expect 0 "log of an archived ticket" "$SOP" log "$C1" --format json
equals "log: whole story" "$(jv '" ".join(e["action"] for e in d["log"])')" "new cancel archive"
equals "log: archived" "$(jv 'd["archived"]')" true
expect 0 "log of the second ticket of the commit" "$SOP" log "$C2" --format json
equals "log: the shared archive commit" "$(jv '" ".join(e["action"] for e in d["log"])')" "new cancel archive"
expect 4 "log --no-archive" "$SOP" log "$C1" --no-archive

expect 0 "list" "$SOP" list --format json
equals "list: all four" "$(jv 'len(d["tickets"])')" 4
equals "list: archived flags" "$(jv '" ".join(t["id"] + "=" + str(t["archived"]) for t in sorted(d["tickets"], key=lambda t: t["id"]))')" \
    "$(for i in "$OPEN=False" "$C1=True" "$C2=True" "$C3=True"; do echo "$i"; done | sort | tr '\n' ' ' | sed 's/ $//')"
expect 0 "list table" "$SOP" list
contains "table marks archived tickets" "$OUT" "cancelled (archived)"
expect 0 "list --no-archive" "$SOP" list --no-archive --format ids
equals "only the live ticket" "$OUT" "$OPEN"
expect 0 "list a query over both" "$SOP" list state:cancelled --format ids
equals "three cancelled" "$(printf '%s\n' "$OUT" | wc -l | tr -d ' ')" 3
expect 0 "list tsv" "$SOP" list --format tsv
contains "tsv has the archived column" "$(head -1 <<<"$OUT")" "archived"
[ -e .git/sop/cache/archive ] && pass || fail "no archive listing cache"

# ---- writers refuse archived tickets ----
h2=$(git rev-parse HEAD)
expect 3 "note on an archived ticket" "$SOP" note "$C1" "too late"
contains "note: says archived" "$ERR" "is archived"
equals "no commit" "$(git rev-parse HEAD)" "$h2"

# ---- killed between the two branches: the next command finishes ----
C4=$(TITLE="Crash test" new_ticket)
cancel_by_hand "$C4" 2026-12-01T10:00:00+08:00
h3=$(git rev-parse HEAD) a3=$(git rev-parse "$A")
SOP_TEST_CRASH=between-refs expect 137 "archive killed between the branches" "$SOP" archive "$C4"
equals "archive branch moved" "$(git rev-parse "$A~1")" "$a3"
equals "HEAD did not" "$(git rev-parse HEAD)" "$h3"
if git fsck --no-dangling >/dev/null 2>&1; then pass; else fail "git fsck after the crash"; fi
expect 0 "next command repairs" "$SOP" list --format ids
contains "repair says so" "$ERR" "sop: "
equals "HEAD moved too" "$(git rev-parse HEAD~1)" "$h3"
equals "HEAD's commit is the archive" "$(trailer Sop-Action)" archive
[ -e .git/refs/heads/main.lock ] && fail "branch lock left behind" || pass
[ -e .git/sop/journal ] && fail "journal left behind" || pass
clean
expect 0 "show after the repair" "$SOP" show "$C4" --format json
equals "archived after the repair" "$(jv 'd["archived"]')" true

# ---- killed before either moved: nothing happened ----
C5=$(TITLE="Crash test 2" new_ticket)
cancel_by_hand "$C5" 2026-12-01T11:00:00+08:00
h4=$(git rev-parse HEAD) a4=$(git rev-parse "$A")
SOP_TEST_CRASH=before-publish expect 137 "archive killed before publishing" "$SOP" archive "$C5"
expect 0 "next command" "$SOP" show "$C5" --format json
equals "still live" "$(jv 'd["archived"]')" false
equals "HEAD unchanged" "$(git rev-parse HEAD)" "$h4"
equals "archive unchanged" "$(git rev-parse "$A")" "$a4"
clean
