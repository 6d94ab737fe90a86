#!/usr/bin/env bash
# A writing command killed (like kill -9) at each crash point leaves a repository git fsck
# accepts; the next sop command finishes the change or drops it, says so, and leaves git
# status clean.
. "$(dirname "$0")/lib.sh"
cd "$WORK"

fsck_ok() { if git fsck --no-dangling >/dev/null 2>&1; then pass; else fail "$1: git fsck failed"; fi; }
head_has() { # head_has DESC PATH TEXT
    if git show "HEAD:$2" 2>/dev/null | grep -qF -- "$3"; then pass; else fail "$1: HEAD:$2 lacks '$3'"; fi
}
no_journal() { if [ -e .git/sop/journal ]; then fail "$1: journal left behind"; else pass; fi; }

new_repo r
cd r
ID=$(new_ticket)
P="tickets/${ID:2:1}/${ID:3:1}/$ID.yaml"
t=0
later() { t=$((t + 1)); printf '2026-11-24T10:%02d:00+08:00' "$t"; } # a later SOP_NOW each time

# ---- sop note, killed before the branch moves: nothing happened ----
h0=$(git rev-parse HEAD)
SOP_NOW=$(later) SOP_TEST_CRASH=before-publish expect 137 "note killed before publish" "$SOP" note "$ID" "crash before-publish"
equals "HEAD unchanged" "$(git rev-parse HEAD)" "$h0"
fsck_ok "after the crash"
equals "nothing to see in git status" "$(git status --porcelain)" ""
expect 0 "next sop list works" "$SOP" list --format ids
contains "list has the ticket" "$OUT" "$ID"
no_journal "before-publish, after list"
equals "HEAD still unchanged" "$(git rev-parse HEAD)" "$h0"
if git show "HEAD:$P" | grep -q "crash before-publish"; then fail "the dropped note reached HEAD"; else pass; fi
clean
SOP_NOW=$(later) expect 0 "a note after the dropped one" "$SOP" note "$ID" "after before-publish"
equals "one commit" "$(git rev-list --count "$h0..HEAD")" 1
head_has "the later note" "$P" "after before-publish"
clean

# ---- after-publish and before-index: HEAD has the note; the next command repairs ----
for point in after-publish before-index; do
    h0=$(git rev-parse HEAD)
    SOP_NOW=$(later) SOP_TEST_CRASH=$point expect 137 "note killed at $point" "$SOP" note "$ID" "crash $point"
    equals "$point: HEAD moved by one commit" "$(git rev-parse HEAD~1)" "$h0"
    equals "$point: the commit is the note" "$(trailer Sop-Action)" note
    head_has "$point: HEAD has the note" "$P" "crash $point"
    fsck_ok "$point: after the crash"
    expect 0 "$point: next sop show" "$SOP" show "$ID" --format json
    contains "$point: repair message names the file" "$ERR" "$P"
    case "$ERR" in "sop: "*) pass ;; *) fail "$point: repair message is not from sop: $ERR" ;; esac
    equals "$point: show sees the note" "$(jv 'd["ticket"]["events"][-1]["note"]')" "crash $point"
    no_journal "$point"
    clean
    if cmp -s "$P" <(git show "HEAD:$P"); then pass; else fail "$point: working tree differs from HEAD"; fi
    equals "$point: index is HEAD's" "$(git ls-files -s "$P" | cut -d' ' -f2)" "$(git rev-parse "HEAD:$P")"
    expect 0 "$point: the command after is quiet" "$SOP" show "$ID" --format yaml
    equals "$point: no second repair" "$ERR" ""
    SOP_NOW=$(later) expect 0 "$point: a note after the repair" "$SOP" note "$ID" "after $point"
    equals "$point: one more commit" "$(git rev-list --count "$h0..HEAD")" 2
    clean
done

# The repair also runs before a writing command, and a plain `sop note` can do it.
h0=$(git rev-parse HEAD)
SOP_NOW=$(later) SOP_TEST_CRASH=after-publish expect 137 "note killed again" "$SOP" note "$ID" "crash again"
SOP_NOW=$(later) expect 0 "a note repairs and records" "$SOP" note "$ID" "repaired by a note"
contains "note prints the repair" "$ERR" "$P"
equals "two commits" "$(git rev-list --count "$h0..HEAD")" 2
head_has "first note kept" "$P" "crash again"
head_has "second note" "$P" "repaired by a note"
clean

