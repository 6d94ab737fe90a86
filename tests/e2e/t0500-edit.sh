#!/usr/bin/env bash
# sop edit: $EDITOR, validate, commit; what it refuses and where it keeps your text; hand
# edits in the working tree block other verbs until sop edit commits them.
. "$(dirname "$0")/lib.sh"
cd "$WORK"


# Editors: small scripts that change the file they are given, without a terminal.
B="$WORK/bin"
mkdir -p "$B"
editor() { # editor NAME BODY: a script whose $1 is the file
    printf '#!/bin/sh\nset -e\n%s\n' "$2" > "$B/$1"
    chmod +x "$B/$1"
}
editor retitle 'sed -i "s/^title: .*/title: \"Printer offline after the driver update\"/" "$1"'
editor recategory 'sed -i "s/^channel: email/category: hardware\nchannel: email/" "$1"'
editor same ':'
editor state 'sed -i "s/^state: new/state: closed/" "$1"'
editor drop-event 'n=$(grep -n "^  - at:" "$1" | tail -1 | cut -d: -f1); head -n $((n - 1)) "$1" > "$1.tmp"; mv "$1.tmp" "$1"'
editor reword-event 'sed -i "s/^    note: .*/    note: rewritten history/" "$1"'
editor typo-field 'echo "titel: a typo" >> "$1"'
editor broken 'sed -i "s/^title: .*/title: [unclosed, \"quote/" "$1"'
editor fails 'exit 3'
editor empty ': > "$1"'
editor bad-channel 'sed -i "s/^channel: email/channel: fax/" "$1"'

new_repo r
cd r
ID=$(new_ticket)
P="tickets/${ID:2:1}/${ID:3:1}/$ID.yaml"
SAVED=".git/sop/edit/$ID.yaml"
# Another well-formed ID: the first character after T- changed.
case "${ID:2:1}" in Z) OTHER_ID="T-Y${ID:3}" ;; *) OTHER_ID="T-Z${ID:3}" ;; esac
editor reid "sed -i 's/^id: $ID/id: $OTHER_ID/' \"\$1\""
editor reid-bad "sed -i 's/^id: $ID/id: ..\\/..\\/etc\\/passwd/' \"\$1\""
base=$(commits)

EDITOR="$B/retitle" expect 0 "edit the title" "$SOP" edit "$ID"
contains "says edited" "$OUT" "edited"
equals "one commit" "$(commits)" $((base + 1))
equals "Sop-Action edit" "$(trailer Sop-Action)" edit
equals "Sop-Ticket" "$(trailer Sop-Ticket)" "$ID"
equals "Sop-From" "$(trailer Sop-From)" new
equals "Sop-To" "$(trailer Sop-To)" new
case "$(git log -1 --format=%s)" in "$ID: "*) pass ;; *) fail "subject: $(git log -1 --format=%s)" ;; esac
equals "author" "$(git log -1 --format='%an <%ae> %aI')" "Ann Lee <ann@example.com> 2026-11-24T09:30:00+08:00"
expect 0 "show json" "$SOP" show "$ID" --format json
equals "new title" "$(jv 'd["ticket"]["title"]')" "Printer offline after the driver update"
equals "two events" "$(jv 'len(d["ticket"]["events"])')" 2
equals "edit event" "$(jv 'd["ticket"]["events"][1]')" \
    '{"action": "edit", "at": "2026-11-24T09:30:00+08:00", "by": "Ann Lee <ann@example.com>", "fields": ["title"]}'
contains "written canonically: quotes dropped" "$(git show "HEAD:$P")" $'\ntitle: Printer offline after the driver update\n'
"$SOP" show "$ID" --format yaml > "$WORK/show.yaml"; git show "HEAD:$P" > "$WORK/head.yaml"
if cmp -s "$WORK/show.yaml" "$WORK/head.yaml"; then pass; else fail "show yaml differs from HEAD"; fi
if [ -e "$SAVED" ]; then fail "a successful edit left $SAVED"; else pass; fi
clean

EDITOR="$B/recategory" expect 0 "edit adds a category" "$SOP" edit "${ID:0:9}"
expect 0 "show json" "$SOP" show "$ID" --format json
equals "category added" "$(jv 'd["ticket"]["category"]')" hardware
equals "fields [category]" "$(jv 'd["ticket"]["events"][-1]["fields"]')" '["category"]'
contains "category in canonical place" "$(git show "HEAD:$P")" $'\nstate: new\ncategory: hardware\nchannel: email\n'
clean

before=$(commits)
EDITOR="$B/same" expect 0 "edit without changes" "$SOP" edit "$ID"
contains "no changes" "$OUT" "no changes"
equals "no commit" "$(commits)" "$before"
clean

# Refused: fields the workflow owns. No commit; the text is kept; the hint says where.
before=$(commits)
SOP_NOW=2026-11-24T11:00:00+08:00 "$SOP" note "$ID" "A note to protect." >/dev/null || fail "note"
before=$(commits)
EDITOR="$B/state" expect 3 "edit changes the state" "$SOP" edit "$ID"
contains "error line" "$ERR" "sop: error:"
contains "names the state" "$ERR" "state"
contains "hint names the saved file" "$ERR" "$SAVED"
equals "no commit" "$(commits)" "$before"
if [ -f "$SAVED" ]; then pass; else fail "no saved text at $SAVED"; fi
contains "saved text has the edit" "$(cat "$SAVED" 2>/dev/null)" "state: closed"
clean

