#!/usr/bin/env bash
# sop validate: a repository built with the real verbs validates clean; each planted fault is
# reported as "<path>: <field>: <why>" with exit 5, and none hides another.
. "$(dirname "$0")/lib.sh"
cd "$WORK"

# Hand commits get a fixed date too: tests never depend on the wall clock.
export GIT_AUTHOR_DATE="2026-11-25T12:00:00+08:00" GIT_COMMITTER_DATE="2026-11-25T12:00:00+08:00"
at() { export SOP_NOW="$1"; }
# invalid DESCRIPTION NEEDLE...: sop validate exits 5 and prints every needle.
invalid() {
    local what=$1 n; shift
    expect 5 "$what: exit 5" "$SOP" validate
    for n in "$@"; do contains "$what" "$OUT" "$n"; done
}
# planted NAME: a fresh copy of the clean repository to plant one fault in.
planted() {
    rm -rf "$WORK/$1"
    cp -a "$WORK/clean" "$WORK/$1"
    cd "$WORK/$1" || exit 1
}

# ---- a clean repository, built with the real verbs ----------------------------------------
new_repo clean
cd clean
at 2026-11-24T09:30:00+08:00
A=$(TITLE="How do I map a network drive?" new_ticket)
B=$(TITLE="Printer offline" new_ticket)
C=$(TITLE="Printer offline again" new_ticket)
"$SOP" triage "$A" --type consultation --level 1 --category software >/dev/null
"$SOP" triage "$B" --type fault --level 1 --category hardware >/dev/null
"$SOP" resolve "$A" --answer "Explorer > This PC > Map network drive" >/dev/null
"$SOP" survey "$A" --none "the requester did not answer" >/dev/null
at 2026-11-24T10:00:00+08:00
"$SOP" close "$A" --problem "map a drive" --diagnosis "how-to" --solution "sent the steps" \
    --outcome "mapped" --feedback "none" --advice "see the KB" >/dev/null
"$SOP" cancel "$C" --reason "the same printer" --duplicate-of "$B" >/dev/null
KB=$("$SOP" kb new --title "Printer shows offline" --category hardware \
    --problem "The printer shows offline after sleep." --format ids)
"$SOP" link "$B" --kb "$KB" >/dev/null
"$SOP" link "$B" --related "$A" >/dev/null
at 2026-12-01T09:00:00+08:00
"$SOP" archive "$A" >/dev/null
equals "setup: A is archived" "$(git ls-tree -r --name-only sop-archive -- "$(path_of "$A")")" "$(path_of "$A")"
clean

expect 0 "clean: exit 0" "$SOP" validate
equals "clean: the summary" "$OUT" "2 tickets, 1 article, config: OK"
expect 0 "clean --all: exit 0" "$SOP" validate --all
equals "clean --all: the summary" "$OUT" "3 tickets (1 archived), 1 article, config: OK"
expect 0 "clean --all --format json" "$SOP" validate --all --format json
equals "json: valid" "$(jv 'd["valid"]')" true
equals "json: counts" "$(jv '[d["schema"], d["tickets"], d["archived"], d["articles"], d["config"]]')" \
    '["sop/v1", 3, 1, 1, "ok"]'
equals "json: no problems" "$(jv 'd["problems"]')" "[]"
expect 0 "clean: a path" "$SOP" validate "$(path_of "$B")"
equals "clean: a path: the summary" "$OUT" "1 ticket, 0 articles, config: not checked"
expect 0 "clean: -C and a directory" "$SOP" -C "$WORK/clean" validate tickets kb
expect 0 "clean: --staged" "$SOP" validate --staged
expect 2 "PATH and --all exclude each other" "$SOP" validate --all "$(path_of "$B")"
clean

# ---- conflict markers ------------------------------------------------------------------------
planted markers
P=$(path_of "$B")
sed -i 's/^title: .*/<<<<<<< HEAD\ntitle: Printer offline\n=======\ntitle: Printer is offline\n>>>>>>> theirs/' "$P"
invalid "markers" "$P: (file): git conflict markers at lines 2, 4, 6"
contains "markers: the summary on stderr" "$ERR" "sop: 1 problem in 1 file"
# An article too, reported by the kb checks.
printf '<<<<<<< ours\n=======\n>>>>>>> theirs\n' >>"kb/$KB.yaml"
invalid "markers in an article" "kb/$KB.yaml: (file): git conflict markers" "$P: (file)"

