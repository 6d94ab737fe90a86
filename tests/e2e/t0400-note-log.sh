#!/usr/bin/env bash
# sop note appends events, one commit each; sop log tells the history from git, including
# commits made by hand with plain git.
. "$(dirname "$0")/lib.sh"
cd "$WORK"

# Hand commits get a fixed date too: tests never depend on the wall clock.
export GIT_AUTHOR_DATE="2026-11-24T12:00:00+08:00" GIT_COMMITTER_DATE="2026-11-24T12:00:00+08:00"

new_repo r
cd r
ID=$(new_ticket)
P="tickets/${ID:2:1}/${ID:3:1}/$ID.yaml"
OTHER=$(TITLE="Another ticket" new_ticket)
base=$(commits)

expect 0 "first note" "$SOP" note "$ID" "Checked the spooler: it is running."
contains "note says so" "$OUT" "$ID"
equals "one commit" "$(commits)" $((base + 1))
subject=$(git log -1 --format=%s)
case "$subject" in "$ID: note"*) pass ;; *) fail "subject '$subject' does not start with '$ID: note'" ;; esac
contains "body holds the note" "$(git log -1 --format=%b)" "Checked the spooler: it is running."
equals "Sop-Ticket" "$(trailer Sop-Ticket)" "$ID"
equals "Sop-Action" "$(trailer Sop-Action)" note
equals "Sop-From" "$(trailer Sop-From)" new
equals "Sop-To" "$(trailer Sop-To)" new
equals "author and time" "$(git log -1 --format='%an <%ae> %aI')" "Ann Lee <ann@example.com> 2026-11-24T09:30:00+08:00"
equals "only the ticket file changed" "$(git diff-tree --no-commit-id --name-only -r HEAD)" "$P"
clean

expect 0 "show json" "$SOP" show "$ID" --format json
equals "two events" "$(jv 'len(d["ticket"]["events"])')" 2
equals "the note event" "$(jv 'd["ticket"]["events"][1]')" \
    '{"action": "note", "at": "2026-11-24T09:30:00+08:00", "by": "Ann Lee <ann@example.com>", "note": "Checked the spooler: it is running."}'
equals "state unchanged" "$(jv 'd["ticket"]["state"]')" new

multi=$'Test plan:\n1. ping the printer — OK\n2. print a test page — fails\n\n结论：驱动问题'
SOP_NOW=2026-11-24T10:05:00+08:00 expect 0 "multi-line note, later" "$SOP" note "${ID:0:8}" "$multi"
equals "went to the right ticket" "$(trailer Sop-Ticket)" "$ID"
equals "multi-line subject is the first line" "$(git log -1 --format=%s)" "$ID: note: Test plan:"
contains "body keeps every line" "$(git log -1 --format=%b)" "$multi"
equals "author time follows SOP_NOW" "$(git log -1 --format=%aI)" "2026-11-24T10:05:00+08:00"
SOP_NOW=2026-11-24T03:10:00Z expect 0 "third note, another offset" "$SOP" note "$ID" "Reinstalled the driver."
expect 0 "a note on the other ticket" "$SOP" note "$OTHER" "Not about the printer."
equals "four commits" "$(commits)" $((base + 4))

expect 0 "show json again" "$SOP" show "$ID" --format json
equals "four events" "$(jv 'len(d["ticket"]["events"])')" 4
equals "actions" "$(jv '" ".join(e["action"] for e in d["ticket"]["events"])')" "new note note note"
equals "multi-line note kept exactly" "$(jv 'd["ticket"]["events"][2]["note"]')" "$multi"
equals "event times" "$(jv '" ".join(e["at"] for e in d["ticket"]["events"])')" \
    "2026-11-24T09:30:00+08:00 2026-11-24T09:30:00+08:00 2026-11-24T10:05:00+08:00 2026-11-24T03:10:00+00:00"
git show "HEAD:$P" > "$WORK/head.yaml"
contains "multi-line note is a literal block in the file" "$(cat "$WORK/head.yaml")" "note: |"
"$SOP" show "$ID" --format yaml > "$WORK/show.yaml"
if cmp -s "$WORK/show.yaml" "$WORK/head.yaml"; then pass; else fail "show --format yaml differs from HEAD"; fi
clean

