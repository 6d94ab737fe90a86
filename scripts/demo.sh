#!/usr/bin/env bash
# Installs what is missing, builds sop, and runs a demonstration of the procedure in a fresh
# throw-away support repository (kept afterwards so you can look around; the path is printed).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
scripts/deps.sh
scripts/build.sh build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
SOP="$top/build/sop"

demo=$(mktemp -d "${TMPDIR:-/tmp}/sop-demo.XXXXXX")
export HOME="$demo/home" GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME"
export SOP_ACTOR="Li Wei <li.wei@example.com>"
step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }
at() { export SOP_NOW="$1"; }

cd "$demo"
echo "A throw-away support repository in $demo"
at 2026-11-24T09:00:00+08:00
step "$SOP" init support
cd support

echo; echo "# The team's setup is a reviewed file: working hours in Shanghai, a holiday, SLA targets"
sed -i 's/^timezone: UTC/timezone: Asia\/Shanghai/; s/^  holidays: \[\]/  holidays: [{from: 2026-12-31, to: 2027-01-01, name: New Year}]/' \
    .sop/config.yaml
git -c user.name="Li Wei" -c user.email=li.wei@example.com commit -qam "config: Shanghai hours, New Year holiday"
step "$SOP" calendar --from 2026-12-28 --to 2027-01-04

echo; echo "# 4.1 Intake: a customer phones in (the engineer records who, what, since when, where)"
at 2026-11-24T09:00:25+08:00
id=$("$SOP" new --title "打印机无法连接 / printer cannot connect" --channel phone \
    --requester-name "Wang Fang" --requester-contact "+86 138 0000 0000" --requester-org "ACME Ltd" \
    --requester-kind customer --symptom "Printing from the finance PCs fails since this morning." \
    --started-at 2026-11-24T08:10:00+08:00 --frequency "every print job" \
    --steps $'1. Open any invoice\n2. Print to FIN-PRN-02' --error "0x0000011b" \
    --env hardware="HP LaserJet M404" --env system="Windows 11 23H2" --env network="VLAN 30" \
    --impact partial --category hardware --format ids)
echo "created $id"
vpn=$("$SOP" new --title "How do I reset my VPN token?" --channel email --requester-name "Zhao Lei" \
    --requester-contact zhao.lei@example.com --requester-kind internal \
    --symptom "The VPN token app asks for a reset code." --format ids)
echo "created $vpn"

echo; echo "# Intake from a YAML file (as a web form or mail gateway would submit it)"
cat > intake.yaml <<'YAML'
title: Cloud backup job fails nightly
channel: email
category: cloud
requester:
  name: Sun Mei
  contact: sun.mei@example.com
  org: Globex
  kind: partner
problem:
  symptom: |
    The nightly backup to object storage stops at 63%.
    The job log says "quota exceeded".
  business_impact: none
YAML
at 2026-11-24T09:05:00+08:00
step "$SOP" new --from-file intake.yaml
rm intake.yaml

echo; echo "# 4.1 First response and triage: level 2 and above is routed to a team"
at 2026-11-24T09:00:45+08:00  # the phone is answered within 30 s of the call (SOP 4.1)
step "$SOP" respond "${id:0:6}" --note "Engineer Li Wei; we are looking into it."
step "$SOP" triage "${id:0:6}" --type fault --level 2 --category hardware || echo "exit $? (refused: no team)"
step "$SOP" triage "${id:0:6}" --type fault --level 2 --category hardware --team hardware --assignee me

echo; echo "# The clocks run from the event log: first response by channel, resolution by level"
step "$SOP" sla

echo; echo "# 4.2 Diagnosis: earlier tickets of the user, similar tickets, every step recorded"
at 2026-11-24T09:10:00+08:00
step "$SOP" history "${id:0:6}"
step "$SOP" similar "${id:0:6}"
step "$SOP" diagnose "${id:0:6}"
at 2026-11-24T09:12:00+08:00
step "$SOP" remote "${id:0:6}" --tool RustDesk || echo "exit $? (refused: no consent)"
step "$SOP" remote "${id:0:6}" --consent verbal --granted-by "Wang Fang" \
    --purpose "read the spooler log" --scope "FIN-PRN-02 print server, read only" --tool RustDesk
step "$SOP" note "${id:0:6}" "Spooler log on FIN-PRN-02 shows error 0x0000011b after KB5005565."
at 2026-11-24T09:20:00+08:00
step "$SOP" remote "${id:0:6}" --end --note "log copied; nothing changed"
step "$SOP" diagnose "${id:0:6}" --note "Reproduced in the lab with the same update: known issue."

echo; echo "# 4.3 Solution: a plan that restarts the user's server needs a window, a rollback and consent"
at 2026-11-24T09:40:00+08:00
step "$SOP" plan "${id:0:6}" --step "set RpcAuthnLevelPrivacyEnabled=0 on FIN-PRN-02" \
    --step "restart the spooler" --risk "printing stops for a minute" --mitigation "at lunch time" \
    --touches business,restart --rollback "restore the registry export" \
    --window 2026-11-24T12:00:00+08:00/2026-11-24T13:00:00+08:00
at 2026-11-24T12:05:00+08:00
step "$SOP" implement "${id:0:6}" || echo "exit $? (refused: the user has not confirmed)"
step "$SOP" confirm "${id:0:6}" --by "Wang Fang" --via phone
step "$SOP" implement "${id:0:6}" --backup "registry export of the print server"

echo; echo "# 4.4 Verification, survey, closure"
at 2026-11-24T12:20:00+08:00
step "$SOP" verify "${id:0:6}" --pass --steps "printed three invoices from two finance PCs" \
    --feedback "works again"
