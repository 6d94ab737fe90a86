#!/usr/bin/env bash
# Bad input of every kind: one clear `sop: error:` line (plus hints), the documented exit code,
# no commit, a clean repository, nothing written outside it.
. "$(dirname "$0")/lib.sh"
cd "$WORK"

# one_error DESC: stderr is one `sop: error: ` line, then only hints or indented lines.
one_error() {
    local first rest
    first=$(printf '%s\n' "$ERR" | head -1)
    rest=$(printf '%s\n' "$ERR" | sed 1d | grep -v -e '^hint: ' -e '^  ' || true)
    case "$first" in "sop: error: "?*) pass ;; *) fail "$1: stderr does not start with 'sop: error: ': $ERR" ;; esac
    if [ -z "$rest" ]; then pass; else fail "$1: unexpected stderr lines: $rest"; fi
}
# refused CODE DESC CMD...: the exit code, one error line, no commit, clean.
refused() {
    local what=$2 before
    before=$(commits)
    expect "$@"
    one_error "$what"
    equals "$what: no commit" "$(commits)" "$before"
    clean
}
REQ=(--requester-name "Wang Fang" --requester-contact wang@example.com --symptom "fails")
intake() { # intake NAME TEXT: an intake file under $WORK/in
    mkdir -p "$WORK/in"
    printf '%b' "$2" > "$WORK/in/$1"
}
OKREST='channel: email\nrequester:\n  name: Wang Fang\n  contact: wang@example.com\nproblem:\n  symptom: fails\n'

new_repo r
cd r
ID=$(new_ticket)

# ---- sop new: field options ----
refused 5 "unknown channel" "$SOP" new --title t --channel fax "${REQ[@]}"
contains "names the field" "$ERR" "channel"
contains "names the bad value" "$ERR" "'fax'"
contains "names the allowed values" "$ERR" "phone"
refused 5 "unknown requester kind" "$SOP" new --title t --channel email "${REQ[@]}" --requester-kind alien
refused 5 "unknown category" "$SOP" new --title t --channel email "${REQ[@]}" --category food
refused 5 "unknown impact" "$SOP" new --title t --channel email "${REQ[@]}" --impact huge
refused 2 "missing required field via options" "$SOP" new --title t --channel email \
    --requester-name "Wang Fang" --symptom fails
contains "names the missing field" "$ERR" "requester.contact"
refused 2 "missing several required fields" "$SOP" new --title t
refused 5 "invalid UTF-8 in an option" "$SOP" new --title $'bad \xff byte' --channel email "${REQ[@]}"
contains "says UTF-8" "$ERR" "UTF-8"
refused 5 "invalid UTF-8 (truncated sequence) in an option" "$SOP" new --title t --channel email \
    --requester-name "Wang Fang" --requester-contact wang@example.com --symptom $'\xe6\x89'
refused 5 "received-at not a time" "$SOP" new --title t --channel email "${REQ[@]}" --received-at yesterday
refused 5 "received-at without an offset" "$SOP" new --title t --channel email "${REQ[@]}" --received-at 2026-11-24T09:30:00
refused 5 "started-at an impossible date" "$SOP" new --title t --channel email "${REQ[@]}" --started-at 2026-02-30
refused 5 "a title of two lines" "$SOP" new --title $'two\nlines' --channel email "${REQ[@]}"
refused 5 "a blank title" "$SOP" new --title "   " --channel email "${REQ[@]}"

