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
step "$SOP" new --title "How do I reset my VPN token?" --channel email --requester-name "Zhao Lei" \
    --requester-contact zhao.lei@example.com --requester-kind internal \
    --symptom "The VPN token app asks for a reset code."

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

echo; echo "# 4.2 Diagnosis: every step is recorded in the ticket, and is one git commit"
at 2026-11-24T09:12:00+08:00
step "$SOP" note "${id:0:6}" "Spooler log on FIN-PRN-02 shows error 0x0000011b after KB5005565."
at 2026-11-24T09:20:00+08:00
step "$SOP" note "${id:0:6}" "Reproduced in the lab with the same update: matches known issue."

echo; echo "# Fix a field by hand: sop edit opens \$EDITOR, checks the result, commits it"
at 2026-11-24T09:25:00+08:00
EDITOR="sed -i 's/^  frequency: every print job/  frequency: every print job from the finance VLAN/'" \
    step "$SOP" edit "$id"

echo; echo "# Queries, for people and for scripts"
step "$SOP" list
step "$SOP" list state:open channel:phone,email 打印机
step "$SOP" list category:cloud --format json
step "$SOP" show "$id"
step "$SOP" log "$id"

echo; echo "# Every change is one commit with trailers; the working tree stays clean"
step git log --format='%h %an %s' -5
step git log -1 --format=%B
step git status --short
echo "(git status is empty)"

echo; echo "# A bad input loses nothing and says why"
at 2026-11-24T09:30:00+08:00
step "$SOP" show ../../etc/passwd || echo "exit $?"
step "$SOP" new --title x --channel fax --requester-name a --requester-contact b --symptom c || echo "exit $?"

echo; echo "Done. The demonstration repository is $demo/support"