# Crash, then crash again at another point before anyone repaired.
h0=$(git rev-parse HEAD)
SOP_NOW=$(later) SOP_TEST_CRASH=after-publish expect 137 "first crash" "$SOP" note "$ID" "crash one"
SOP_NOW=$(later) SOP_TEST_CRASH=before-index expect 137 "second crash" "$SOP" note "$ID" "crash two"
fsck_ok "after two crashes"
expect 0 "repair after two crashes" "$SOP" show "$ID" --format json
equals "both notes are there" "$(jv '" ".join(e.get("note", "") for e in d["ticket"]["events"][-2:])')" "crash one crash two"
equals "two commits" "$(git rev-list --count "$h0..HEAD")" 2
clean

# ---- sop new ----
h0=$(git rev-parse HEAD)
SOP_TEST_CRASH=before-publish expect 137 "new killed before publish" "$SOP" new --title "Never made" \
    --channel phone --requester-name n --requester-contact c --symptom s
equals "new before-publish: HEAD unchanged" "$(git rev-parse HEAD)" "$h0"
expect 0 "list after" "$SOP" list "never made" --format ids
equals "no such ticket" "$OUT" ""
clean

for point in after-publish before-index; do
    h0=$(git rev-parse HEAD)
    SOP_TEST_CRASH=$point expect 137 "new killed at $point" "$SOP" new --title "Made at $point" \
        --channel phone --requester-name n --requester-contact c --symptom s
    equals "new $point: HEAD moved by one" "$(git rev-parse HEAD~1)" "$h0"
    equals "new $point: the commit is a new ticket" "$(trailer Sop-Action)" new
    N=$(trailer Sop-Ticket)
    PN="tickets/${N:2:1}/${N:3:1}/$N.yaml"
    equals "new $point: HEAD holds the file" "$(git diff-tree --no-commit-id --name-only -r HEAD)" "$PN"
    fsck_ok "new $point: after the crash"
    expect 0 "new $point: next sop list" "$SOP" list "made at $point" --format ids
    equals "new $point: listed" "$OUT" "$N"
    contains "new $point: repair message names the file" "$ERR" "$PN"
    no_journal "new $point"
    clean
    if cmp -s "$PN" <(git show "HEAD:$PN"); then pass; else fail "new $point: working tree differs from HEAD"; fi
    SOP_NOW=$(later) expect 0 "new $point: a note on it" "$SOP" note "$N" "works"
    clean
done

# ---- sop edit ----
printf '#!/bin/sh\nsed -i "s/^title: .*/title: Retitled after a crash/" "$1"\n' > "$WORK/retitle"
chmod +x "$WORK/retitle"
h0=$(git rev-parse HEAD)
SOP_NOW=$(later) EDITOR="$WORK/retitle" SOP_TEST_CRASH=after-publish expect 137 "edit killed after publish" "$SOP" edit "$ID"
head_has "edit is in HEAD" "$P" "title: Retitled after a crash"
expect 0 "next command repairs" "$SOP" show "$ID"
contains "edit: repair message names the file" "$ERR" "$P"
contains "edit: new title shown" "$OUT" "Retitled after a crash"
clean

# A hand edit adopted by sop edit, killed after publishing: the change is in HEAD, the next
# command repairs or reports the file, and nothing is lost.
sed -i 's/^title: .*/title: Hand title before a crash/' "$P"
h0=$(git rev-parse HEAD)
SOP_NOW=$(later) EDITOR=true SOP_TEST_CRASH=after-publish expect 137 "adopting edit killed after publish" "$SOP" edit "$ID"
head_has "adopted edit is in HEAD" "$P" "title: Hand title before a crash"
fsck_ok "adopting edit"
expect 0 "next command" "$SOP" list --format ids
contains "adopting edit: the file is repaired or reported" "$ERR" "$P"
contains "the hand edit is not lost" "$(cat "$P")" "title: Hand title before a crash"