# ---- sop new --from-file ----
intake malformed.yaml "title: [unclosed\n$OKREST"
refused 5 "malformed YAML" "$SOP" new --from-file "$WORK/in/malformed.yaml"
contains "names the file" "$ERR" "malformed.yaml"
intake reqstring.yaml 'title: t\nchannel: email\nrequester: Wang Fang\nproblem:\n  symptom: fails\n'
refused 5 "schema violation: requester is a string" "$SOP" new --from-file "$WORK/in/reqstring.yaml"
contains "names requester" "$ERR" "requester"
intake fax.yaml "title: t\n${OKREST/email/fax}"
refused 5 "unknown enum value in a file" "$SOP" new --from-file "$WORK/in/fax.yaml"
intake nocontact.yaml 'title: t\nchannel: email\nrequester:\n  name: Wang Fang\nproblem:\n  symptom: fails\n'
refused 5 "missing required field in a file" "$SOP" new --from-file "$WORK/in/nocontact.yaml"
contains "names the missing field" "$ERR" "requester.contact"
intake unknown.yaml "title: t\n${OKREST}priority: high\n"
refused 5 "unknown field in a file" "$SOP" new --from-file "$WORK/in/unknown.yaml"
contains "names the unknown field" "$ERR" "priority"
intake unknown-nested.yaml "title: t\n${OKREST}  colour: red\n"
refused 5 "unknown nested field in a file" "$SOP" new --from-file "$WORK/in/unknown-nested.yaml"
contains "names the unknown nested field" "$ERR" "colour"
intake badutf8.yaml "title: caf\xe9\n$OKREST"
refused 5 "invalid UTF-8 in a file" "$SOP" new --from-file "$WORK/in/badutf8.yaml"
refused 5 "invalid UTF-8 on stdin" "$SOP" new --from-file - < "$WORK/in/badutf8.yaml"
intake alias.yaml 'title: &t Printer\nchannel: email\nrequester:\n  name: *t\n  contact: c\nproblem:\n  symptom: fails\n'
refused 5 "anchors and aliases" "$SOP" new --from-file "$WORK/in/alias.yaml"
intake merge.yaml 'base: &b {name: n, contact: c}\ntitle: t\nchannel: email\nrequester:\n  <<: *b\nproblem:\n  symptom: fails\n'
refused 5 "merge keys" "$SOP" new --from-file "$WORK/in/merge.yaml"
{ printf 'title: t\nchannel: email\nrequester:\n  name: n\n  contact: c\nproblem:\n  symptom: |\n'
  python3 -c 'import sys; sys.stdout.write(("    " + "x" * 100 + "\n") * 11000)'; } > "$WORK/in/huge.yaml"
refused 5 "a file over 1 MiB" "$SOP" new --from-file "$WORK/in/huge.yaml"
contains "says too large" "$ERR" "large"
refused 5 "over 1 MiB on stdin" "$SOP" new --from-file - < "$WORK/in/huge.yaml"
intake markers.yaml 'title: t\nchannel: email\n<<<<<<< HEAD\nrequester: {name: n, contact: c}\n=======\nrequester: {name: m, contact: c}\n>>>>>>> theirs\nproblem:\n  symptom: fails\n'
refused 5 "conflict markers in a file" "$SOP" new --from-file "$WORK/in/markers.yaml"
contains "says conflict" "$ERR" "conflict"
intake dup.yaml "title: a\ntitle: b\n$OKREST"
refused 5 "duplicate keys" "$SOP" new --from-file "$WORK/in/dup.yaml"
python3 -c "print('title: ' + '[' * 100000 + ']' * 100000)" > "$WORK/in/deep.yaml"
refused 5 "nesting bomb" "$SOP" new --from-file "$WORK/in/deep.yaml"
intake tag.yaml "title: !!binary aGVsbG8=\n$OKREST"
refused 5 "YAML tags" "$SOP" new --from-file "$WORK/in/tag.yaml"
intake two.yaml "title: t\n$OKREST---\ntitle: u\n"
refused 5 "two YAML documents" "$SOP" new --from-file "$WORK/in/two.yaml"
intake empty.yaml ''
refused 5 "an empty file" "$SOP" new --from-file "$WORK/in/empty.yaml"
intake list.yaml '- title\n- channel\n'
refused 5 "top level not a mapping" "$SOP" new --from-file "$WORK/in/list.yaml"
intake nul.yaml "title: t\x00u\n$OKREST"
refused 5 "a NUL byte" "$SOP" new --from-file "$WORK/in/nul.yaml"
printf '%b' "title: t\n$OKREST" | sed 's/$/\r/' > "$WORK/in/crlf.yaml"
run "$SOP" new --from-file "$WORK/in/crlf.yaml" --format ids
equals "CRLF line ends are fine ($ERR)" "$RC" 0
run "$SOP" show "$OUT" --format json
lacks "no CR kept in the title" "$OUT" '\r'
clean