# ---- a YAML file that does not parse -----------------------------------------------------------
planted yaml
P=$(path_of "$B")
sed -i 's/^title: .*/title: [Printer offline/' "$P"
invalid "yaml" "$P: (file): line "
lacks "yaml: not skipped as a ticket" "$OUT" "config: OK"
contains "yaml: still counted" "$ERR" "2 tickets"

# A link is reported, not followed (DESIGN §8: bounded input).
planted link
mkdir -p tickets/Z/Z
ln -s /etc/hostname tickets/Z/Z/T-ZZZZZZZZZZZZ.yaml
invalid "link" "tickets/Z/Z/T-ZZZZZZZZZZZZ.yaml: (file): a symbolic link (sop reads regular files only)"

# ---- a schema violation ------------------------------------------------------------------------
planted schema
P=$(path_of "$B")
sed -i 's/^channel: email/channel: pigeon/; s/^level: 1/level: 9/' "$P"
invalid "schema" "$P: channel: 'pigeon' is not one of phone, chat, email, im, remote, onsite" \
    "$P: level: "
equals "schema: both, one line each" "$(printf '%s\n' "$OUT" | grep -c "^$P: ")" 2

# ---- a path that does not match the ID ---------------------------------------------------------
planted path
P=$(path_of "$B")
mkdir -p tickets/Z/Z
git mv "$P" "tickets/Z/Z/$B.yaml"
invalid "wrong shard" "tickets/Z/Z/$B.yaml: id: the file is in the wrong shard: $B belongs in $P"
# References to B now dangle too: C's duplicate_of, the article's links.tickets.
contains "path: the duplicate_of of C dangles" "$OUT" "$(path_of "$C"): links.duplicate_of: no ticket $B"
git mv "tickets/Z/Z/$B.yaml" "tickets/Z/Z/T-ZZZZZZZZZZZZ.yaml"
invalid "another ID's file" "tickets/Z/Z/T-ZZZZZZZZZZZZ.yaml: id: the file holds $B, whose file is $P"

# ---- a duplicate ID ----------------------------------------------------------------------------
planted dup-files
P=$(path_of "$B")
mkdir -p tickets/Z/Z
cp "$P" tickets/Z/Z/T-ZZZZZZZZZZZZ.yaml
invalid "two files, one ID" "$P: id: $B is also the ID of tickets/Z/Z/T-ZZZZZZZZZZZZ.yaml" \
    "tickets/Z/Z/T-ZZZZZZZZZZZZ.yaml: id: $B is also the ID of $P"

planted dup-archive
PA=$(path_of "$A")
# The same ID live and archived, with other content: A is back on the branch, edited.
mkdir -p "$(dirname "$PA")"
git show "sop-archive:$PA" | sed 's/^title: .*/title: Map a drive (reopened by hand)/' >"$PA"
git add "$PA" && git commit -qm "bring A back by hand"
invalid "live and archived" "$PA: id: $A is also in the archive branch (sop-archive:$PA) with other content"
# The very same file in both: an interrupted `sop archive`, worth a note, not a problem.
git show "sop-archive:$PA" >"$PA"
git commit -qam "the same file as the archive's"
expect 0 "the same file live and archived" "$SOP" validate
contains "interrupted archive: a note" "$ERR" "sop: note: $PA: $A is both live and archived, as the same file: an interrupted 'sop archive'"

# ---- a state that contradicts the events -------------------------------------------------------
planted state
P=$(path_of "$B")
sed -i 's/^state: triaged/state: resolved/' "$P"
invalid "state" "$P: state: 'resolved' contradicts the event log, which ends in triaged"
# A transition no verb makes: triage straight to closed.
planted transition
P=$(path_of "$B")
sed -i '0,/^    to: triaged/s//    to: closed/; s/^state: triaged/state: closed/' "$P"
invalid "transition" "$P: events[1]: 'triage' from new to closed is not a transition of the workflow"