EDITOR="$B/reid" expect 3 "edit changes the id to another well-formed ID" "$SOP" edit "$ID"
contains "names the id" "$ERR" "'id'"
EDITOR="$B/reid-bad" run "$SOP" edit "$ID"
case "$RC" in 3 | 5) pass ;; *) fail "edit changes the id to a path: exit $RC, expected 3 or 5: $ERR" ;; esac
if [ -e "$WORK/etc/passwd" ] || [ -e "$WORK/r/etc" ]; then fail "a hostile id made a file"; else pass; fi
EDITOR="$B/drop-event" expect 3 "edit removes an event" "$SOP" edit "$ID"
contains "names events" "$ERR" "events"
contains "hint names the saved file" "$ERR" "$SAVED"
lacks "saved text lacks the note" "$(cat "$SAVED" 2>/dev/null)" "A note to protect."
EDITOR="$B/reword-event" expect 3 "edit rewrites an event" "$SOP" edit "$ID"
contains "saved text has the rewording" "$(cat "$SAVED" 2>/dev/null)" "rewritten history"
equals "no commits from refused edits" "$(commits)" "$before"
clean

# Invalid data: exit 5, no commit, text kept.
rm -f "$SAVED"
EDITOR="$B/typo-field" expect 5 "edit adds an unknown field" "$SOP" edit "$ID"
contains "names the field" "$ERR" "titel"
contains "hint names the saved file" "$ERR" "$SAVED"
contains "saved text has the typo" "$(cat "$SAVED" 2>/dev/null)" "titel: a typo"
EDITOR="$B/broken" expect 5 "edit breaks the YAML" "$SOP" edit "$ID"
contains "error line" "$ERR" "sop: error:"
contains "saved text has the broken line" "$(cat "$SAVED" 2>/dev/null)" "[unclosed"
EDITOR="$B/bad-channel" expect 5 "edit sets an unknown channel" "$SOP" edit "$ID"
EDITOR="$B/empty" expect 5 "edit empties the file" "$SOP" edit "$ID"
EDITOR="$B/fails" expect 1 "the editor fails" "$SOP" edit "$ID"
contains "says the editor failed" "$ERR" "editor"
equals "no commits from invalid edits" "$(commits)" "$before"
equals "the ticket is unchanged" "$(git show "HEAD:$P" | grep -c 'A note to protect.')" 1
clean

# A hand edit in the working tree blocks other verbs; sop edit commits it.
sed -i 's/^title: .*/title: Hand-edited title/' "$P"
before=$(commits)
SOP_NOW=2026-11-24T11:30:00+08:00 expect 6 "note on a hand-edited ticket" "$SOP" note "$ID" "blocked?"
contains "error names the file" "$ERR" "$P"
contains "hint mentions sop edit" "$ERR" "sop edit"
equals "no commit" "$(commits)" "$before"
contains "the hand edit is still there" "$(cat "$P")" "title: Hand-edited title"
SOP_NOW=2026-11-24T11:30:00+08:00 EDITOR="$B/same" expect 0 "sop edit adopts the hand edit" "$SOP" edit "$ID"
equals "one commit" "$(commits)" $((before + 1))
equals "Sop-Action edit" "$(trailer Sop-Action)" edit
contains "HEAD has the hand edit" "$(git show "HEAD:$P")" $'\ntitle: Hand-edited title\n'
expect 0 "show json" "$SOP" show "$ID" --format json
equals "fields [title]" "$(jv 'd["ticket"]["events"][-1]["fields"]')" '["title"]'
equals "edit event time" "$(jv 'd["ticket"]["events"][-1]["at"]')" "2026-11-24T11:30:00+08:00"
clean
SOP_NOW=2026-11-24T11:40:00+08:00 expect 0 "note works again" "$SOP" note "$ID" "unblocked"
clean

# A hand edit that is not canonical: sop edit commits canonical bytes.
sed -i 's/^title: .*/title:    "Spaced   title"   # a comment/' "$P"
SOP_NOW=2026-11-24T11:45:00+08:00 EDITOR="$B/same" expect 0 "sop edit canonicalises a hand edit" "$SOP" edit "$ID"
contains "canonical title line" "$(git show "HEAD:$P")" $'\ntitle: Spaced   title\n'
lacks "comment dropped" "$(git show "HEAD:$P")" "# a comment"
if cmp -s "$P" <(git show "HEAD:$P"); then pass; else fail "working tree differs from HEAD after edit"; fi
clean

# A staged change blocks too, and stays staged.
sed -i 's/^title: .*/title: Staged title/' "$P"
git add "$P"
before=$(commits)
SOP_NOW=2026-11-24T12:00:00+08:00 expect 6 "note on a ticket with a staged change" "$SOP" note "$ID" "blocked?"
contains "error names the file" "$ERR" "$P"
equals "no commit" "$(commits)" "$before"
equals "still staged" "$(git status --porcelain)" "M  $P"
git reset -q HEAD -- "$P" && git checkout -q -- "$P"
clean

# A deleted ticket file blocks as well.
rm "$P"
SOP_NOW=2026-11-24T12:00:00+08:00 expect 6 "note on a deleted ticket file" "$SOP" note "$ID" "blocked?"
equals "no commit" "$(commits)" "$before"
git checkout -q -- "$P"
clean

# Without an editor and without a terminal: a usage error, not a hang.
expect 2 "no editor, no terminal" env -u EDITOR -u VISUAL "$SOP" edit "$ID" < /dev/null
contains "says there is no editor" "$ERR" "editor"
clean