# ---- notes ----
refused 2 "empty note" "$SOP" note "$ID" ""
refused 5 "invalid UTF-8 in a note" "$SOP" note "$ID" $'caf\xe9'
refused 5 "SOP_NOW malformed" env SOP_NOW=yesterday "$SOP" note "$ID" "when?"
contains "names SOP_NOW" "$ERR" "SOP_NOW"
refused 5 "SOP_NOW a date only" env SOP_NOW=2026-11-24 "$SOP" note "$ID" "when?"
refused 5 "SOP_NOW malformed for new" env SOP_NOW=2026-13-01T00:00:00Z "$SOP" new --title t --channel email "${REQ[@]}"
refused 5 "a note earlier than the last event" env SOP_NOW=2026-11-24T09:29:59+08:00 "$SOP" note "$ID" "too early"
contains "says why" "$ERR" "later"
refused 5 "earlier in another offset" env SOP_NOW=2026-11-24T01:29:59Z "$SOP" note "$ID" "too early"
expect 0 "the same instant in another offset is fine" env SOP_NOW=2026-11-24T01:30:00Z "$SOP" note "$ID" "on time"

refused 5 "invalid UTF-8 in a query" "$SOP" list $'printer \xff'

# ---- unknown, ambiguous, hostile IDs ----
for verb in show log; do
    refused 4 "$verb of an unknown ID" "$SOP" "$verb" T-ZZZZZZZZZZZZ
    contains "$verb names the ID" "$ERR" "T-ZZZZZZZZZZZZ"
done
refused 4 "note on an unknown ID" "$SOP" note T-ZZZZZZZZZZZZ hi
refused 4 "edit of an unknown ID" env EDITOR=true "$SOP" edit T-ZZZZZZZZZZZZ

# Tickets until two share the character after T- (pigeonhole: at most 33 in all).
ids=("$ID")
X="" Y=""
for _ in $(seq 1 40); do
    n=$(new_ticket) || { fail "new_ticket"; break; }
    for o in "${ids[@]}"; do
        if [ "${o:2:1}" = "${n:2:1}" ]; then X=$o Y=$n; break 2; fi
    done
    ids+=("$n")
done
if [ -n "$X" ]; then pass; else fail "no two tickets share a first character"; fi
c=${X:2:1}
refused 4 "ambiguous prefix T-$c" "$SOP" show "T-$c"
contains "says ambiguous" "$ERR" "ambiguous"
contains "lists the first candidate" "$ERR" "$X"
contains "lists the second candidate" "$ERR" "$Y"
refused 4 "ambiguous prefix, lower case, for note" "$SOP" note "t-$(printf '%s' "$c" | tr 'A-Z' 'a-z')" hi
contains "note lists the candidates" "$ERR" "$Y"
refused 4 "ambiguous prefix for log" "$SOP" log "$c"
refused 4 "ambiguous prefix for edit" env EDITOR=true "$SOP" edit "T-$c"