# A commit made by hand with plain git.
sed -i 's/^title: .*/title: Printer cannot connect (HP M404)/' "$P"
git commit -q -am "fix the printer model in the title"
hand=$(git rev-parse HEAD)
echo "team notes" > NOTES.md && git add NOTES.md && git commit -q -m "unrelated hand commit"
SOP_NOW=2026-11-24T12:30:00+08:00 expect 0 "a note after the hand commit" "$SOP" note "$ID" "After the hand edit."
clean

expect 0 "log json" "$SOP" log "$ID" --format json
equals "log schema" "$(jv 'd["schema"]')" "sop/v1"
equals "log ticket" "$(jv 'd["ticket"]')" "$ID"
equals "log actions, oldest first" "$(jv '" ".join(e["action"] for e in d["log"])')" "new note note note hand-edit note"
equals "log notes" "$(jv 'json.dumps([e["note"] for e in d["log"]][1:4], ensure_ascii=False)')" \
    "$(python3 -c 'import json,sys; print(json.dumps(sys.argv[1:], ensure_ascii=False))' \
        "Checked the spooler: it is running." "$multi" "Reinstalled the driver.")"
equals "last note" "$(jv 'd["log"][5]["note"]')" "After the hand edit."
equals "new: from/to" "$(jv '(d["log"][0]["from"] or "") + "→" + d["log"][0]["to"]')" "→new"
equals "note: from/to" "$(jv 'd["log"][1]["from"] + "→" + d["log"][1]["to"]')" "new→new"
equals "log actor" "$(jv 'd["log"][1]["actor"]')" "Ann Lee <ann@example.com>"
equals "log at" "$(jv 'd["log"][2]["at"]')" "2026-11-24T10:05:00+08:00"
equals "log subject, without the ID" "$(jv 'd["log"][2]["subject"]')" "note: Test plan:"
equals "log commits are the commits" "$(jv '" ".join(e["commit"] for e in d["log"])')" \
    "$(git log --reverse --format=%H -- "$P" | tr '\n' ' ' | sed 's/ $//')"
equals "hand-edit entry is the hand commit" "$(jv 'd["log"][4]["commit"]')" "$hand"
equals "hand-edit actor is git's author" "$(jv 'd["log"][4]["actor"]')" "Git User <git@example.com>"
equals "hand-edit subject" "$(jv 'd["log"][4]["subject"]')" "fix the printer model in the title"
equals "hand-edit time" "$(jv 'd["log"][4]["at"]')" "2026-11-24T12:00:00+08:00"
lacks "the other ticket's note is not in this log" "$OUT" "Not about the printer."
lacks "the unrelated commit is not in this log" "$OUT" "unrelated hand commit"

expect 0 "log text" "$SOP" log "$ID"
contains "text log has the first note" "$OUT" "Checked the spooler: it is running."
contains "text log has the hand edit" "$OUT" "hand-edit"
contains "text log has the last note" "$OUT" "After the hand edit."
first_new=$(printf '%s\n' "$OUT" | grep -n 'new' | head -1 | cut -d: -f1)
first_note=$(printf '%s\n' "$OUT" | grep -n 'Checked the spooler' | head -1 | cut -d: -f1)
last_note=$(printf '%s\n' "$OUT" | grep -n 'After the hand edit' | head -1 | cut -d: -f1)
if [ -n "$first_new" ] && [ -n "$first_note" ] && [ -n "$last_note" ] &&
    [ "$first_new" -lt "$first_note" ] && [ "$first_note" -lt "$last_note" ]; then pass; else
    fail "text log is not oldest first: new@$first_new note@$first_note last@$last_note"; fi

expect 0 "log of the other ticket" "$SOP" log "$OTHER" --format json
equals "other ticket's log" "$(jv '" ".join(e["action"] for e in d["log"])')" "new note"

# Refused notes: no commit, nothing changes.
before=$(commits)
expect 2 "empty note" "$SOP" note "$ID" ""
contains "empty note error" "$ERR" "sop: error:"
expect 2 "blank note" "$SOP" note "$ID" $'  \n\t '
expect 2 "note without text" "$SOP" note "$ID"
expect 4 "note on an unknown ticket" "$SOP" note T-ZZZZZZZZZZZZ "lost?"
contains "unknown ticket error" "$ERR" "sop: error:"
expect 4 "log of an unknown ticket" "$SOP" log T-ZZZZZZZZZZZZ
equals "no commits from refused notes" "$(commits)" "$before"
clean
