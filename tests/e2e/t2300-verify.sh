#!/usr/bin/env bash
# sop verify [RANGE...]: a history made with the real verbs (every ticket verb, the kb lifecycle,
# a major incident, collaboration, edits, archive, a merge by git with the driver) verifies
# clean; each commit made by hand on top of it (forged trailers, a skipped guard, a role the
# author lacks, a rewritten event, a plain hand edit, a merge resolved by hand) is reported as
# "<commit>: <path>: [<field>: ]<why>" with exit 5. Ranges as git rev-list takes them; the
# ticket form (sop verify ID --pass|--fail) is the same verb.
. "$(dirname "$0")/lib.sh"
cd "$WORK" || exit 1

# Hand commits get a fixed date too: tests never depend on the wall clock.
export GIT_AUTHOR_DATE="2026-11-25T12:00:00+08:00" GIT_COMMITTER_DATE="2026-11-25T12:00:00+08:00"
ANN="Ann Lee <ann@example.com>" # SOP_ACTOR of lib.sh
BO="Bo Chen <bo@example.com>"   # kb-reviewer
CY="Cy Zhou <cy@example.com>"   # senior
DAN="Dan Wu <dan@example.com>"  # engineer, no other role
MIA="Mia Wong <mia@example.com>" # manager

at() { export SOP_NOW="2026-11-24T$1:00+08:00"; } # at HH:MM, a Tuesday in Asia/Shanghai
ok() { "$@" >/dev/null 2>&1 || fail "setup: $*"; }
# planted NAME: a fresh copy of the clean repository to plant one fault in.
planted() {
    rm -rf "$WORK/$1"
    cp -a "$WORK/clean" "$WORK/$1"
    cd "$WORK/$1" || exit 1
}
# append_event FILE WHO ACTION [LINE...]: an event at 2026-11-25 12:00 appended by hand (the
# event log is the last block of a ticket or article file).
append_event() {
    local file=$1 who=$2 action=$3 line; shift 3
    printf '  - at: "2026-11-25T12:00:00+08:00"\n    by: %s\n    action: %s\n' "$who" "$action" >>"$file"
    for line in "$@"; do printf '    %s\n' "$line" >>"$file"; done
}
# before_events FILE TEXT: top-level fields inserted by hand before the event log.
before_events() {
    python3 - "$1" "$2" <<'PY'
import sys
path, text = sys.argv[1], sys.argv[2]
s = open(path, encoding="utf-8").read()
open(path, "w", encoding="utf-8").write(s.replace("\nevents:\n", "\n" + text + "events:\n", 1))
PY
}
# forge WHO SUBJECT [TRAILER...]: commits every change of the working tree by hand, as WHO.
forge() {
    local who=$1 msg=$2 t; shift 2
    [ $# -gt 0 ] && msg+=$'\n'
    for t in "$@"; do msg+=$'\n'"$t"; done
    git add -A && GIT_AUTHOR_NAME="${who% <*}" GIT_AUTHOR_EMAIL=$(sed 's/.*<\(.*\)>$/\1/' <<<"$who") \
        git commit -q -m "$msg" || fail "forge: $msg"
}
# caught DESCRIPTION NEEDLE...: sop verify of the last commit exits 5 and prints each needle
# after the commit's abbreviated id.
caught() {
    local what=$1 short n; shift
    short=$(git rev-parse --short HEAD)
    expect 5 "$what: exit 5" "$SOP" verify HEAD^..HEAD
    for n in "$@"; do contains "$what" "$OUT" "$short: $n"; done
    contains "$what: the summary on stderr" "$ERR" "sop: verified 1 commit (HEAD^..HEAD): "
}

# ---- a clean history, made with the real verbs ---------------------------------------------
new_repo clean
cd clean || exit 1
cat > .sop/config.yaml <<'YAML'
version: 1
timezone: Asia/Shanghai
teams:
  - name: support
    lead: li@example.com
  - name: ops
people:
  - {name: Ann Lee, email: ann@example.com, roles: [engineer]}
  - {name: Bo Chen, email: bo@example.com, roles: [engineer, kb-reviewer]}
  - {name: Cy Zhou, email: cy@example.com, roles: [engineer, senior]}
  - {name: Dan Wu, email: dan@example.com, roles: [engineer]}
  - {name: Li Wei, email: li@example.com, roles: [lead]}
  - {name: Mia Wong, email: mia@example.com, roles: [manager]}
YAML
git add .sop/config.yaml && git commit -qm "team setup"

# A level-2 fault through the whole procedure: a failed verification, a second plan, a pass.
at 09:30
L=$(TITLE="Printer cannot connect" new_ticket)
ok "$SOP" triage "$L" --type fault --level 2 --category hardware --team support --assignee me
ok "$SOP" respond "$L" --note "Looking into it."
at 09:40
ok "$SOP" diagnose "$L" --note "The spooler log shows 0x1F."
ok "$SOP" note "$L" "Driver 4.2 is installed."
ok "$SOP" wait "$L" --on customer --reason "waiting for the event log"
at 09:50
ok "$SOP" resume "$L" --note "log received"
ok "$SOP" remote "$L" --consent verbal --granted-by "Wang Fang" --purpose "collect logs" \
    --scope "the print spooler" --tool RustDesk
at 10:00
ok "$SOP" remote "$L" --end --note "logs collected"
ok "$SOP" plan "$L" --step "update the driver" --risk "printing stops" --mitigation "off-peak" \
    --touches data --rollback "reinstall 4.2" \
    --window 2026-11-24T10:00:00+08:00/2026-11-24T18:00:00+08:00
ok "$SOP" confirm "$L" --by "Wang Fang" --via phone
at 10:10
ok "$SOP" implement "$L" --backup "the spooler configuration"
act "the ticket form: a failed verification" "$SOP" verify "$L" --fail --steps "printed a page" \
    --result "still fails"
equals "the ticket form: back to diagnosing" "$(trailer Sop-To)" diagnosing
ok "$SOP" plan "$L" --step "replace the cable" --risk "none" --mitigation "none"
at 10:20
ok "$SOP" implement "$L"
act "the ticket form: a pass" "$SOP" verify "$L" --pass --steps "printed a page" \
    --feedback "works"
equals "the ticket form: resolved" "$(trailer Sop-To)" resolved
ok "$SOP" survey "$L" --speed 5 --quality 4 --attitude 5
at 10:30
ok "$SOP" close "$L" --problem "no printing" --diagnosis "bad cable" --solution "new cable" \
    --outcome "prints" --feedback "happy" --advice "check cables first"

# Level 1: answered directly; R stays resolved, A is closed and linked to R.
A=$(TITLE="How do I map a drive?" new_ticket)
R=$(TITLE="Where is the VPN client?" new_ticket)
ok "$SOP" triage "$A" --type consultation --level 1 --category software
ok "$SOP" triage "$R" --type consultation --level 1 --category network
ok "$SOP" resolve "$A" --answer "Explorer, This PC, Map network drive"
ok "$SOP" resolve "$R" --answer "In the software centre"
ok "$SOP" survey "$A" --none "the requester did not answer"
at 10:40
ok "$SOP" close "$A" --problem "map a drive" --diagnosis "how-to" --solution "sent the steps" \
    --outcome "mapped" --feedback "none" --advice "see the KB"
ok "$SOP" link "$R" --related "$A"
C=$(TITLE="VPN client location" new_ticket)
ok "$SOP" cancel "$C" --reason "the same question" --duplicate-of "$R"

# Level 3: closed after a senior review; S2 waits for its close (resolved, surveyed).
S=$(TITLE="Mail server slow" new_ticket)
S2=$(TITLE="File server slow" new_ticket)
for t in "$S" "$S2"; do
    ok "$SOP" triage "$t" --type fault --level 3 --category system --team ops
    ok "$SOP" plan "$t" --step "add memory" --risk "reboot" --mitigation "at night"
    ok "$SOP" implement "$t"
    ok "$SOP" verify "$t" --pass --steps "measured the latency"
    ok "$SOP" survey "$t" --speed 4 --quality 4 --attitude 4
done
at 10:50
ok "$SOP" close "$S" --problem p --diagnosis d --solution s --outcome o --feedback f --advice a \
    --reviewed-by cy@example.com
equals "setup: the senior review" "$(trailer Reviewed-by)" "$CY"

# Routing, escalation, collaboration and an edit.
E=$(TITLE="Laptop overheats" new_ticket)
ok "$SOP" triage "$E" --type fault --level 1 --category hardware --team ops
ok "$SOP" assign "$E" dan@example.com
ok "$SOP" route "$E" --team support
ok "$SOP" escalate "$E" --level 2 --reason "needs a technician"
ok "$SOP" collab request "$E" --team ops --need "a spare fan" --deliverable "the fan" \
    --due 2026-11-26T18:00:00+08:00
ok "$SOP" collab ack "$E" 1
ok "$SOP" collab progress "$E" 1 "ordered"
ok "$SOP" collab done "$E" 1
ok env EDITOR="sed -i s/^title:.*/title:\ Laptop\ overheats\ under\ load/" "$SOP" edit "$E"
equals "setup: the edit" "$(trailer Sop-Action)" edit

# A major incident, approved by the manager, closed after a senior review.
at 11:00
I=$(TITLE="Orders cannot be placed" new_ticket)
ok "$SOP" triage "$I" --type fault --level 4 --category software --team support
ok "$SOP" incident declare "$I" --lead cy@example.com --impact-start 2026-11-24T10:55:00+08:00 \
    --scope "every store"
ok "$SOP" incident update "$I" "We are failing over." --next 30min
ok "$SOP" incident mitigate "$I" "failed over to the standby" --backup "database snapshot"
at 11:30
ok "$SOP" incident resolve "$I" --verified "orders go through"
ok "$SOP" incident action "$I" add "alert on 503s" --owner cy@example.com
ok "$SOP" incident action "$I" done 1
at 12:00
ok "$SOP" incident review "$I" --held-at 2026-11-24T11:45:00+08:00 --attendees cy@example.com \
    ann@example.com --root-cause "a full disk"
ok "$SOP" incident report "$I"
ok as "$MIA" "$SOP" incident approve "$I"
ok "$SOP" survey "$I" --speed 3 --quality 4 --attitude 5
ok "$SOP" close "$I" --problem p --diagnosis d --solution s --outcome o --feedback f --advice a \
    --reviewed-by cy@example.com

# The knowledge base: from a closed ticket, reviewed, reused, revised, flagged by a reopen;
# K2 waits for its review; K3 rejected and retired by its author.
at 12:10
K1=$("$SOP" kb new --from-ticket "$A" --scenario "Windows clients" --format ids)
ok "$SOP" kb submit "$K1"
ok as "$BO" "$SOP" kb approve "$K1"
ok "$SOP" link "$R" --kb "$K1"
ok env EDITOR="sed -i s/^title:.*/title:\ Map\ a\ network\ drive/" "$SOP" kb edit "$K1"
ok as "$BO" "$SOP" kb approve "$K1"
at 12:20
ok "$SOP" reopen "$A" --reason "the drive disconnects after a reboot"
equals "setup: the reopen flags the article" "$(trailer Sop-Article)" "$K1"
K2=$("$SOP" kb new --title "VPN certificate expired" --category network \
    --problem "The VPN says the certificate expired." --step "check the date" \
    --solution "renew the certificate" --scenario "laptops" --format ids)
ok "$SOP" kb submit "$K2"
K3=$("$SOP" kb new --title "Draft" --category other --problem "A draft." --step s \
    --solution s --scenario s --format ids)
ok "$SOP" kb submit "$K3"
ok as "$BO" "$SOP" kb reject "$K3" --reason "too vague"
ok "$SOP" kb retire "$K3" --reason "not needed"

# Archive, then a merge by git with the driver: two lines of work on E.
at 12:30
ok "$SOP" archive "$C"
git branch side
ok "$SOP" note "$E" "note on main"
git checkout -q side
at 12:35
ok "$SOP" note "$E" "note on the side branch"
ok "$SOP" assign "$E" cy@example.com
git checkout -q main
expect 0 "setup: git merge with the driver" git merge -q --no-edit side
equals "setup: a merge commit" "$(git rev-list --min-parents=2 --count HEAD)" 1
clean

expect 0 "clean: exit 0" "$SOP" verify
equals "clean: nothing on stdout" "$OUT" ""
contains "clean: the summary (no upstream: all of HEAD's history)" "$ERR" \
    "sop: verified $(git rev-list --count HEAD) commits (main): no problems"
expect 0 "clean: the archive branch" "$SOP" verify sop-archive
contains "clean: the archive branch's commits" "$ERR" "verified 1 commit (sop-archive)"
expect 0 "clean: json" "$SOP" verify --format json
equals "json: the document" "$(jv '[d["schema"], d["range"], d["valid"], d["problems"]]')" \
    '["sop/v1", "main", true, []]'
equals "json: the commits" "$(jv 'd["commits"]')" "$(git rev-list --count HEAD)"
clean

# ---- ranges: A..B, A...B, REV, ^REV, the upstream, unknown revisions --------------------------
# in_range DESCRIPTION RANGE...: sop verify counts the commits git rev-list lists.
in_range() {
    local what=$1; shift
    expect 0 "$what" "$SOP" verify "$@"
    contains "$what: as git rev-list counts" "$ERR" \
        "verified $(git rev-list --count "$@") commits ($*): no problems"
}
in_range "A..B (the merge and both lines of work)" HEAD~3..HEAD
in_range "A.. means A..HEAD" HEAD~3..
in_range "a revision and its history" HEAD~1
in_range "REV ^REV" HEAD ^HEAD~4
expect 0 "A...B: either side, without what both have" "$SOP" verify main~1...side
contains "A...B" "$ERR" "verified 3 commits (main~1...side)"
expect 4 "an unknown revision" "$SOP" verify nosuch..HEAD
contains "an unknown revision: named" "$ERR" "sop: error: cannot verify 'nosuch..HEAD': unknown revision 'nosuch'"
contains "an unknown revision: the forms" "$ERR" "hint: "
expect 4 "an unknown single revision" "$SOP" verify nosuch
# Default: what the upstream lacks.
git init -q --bare -b main "$WORK/remote.git"
git remote add origin "$WORK/remote.git"
git push -q -u origin main 2>/dev/null || fail "push"
expect 0 "up to date with the upstream" "$SOP" verify
contains "nothing to verify" "$ERR" "verified 0 commits (origin/main..main): no problems"
at 12:40
ok "$SOP" note "$E" "after the push"
expect 0 "one commit ahead of the upstream" "$SOP" verify
contains "the commits the upstream lacks" "$ERR" "verified 1 commit (origin/main..main)"

# ---- the two forms of the verb ------------------------------------------------------------------
expect 2 "a ticket ID without --pass or --fail" "$SOP" verify "$R"
contains "names the ticket" "$ERR" "'$R' is a ticket"
contains "names both forms" "$ERR" "'sop verify ID --pass|--fail --steps TEXT' records a verification of a ticket; 'sop verify [RANGE...]' checks the commits of a range"
expect 2 "--steps without --pass or --fail" "$SOP" verify --steps "printed a page"
expect 2 "--format ids checks no history" "$SOP" verify --format ids
expect 2 "--pass with two IDs" "$SOP" verify "$R" "$E" --pass --steps s
expect 2 "--pass with --fail" "$SOP" verify "$R" --pass --fail --steps s
expect 0 "sop verify --help" "$SOP" verify --help
contains "--help: both forms" "$OUT" "usage: sop verify ID --pass|--fail --steps TEXT [--result TEXT] [--feedback TEXT] | sop verify [RANGE...] [--format text|json]"

# ---- a hand-made close without a survey -----------------------------------------------------
planted no-survey
P=$(path_of "$R")
sed -i 's/^state: resolved$/state: closed/' "$P"
before_events "$P" $'summary:\n  problem: p\n  diagnosis: d\n  solution: s\n  outcome: o\n  feedback: f\n  advice: a\n'
append_event "$P" "$ANN" close "from: resolved" "to: closed"
forge "$ANN" "$R: closed: s" "Sop-Ticket: $R" "Sop-Action: close" "Sop-From: resolved" "Sop-To: closed"
expect 0 "no survey: sop validate finds nothing wrong with the file" "$SOP" validate
caught "no survey" "$P: survey: closed without a satisfaction survey (SOP 4.4) [guard: survey]"
equals "no survey: one problem" "$(wc -l <<<"$OUT")" 1
expect 5 "no survey: json" "$SOP" verify --format json HEAD^..
equals "json: the problem" "$(jv '[(p["commit"], p["path"], p["field"]) for p in d["problems"]]')" \
    "[[\"$(git rev-parse HEAD)\", \"$P\", \"survey\"]]"
equals "json: not valid" "$(jv 'd["valid"]')" false
# The same commit made by someone else than the events say.
git reset -q --hard HEAD^
N=$(grep -c '^  - at: ' "$P") # the index of the event appended next
append_event "$P" "$ANN" note "note: forged"
forge "$DAN" "$R: note: forged" "Sop-Ticket: $R" "Sop-Action: note" "Sop-From: resolved" "Sop-To: resolved"
caught "an event by another" "$P: events[$N].by: '$ANN', but the commit's author is $DAN"

# ---- an article approved by someone without the role kb-reviewer ------------------------------
planted no-reviewer
P=kb/$K2.yaml
sed -i 's/^status: in_review$/status: published/' "$P"
before_events "$P" $'reviewers:\n  - at: "2026-11-25T12:00:00+08:00"\n    by: Dan Wu <dan@example.com>\n    verdict: approved\n    version: 1\n'
append_event "$P" "$DAN" approve "from: in_review" "to: published" "version: 1"
# The commit also tries to grant the role: a commit is judged by its parent's config.
sed -i 's/roles: \[engineer\]}$/roles: [engineer, kb-reviewer]}/' .sop/config.yaml
forge "$DAN" "$K2: approved version 1, published" "Sop-Article: $K2" "Sop-Action: kb-approve" \
    "Sop-From: in_review" "Sop-To: published" "Approved-by: $DAN"
caught "no reviewer" \
    "$P: reviewers: $DAN is not a kb-reviewer in .sop/config.yaml of the parent commit (articles are reviewed by a kb-reviewer, SOP 4.6) [guard: reviewer]"
# The author of the article, made a kb-reviewer in a commit of its own: the not-author guard.
git reset -q --hard HEAD^
sed -i 's/roles: \[engineer\]}$/roles: [engineer, kb-reviewer]}/' .sop/config.yaml
forge "$ANN" "team change"
sed -i 's/^status: in_review$/status: published/' "$P"
before_events "$P" $'reviewers:\n  - at: "2026-11-25T12:00:00+08:00"\n    by: Ann Lee <ann@example.com>\n    verdict: approved\n    version: 1\n'
append_event "$P" "$ANN" approve "from: in_review" "to: published" "version: 1"
forge "$ANN" "$K2: approved version 1, published" "Sop-Article: $K2" "Sop-Action: kb-approve" \
    "Sop-From: in_review" "Sop-To: published" "Approved-by: $ANN"
caught "the author approves" \
    "$P: reviewers: $ANN wrote version 1; an article is reviewed by someone else (SOP 4.6) [guard: not-author]"
expect 0 "...the config commit before it is fine" "$SOP" verify HEAD~2..HEAD~1

# ---- a level-3 close reviewed by someone who is not a senior engineer ------------------------
planted non-senior
P=$(path_of "$S2")
sed -i 's/^state: resolved$/state: closed/' "$P"
before_events "$P" $'summary:\n  problem: p\n  diagnosis: d\n  solution: s\n  outcome: o\n  feedback: f\n  advice: a\n  reviewed_by: Dan Wu <dan@example.com>\n'
append_event "$P" "$ANN" close "from: resolved" "to: closed" "reviewed_by: $DAN"
forge "$ANN" "$S2: closed: s" "Sop-Ticket: $S2" "Sop-Action: close" "Sop-From: resolved" \
    "Sop-To: closed" "Reviewed-by: $DAN"
caught "non-senior" \
    "$P: summary.reviewed_by: Reviewed-by: '$DAN' is not a senior engineer in .sop/config.yaml of the parent commit (SOP 5) [guard: senior-review]"
# Without the trailer at all.
git reset -q --hard HEAD^
sed -i 's/^state: resolved$/state: closed/' "$P"
before_events "$P" $'summary:\n  problem: p\n  diagnosis: d\n  solution: s\n  outcome: o\n  feedback: f\n  advice: a\n'
append_event "$P" "$ANN" close "from: resolved" "to: closed"
forge "$ANN" "$S2: closed: s" "Sop-Ticket: $S2" "Sop-Action: close" "Sop-From: resolved" "Sop-To: closed"
caught "no review" "$P: summary.reviewed_by: a level-3 ticket closes after a senior engineer's review (SOP 5), and the commit has no Reviewed-by trailer [guard: senior-review]"

# ---- a hand edit without trailers -------------------------------------------------------------
planted hand-edit
P=$(path_of "$E")
sed -i 's/^title: .*/title: Laptop overheats (edited by hand)/' "$P"
echo "notes" >README.local
forge "$DAN" "fix the title"
caught "hand edit" "$P: changed outside sop (no Sop-Action trailer)"
lacks "hand edit: other files are not sop's" "$OUT" "README.local"
# A config that no longer parses is reported, a valid one is not.
git reset -q --hard HEAD^
echo "people: [" >>.sop/config.yaml
forge "$DAN" "break the config"
caught "a broken config" ".sop/config.yaml: line "

# ---- trailers that name another ticket than the diff -----------------------------------------
planted other-ticket
P=$(path_of "$E")
append_event "$P" "$ANN" note "note: on E"
forge "$ANN" "$R: note: on E" "Sop-Ticket: $R" "Sop-Action: note" "Sop-From: resolved" "Sop-To: resolved"
caught "another ticket" "$P: changed, but no Sop-Ticket trailer names $E ('note' acts on $R)" \
    "$(path_of "$R"): named by Sop-Ticket, but the commit does not change it"
# A Sop-Action that sop does not have.
git reset -q --hard HEAD^
append_event "$P" "$ANN" note "note: on E"
forge "$ANN" "$E: note" "Sop-Ticket: $E" "Sop-Action: fix" "Sop-From: diagnosing" "Sop-To: diagnosing"
caught "an unknown action" "$P: changed by a commit whose Sop-Action 'fix' is not an action of sop"

# ---- a rewritten past event ------------------------------------------------------------------
planted rewritten
P=$(path_of "$L")
sed -i 's/^    note: Driver 4.2 is installed.$/    note: Driver 5.0 is installed./' "$P"
append_event "$P" "$ANN" note "note: more"
forge "$ANN" "$L: note: more" "Sop-Ticket: $L" "Sop-Action: note" "Sop-From: closed" "Sop-To: closed"
caught "rewritten event" "$P: events[4]: rewritten: the event log is append-only"
# A state moved without its verb.
git reset -q --hard HEAD^
P=$(path_of "$R")
N=$(grep -c '^  - at: ' "$P")
sed -i 's/^state: resolved$/state: closed/' "$P"
append_event "$P" "$ANN" note "from: resolved" "to: closed" "note: done"
forge "$ANN" "$R: note" "Sop-Ticket: $R" "Sop-Action: note" "Sop-From: resolved" "Sop-To: closed"
caught "a state moved by a note" "$P: events[$N]: 'note' never changes the state"

# ---- an incident report approved by someone who is not a manager -----------------------------
planted no-manager
I2=$(TITLE="Checkout down" new_ticket)
ok "$SOP" triage "$I2" --type fault --level 4 --category software --team support
ok "$SOP" incident declare "$I2" --lead cy@example.com --impact-start 2026-11-24T12:00:00+08:00 \
    --scope "web shop"
ok "$SOP" incident resolve "$I2" --verified "checkout works"
ok "$SOP" incident review "$I2" --held-at 2026-11-24T12:40:00+08:00 --attendees cy@example.com \
    --root-cause "a bad deploy"
ok "$SOP" incident report "$I2"
expect 3 "setup: sop refuses the approval by a non-manager" as "$DAN" "$SOP" incident approve "$I2"
P=$(path_of "$I2")
python3 - "$P" <<'PY'
import sys
path = sys.argv[1]
s = open(path, encoding="utf-8").read()
s = s.replace("\nevents:\n", '\n  approval:\n    at: "2026-11-25T12:00:00+08:00"\n    by: Dan Wu <dan@example.com>\nevents:\n', 1)
open(path, "w", encoding="utf-8").write(s)
PY
append_event "$P" "$DAN" incident-approve
forge "$DAN" "$I2: review report approved" "Sop-Ticket: $I2" "Sop-Action: incident-approve" \
    "Sop-From: resolved" "Sop-To: resolved" "Approved-by: $DAN"
caught "no manager" "$P: incident.approval: $DAN is not a manager in .sop/config.yaml of the parent commit"

# ---- merges ------------------------------------------------------------------------------------
planted merged
git checkout -q -b two
at 13:00
ok "$SOP" assign "$E" bo@example.com --note "two"
git checkout -q main
at 13:05
ok "$SOP" assign "$E" dan@example.com --note "main"
expect 0 "setup: git merge with the driver (a conflict it settles)" git merge -q --no-edit two
contains "setup: the driver kept a value" "$(cat "$(path_of "$E")")" "action: merge-conflict"
expect 0 "a merge by the driver, merge-conflict event included" "$SOP" verify HEAD~2..HEAD
contains "...both lines and the merge" "$ERR" "verified 3 commits (HEAD~2..HEAD): no problems"
# The same merge, with the file changed by hand before it is committed.
git reset -q --hard HEAD^
git merge -q --no-commit two >/dev/null 2>&1
sed -i 's/^title: .*/title: changed in the merge/' "$(path_of "$E")"
git add -A && git commit -q --no-edit
expect 5 "a merge that changed the file" "$SOP" verify HEAD^..HEAD
equals "...reported once, for the merge" "$OUT" \
    "$(git rev-parse --short HEAD): $(path_of "$E"): merge changed the file beyond the merge driver: it is not what 'sop merge-driver' makes of the two parents' versions"