# ---- a dangling reference ----------------------------------------------------------------------
planted reference
P=$(path_of "$B")
sed -i "s/^    - $A\$/    - T-0000000000ZZ/" "$P"
invalid "related" "$P: links.related[0]: no ticket T-0000000000ZZ, live or archived"
sed -i "s/^    - $KB\$/    - KB-0000000000ZZ/" "$P"
invalid "kb link" "$P: links.kb[0]: no article KB-0000000000ZZ in kb/"

# ---- an unresolved merge conflict, written by hand ---------------------------------------------
planted merge
P=$(path_of "$B")
cat >>"$P" <<'YAML'
  - at: "2026-11-24T10:30:00+08:00"
    by: sop merge-driver
    action: merge-conflict
    field: assignee
    values:
      - Ann Lee <ann@example.com>
      - Bo Chen <bo@example.com>
YAML
git commit -qam "a merge that left a conflict"
invalid "merge conflict" "$P: assignee: merge conflict (events[4]) not resolved: the two sides set 'Ann Lee <ann@example.com>' and 'Bo Chen <bo@example.com>'; choose with 'sop edit $B'"
# The fix: sop edit sets the field, and its edit event resolves the conflict.
printf '#!/bin/sh\nsed -i "s/^team: .*//; s/^category: hardware/category: hardware\\nassignee: Bo Chen <bo@example.com>/" "$1"\n' >"$WORK/pick.sh"
chmod +x "$WORK/pick.sh"
at 2026-11-24T11:00:00+08:00
expect 0 "merge conflict: sop edit" env EDITOR="$WORK/pick.sh" "$SOP" edit "$B"
expect 0 "merge conflict: resolved by the edit" "$SOP" validate

# ---- every fault at once, in a stable order; --staged and json ---------------------------------
planted many
PB=$(path_of "$B") PC=$(path_of "$C")
sed -i 's/^channel: email/channel: pigeon/' "$PB"
sed -i 's/^state: cancelled/state: new/' "$PC"
expect 5 "many: exit 5" "$SOP" validate --jobs 2
first=$OUT
expect 5 "many: one job" "$SOP" validate --jobs 1
equals "many: the same output, whatever the threads" "$OUT" "$first"
equals "many: sorted by path" "$(printf '%s\n' "$first" | cut -d: -f1)" "$(printf '%s\n' "$first" | cut -d: -f1 | LC_ALL=C sort)"
expect 5 "many: json" "$SOP" validate --format json
equals "json: not valid" "$(jv 'd["valid"]')" false
equals "json: fields" "$(jv 'sorted(p["field"] for p in d["problems"])')" '["channel", "state"]'
equals "json: paths" "$(jv 'sorted(set(p["path"] for p in d["problems"]))')" \
    "$(printf '%s\n' "$PB" "$PC" | LC_ALL=C sort | python3 -c 'import json, sys; print(json.dumps(sys.stdin.read().split()))')"
# --staged checks the index: stage the faults, then restore the working tree.
git add "$PB" "$PC"
git checkout -q -- .
git restore -q --worktree "$PB" "$PC" 2>/dev/null || true
git show HEAD:"$PB" >"$PB"
git show HEAD:"$PC" >"$PC"
expect 0 "--staged: the working tree is clean" "$SOP" validate
expect 5 "--staged: the index is not" "$SOP" validate --staged
contains "--staged: names the staged fault" "$OUT" "$PB: channel: 'pigeon'"
expect 5 "--staged with a path" "$SOP" validate --staged "$PC"
contains "--staged with a path: names it" "$OUT" "$PC: state:"
lacks "--staged with a path: only it" "$OUT" "$PB"
git reset -q

# ---- the config --------------------------------------------------------------------------------
planted config
sed -i 's/^timezone: .*/timezone: Mars\/Olympus/' .sop/config.yaml
invalid "config" ".sop/config.yaml: "
contains "config: the summary" "$ERR" "config: invalid"