mkdir -p "$WORK/deep/er"
editor_marker="$WORK/editor-ran"
printf '#!/bin/sh\ntouch "%s"\n' "$editor_marker" > "$WORK/marker-editor" && chmod +x "$WORK/marker-editor"
snapshot() { find "$WORK" -path "$WORK/r/.git/objects" -prune -o -path "$WORK/.stderr" -prune -o -print | sort; }
before_files=$(snapshot)
for bad in ../../etc/passwd T-../../x "T-../$ID" "tickets/${ID:2:1}/${ID:3:1}/$ID" "/etc/passwd" "T-${ID:2}/../x" "T-" "" "T-*" "T-U" "T-$(printf 'A%.0s' {1..13})" $'T-\n'; do
    refused 2 "show '$bad'" "$SOP" show "$bad"
    refused 2 "log '$bad'" "$SOP" log "$bad"
    refused 2 "note '$bad'" "$SOP" note "$bad" "hostile"
    refused 2 "edit '$bad'" env EDITOR="$WORK/marker-editor" "$SOP" edit "$bad"
done
contains "the error says what an ID is" "$ERR" "not a ticket ID"
if [ -e "$editor_marker" ]; then fail "the editor ran for a hostile ID"; else pass; fi
equals "nothing created anywhere" "$(snapshot)" "$before_files"
if [ -e "$WORK/etc" ] || [ -e "$WORK/x" ] || [ -e "$WORK/r/x" ]; then fail "a file outside tickets/"; else pass; fi

# ---- identity, repository ----
refused 1 "no actor identity" env -u SOP_ACTOR "$SOP" note "$ID" "who am I?"
contains "hint mentions SOP_ACTOR" "$ERR" "SOP_ACTOR"
refused 1 "no actor identity for new" env -u SOP_ACTOR "$SOP" new --title t --channel email "${REQ[@]}"
run env SOP_ACTOR="no email" "$SOP" note "$ID" "who am I?"
if [ "$RC" -ne 0 ]; then pass; else fail "a malformed SOP_ACTOR was accepted"; fi
one_error "malformed SOP_ACTOR"
clean
git config user.name "Cfg User" && git config user.email cfg@example.com
SOP_NOW=2026-11-24T10:00:00+08:00 expect 0 "actor from git config" env -u SOP_ACTOR "$SOP" note "$ID" "from config"
equals "author from git config" "$(git log -1 --format='%an <%ae>')" "Cfg User <cfg@example.com>"
git config --unset user.name && git config --unset user.email
clean

mkdir "$WORK/plain"
expect 1 "not a repository" "$SOP" -C "$WORK/plain" list
one_error "not a repository"
expect 1 "note outside a repository" "$SOP" -C "$WORK/plain" note "$ID" hi
expect 1 "new outside a repository" "$SOP" -C "$WORK/plain" new --title t --channel email "${REQ[@]}"
equals "nothing written in the plain directory" "$(ls -A "$WORK/plain")" ""

# ---- a broken ticket file committed by hand: reported, not "fixed" ----
export GIT_AUTHOR_DATE="2026-11-24T12:00:00+08:00" GIT_COMMITTER_DATE="2026-11-24T12:00:00+08:00"
PX="tickets/${X:2:1}/${X:3:1}/$X.yaml"
sed -i 's/^title: .*/title: [unclosed/' "$PX" && git commit -q -am "break $X by hand"
refused 5 "show a malformed ticket" "$SOP" show "$X"
refused 5 "note on a malformed ticket" env SOP_NOW=2026-11-24T13:00:00+08:00 "$SOP" note "$X" "hi"
expect 0 "show --format yaml still prints the bytes" "$SOP" show "$X" --format yaml
contains "the bytes" "$OUT" "title: [unclosed"
git checkout -q HEAD~1 -- "$PX"
printf '<<<<<<< ours\nx\n=======\ny\n>>>>>>> theirs\n' >> "$PX"
git commit -q -am "commit conflict markers in $X by hand"
refused 5 "show a ticket with conflict markers" "$SOP" show "$X"
contains "says conflict" "$ERR" "conflict"
run "$SOP" list --format ids
equals "list still works ($ERR)" "$RC" 0
contains "list shows the good tickets" "$OUT" "$Y"
clean