step "$SOP" survey "${id:0:6}" --speed 5 --quality 4 --attitude 5 --via phone
step "$SOP" close "${id:0:6}" --problem "finance PCs could not print" \
    --diagnosis "KB5005565 hardened RPC printing (0x0000011b)" \
    --solution "relaxed RPC auth level on the print server" --outcome "printing works" \
    --feedback "happy" --advice "apply the vendor driver update next month"

step "$SOP" sla --explain "${id:0:6}"

echo; echo "# A level-1 consultation is answered directly (SOP 4.1)"
step "$SOP" triage "$vpn" --type consultation --level 1 --category network --assignee me
step "$SOP" resolve "$vpn" --answer "Self-service portal > Token > Reset; the code comes by SMS."
step "$SOP" survey "$vpn" --none "the user did not answer the survey e-mail"
step "$SOP" close "$vpn" --problem "token reset" --diagnosis "how-to question" \
    --solution "pointed to the self-service reset" --outcome "token works" \
    --feedback "none given" --advice "link the portal in the VPN welcome mail"

echo; echo "# Fix a field by hand: sop edit opens \$EDITOR, checks the result, commits it"
at 2026-11-24T12:30:00+08:00
EDITOR="sed -i 's/^  frequency: every print job/  frequency: every print job from the finance VLAN/'" \
    step "$SOP" edit "$id"

echo; echo "# Queries, for people and for scripts"
step "$SOP" list
step "$SOP" list state:open channel:phone,email
step "$SOP" list category:cloud --format json
step "$SOP" show "$id"
step "$SOP" log "$id"

echo; echo "# 4.6 Knowledge: the printer fix becomes a reviewed article in the fixed format"
at 2026-11-24T14:00:00+08:00
sed -i 's/^people: \[\]/people:\n  - {name: Li Wei, email: li.wei@example.com, roles: [engineer, senior, kb-reviewer]}\n  - {name: Chen Jing, email: chen.jing@example.com, roles: [engineer, kb-reviewer]}/' \
    .sop/config.yaml
git -c user.name="Li Wei" -c user.email=li.wei@example.com commit -qam "config: people and roles"
kb=$("$SOP" kb new --from-ticket "${id:0:6}" --title "Printing fails with 0x0000011b / 打印机无法连接" \
    --step "Print a test page from the server itself" --step "Check the client's event log for 0x0000011b" \
    --scenario "Windows print servers after the September 2021 RPC hardening" \
    --keyword 0x0000011b --keyword 打印机 --format ids)
echo "created $kb from ${id:0:6}"
step "$SOP" kb submit "$kb"
step "$SOP" kb approve "$kb" || echo "exit $? (refused: an author does not approve their own article)"
SOP_ACTOR="Chen Jing <chen.jing@example.com>" step "$SOP" kb approve "$kb"
step "$SOP" kb search 打印机 无法 连接
step "$SOP" kb search printing fails 0x0000011b --format json
step "$SOP" kb show "${kb:0:7}"
step "$SOP" kb list --by-reuse

echo; echo "# Closed tickets leave the working tree for the archive branch; readers still see them"
at 2026-11-25T09:00:00+08:00
step "$SOP" archive "$id"
step "$SOP" list 打印机
step git ls-files tickets

echo; echo "# The monthly review of the ticket data (SOP 4.6)"
step "$SOP" report --month 2026-11

echo; echo "# Every change is one commit with trailers; the working tree stays clean"
step git log --format='%h %an %s' -5
step git log -1 --format=%B
step git status --short
echo "(git status is empty)"

echo; echo "# Two engineers, two clones, one shared remote: sop sync merges their work ticket by ticket"
at 2026-11-25T10:00:00+08:00
git init -q --bare -b "$(git branch --show-current)" "$demo/shared.git"
git remote add origin "$demo/shared.git"
step "$SOP" sync
git clone -q "$demo/shared.git" "$demo/chen"
step "$SOP" -C "$demo/chen" init
scan=$("$SOP" new --title "Scanner on floor 3 offline" --channel email --requester-name "Zhao Lei" \
    --requester-contact zhao.lei@example.com --symptom "Scans never arrive in the mailbox" --format ids)
step "$SOP" sync
step "$SOP" -C "$demo/chen" sync
chen="Chen Jing <chen.jing@example.com>"
at 2026-11-25T10:05:00+08:00
SOP_ACTOR="$chen" step "$SOP" -C "$demo/chen" note "${scan:0:6}" "The scanner's SMTP password expired."
SOP_ACTOR="$chen" step "$SOP" -C "$demo/chen" assign "${scan:0:6}" "$chen"
at 2026-11-25T10:10:00+08:00
step "$SOP" note "${scan:0:6}" "Zhao Lei says it worked until Friday."
step "$SOP" assign "${scan:0:6}" me
SOP_ACTOR="$chen" step "$SOP" -C "$demo/chen" sync
step "$SOP" sync
step "$SOP" log "${scan:0:6}"
step "$SOP" validate || echo "exit $? (both set the assignee: a person chooses)"
at 2026-11-25T10:15:00+08:00
EDITOR=true step "$SOP" edit "${scan:0:6}"
step "$SOP" validate --all
step "$SOP" sync
step "$SOP" -C "$demo/chen" sync

echo; echo "# Every commit of the history is one legal sop action; hooks check each commit and push"
step "$SOP" verify HEAD
step "$SOP" hooks install

echo; echo "# A bad input loses nothing and says why"
at 2026-11-24T09:30:00+08:00
step "$SOP" show ../../etc/passwd || echo "exit $?"
step "$SOP" new --title x --channel fax --requester-name a --requester-contact b --symptom c || echo "exit $?"

echo; echo "Done. The demonstration repository is $demo/support"
