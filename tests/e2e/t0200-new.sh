#!/usr/bin/env bash
# sop new: every field option, --from-file FILE and -, output formats, the commit it makes,
# canonical bytes, time normalisation, Chinese text, literal blocks.
. "$(dirname "$0")/lib.sh"
cd "$WORK"

id_re='^T-[0-9A-HJKMNP-TV-Z]{12}$'
is_id() { if [[ $2 =~ $id_re ]]; then pass; else fail "$1: '$2' is not a ticket ID"; fi; }

new_repo r
cd r
base=$(commits)

steps=$'1. open the document\n2. press Print\n3. the dialog says 0x1F'
expect 0 "new with every field option" "$SOP" new \
    --title "打印机无法连接 printer offline" --channel email --category hardware \
    --requester-name "王芳" --requester-contact wang@example.com --requester-org "Acme 公司" \
    --requester-kind customer --symptom "打印时报错 0x1F，队列卡住" --started-at 2026-11-20 \
    --frequency "every morning" --steps "$steps" --error "0x1F: printer offline" \
    --env "hardware=HP LaserJet M404" --env "software=driver 5.1" --env "system=Windows 11 23H2" \
    --env "network=office LAN, VLAN 20" --impact partial --received-at 2026-11-24T01:00:00Z \
    --format ids
A=$OUT
is_id "ids output is one ID" "$A"
equals "ids output is one line" "$(printf '%s\n' "$OUT" | wc -l)" 1
equals "one new commit" "$(commits)" $((base + 1))
equals "Sop-Ticket" "$(trailer Sop-Ticket)" "$A"
equals "Sop-Action" "$(trailer Sop-Action)" new
equals "Sop-To" "$(trailer Sop-To)" new
equals "no Sop-From on creation" "$(git log -1 --format=%B | grep -c '^Sop-From:')" 0
case "$(git log -1 --format=%s)" in "$A: "*) pass ;; *) fail "subject does not start with '$A: ': $(git log -1 --format=%s)" ;; esac
equals "author is the actor at SOP_NOW" "$(git log -1 --format='%an <%ae> %aI')" \
    "Ann Lee <ann@example.com> 2026-11-24T09:30:00+08:00"
PA=$(path_of "$A")
equals "the commit adds exactly the ticket file" "$(git diff-tree --no-commit-id --name-status -r HEAD)" "A	$PA"
equals "shards are the first and second characters after T-" "$(git ls-tree -r --name-only HEAD tickets/)" "$PA"
clean

expect 0 "show --format json" "$SOP" show "$A" --format json
equals "envelope schema" "$(jv 'd["schema"]')" "sop/v1"
equals "id" "$(jv 'd["ticket"]["id"]')" "$A"
equals "title (Chinese round-trips)" "$(jv 'd["ticket"]["title"]')" "打印机无法连接 printer offline"
equals "state" "$(jv 'd["ticket"]["state"]')" new
equals "channel" "$(jv 'd["ticket"]["channel"]')" email
equals "category" "$(jv 'd["ticket"]["category"]')" hardware
equals "requester" "$(jv 'd["ticket"]["requester"]')" \
    '{"contact": "wang@example.com", "kind": "customer", "name": "王芳", "org": "Acme 公司"}'
equals "symptom" "$(jv 'd["ticket"]["problem"]["symptom"]')" "打印时报错 0x1F，队列卡住"
equals "started_at (a date stays a date)" "$(jv 'd["ticket"]["problem"]["started_at"]')" 2026-11-20
equals "frequency" "$(jv 'd["ticket"]["problem"]["frequency"]')" "every morning"
equals "steps keep their lines" "$(jv 'd["ticket"]["problem"]["steps"]')" "$steps"
equals "error" "$(jv 'd["ticket"]["problem"]["error"]')" "0x1F: printer offline"
equals "environment, all four keys" "$(jv 'd["ticket"]["problem"]["environment"]')" \
    '{"hardware": "HP LaserJet M404", "network": "office LAN, VLAN 20", "software": "driver 5.1", "system": "Windows 11 23H2"}'
equals "business_impact" "$(jv 'd["ticket"]["problem"]["business_impact"]')" partial
equals "received_at normalised to an offset" "$(jv 'd["ticket"]["received_at"]')" "2026-11-24T01:00:00+00:00"
equals "one event" "$(jv 'len(d["ticket"]["events"])')" 1
equals "the new event" "$(jv 'd["ticket"]["events"][0]')" \
    '{"action": "new", "at": "2026-11-24T09:30:00+08:00", "by": "Ann Lee <ann@example.com>", "to": "new"}'
equals "no other fields" "$(jv 'sorted(d["ticket"])')" \
    '["category", "channel", "events", "id", "problem", "received_at", "requester", "state", "title"]'
TA=$(jv 'json.dumps({k: v for k, v in d["ticket"].items() if k != "id"}, sort_keys=True, ensure_ascii=False)')

# The file: canonical YAML, UTF-8 as is, a literal block for multi-line text.
git show "HEAD:$PA" > "$WORK/head.yaml"
head_yaml=$(cat "$WORK/head.yaml")
contains "file starts with the id" "$(head -1 "$WORK/head.yaml")" "id: $A"
contains "Chinese stored as UTF-8, not escaped" "$head_yaml" "title: 打印机无法连接 printer offline"
contains "steps is a literal block" "$head_yaml" "  steps: |"
contains "literal block lines are indented" "$head_yaml" $'\n    1. open the document\n    2. press Print\n    3. the dialog says 0x1F\n'
lacks "no escaped newlines" "$head_yaml" '\n'
lacks "no anchors" "$head_yaml" '&'
"$SOP" show "$A" --format yaml > "$WORK/show.yaml"
if cmp -s "$WORK/show.yaml" "$WORK/head.yaml"; then pass; else fail "show --format yaml differs from HEAD:$PA"; fi
if cmp -s "$PA" "$WORK/head.yaml"; then pass; else fail "working-tree file differs from HEAD:$PA"; fi
equals "index entry is HEAD's blob" "$(git ls-files -s "$PA" | cut -d' ' -f2)" "$(git rev-parse "HEAD:$PA")"
expect 0 "show text" "$SOP" show "$A"
contains "text shows the title" "$OUT" "打印机无法连接 printer offline"
contains "text shows the requester" "$OUT" "王芳"

# Defaults and normalisation.
expect 0 "new with the required fields only" "$SOP" new --title "VPN drops" --channel phone \
    --requester-name "Li Lei" --requester-contact "+86 10 5555 0100" --symptom "VPN disconnects hourly"
contains "text output names the ID" "$OUT" "created T-"
contains "text output names the title" "$OUT" "VPN drops"
B=$(printf '%s' "$OUT" | grep -oE 'T-[0-9A-HJKMNP-TV-Z]{12}' | head -1)
is_id "text output ID" "$B"
expect 0 "show B" "$SOP" show "$B" --format json
equals "received_at defaults to SOP_NOW" "$(jv 'd["ticket"]["received_at"]')" "2026-11-24T09:30:00+08:00"
equals "no optional fields appear" "$(jv 'sorted(d["ticket"])')" \
    '["channel", "events", "id", "problem", "received_at", "requester", "state", "title"]'
equals "problem has only the symptom" "$(jv 'd["ticket"]["problem"]')" '{"symptom": "VPN disconnects hourly"}'
clean

expect 0 "started-at as a date-time" "$SOP" new --title t --channel chat --requester-name n \
    --requester-contact c --symptom s --started-at 2026-11-23T22:15:00Z \
    --received-at 2026-11-24T09:00:00+08:00 --format ids
C=$OUT
expect 0 "show C" "$SOP" show "$C" --format json
equals "started_at normalised" "$(jv 'd["ticket"]["problem"]["started_at"]')" "2026-11-23T22:15:00+00:00"
equals "received_at offset kept" "$(jv 'd["ticket"]["received_at"]')" "2026-11-24T09:00:00+08:00"
clean

# --format json: the envelope, the commit, the ticket.
before=$(commits)
expect 0 "new --format json" "$SOP" new --title "Mail quota" --channel im --requester-name "Zhang Wei" \
    --requester-contact zw@example.com --symptom "mailbox full" --format json
equals "json schema" "$(jv 'd["schema"]')" "sop/v1"
D=$(jv 'd["id"]')
is_id "json id" "$D"
equals "json commit is HEAD" "$(jv 'd["commit"]')" "$(git rev-parse HEAD)"
equals "json ticket id" "$(jv 'd["ticket"]["id"]')" "$D"
equals "json ticket title" "$(jv 'd["ticket"]["title"]')" "Mail quota"
equals "json ticket state" "$(jv 'd["ticket"]["state"]')" new
equals "one commit for json" "$(commits)" $((before + 1))
equals "json ticket is what show says" "$(jv 'json.dumps(d["ticket"], sort_keys=True)')" \
    "$(OUT=$("$SOP" show "$D" --format json); jv 'json.dumps(d["ticket"], sort_keys=True)')"
clean

# --from-file with the same fields as the first ticket gives the same ticket, bar the ID.
cat > "$WORK/intake.yaml" <<'EOF'
# an intake file: the fields of sop new, nested as in the ticket
title: 打印机无法连接 printer offline
channel: email
category: hardware
requester:
  name: 王芳
  contact: wang@example.com
  org: Acme 公司
  kind: customer
problem:
  symptom: 打印时报错 0x1F，队列卡住
  started_at: "2026-11-20"
  frequency: every morning
  steps: |-
    1. open the document
    2. press Print
    3. the dialog says 0x1F
  error: "0x1F: printer offline"
  environment:
    hardware: HP LaserJet M404
    software: driver 5.1
    system: Windows 11 23H2
    network: office LAN, VLAN 20
  business_impact: partial
received_at: 2026-11-24T01:00:00Z
EOF
before=$(commits)
expect 0 "new --from-file FILE" "$SOP" new --from-file "$WORK/intake.yaml" --format ids
E=$OUT
is_id "from-file ID" "$E"
equals "one commit for --from-file" "$(commits)" $((before + 1))
equals "from-file Sop-Ticket" "$(trailer Sop-Ticket)" "$E"
equals "from-file Sop-Action" "$(trailer Sop-Action)" new
expect 0 "show E" "$SOP" show "$E" --format json
equals "--from-file gives the same ticket as the options" \
    "$(jv 'json.dumps({k: v for k, v in d["ticket"].items() if k != "id"}, sort_keys=True, ensure_ascii=False)')" "$TA"
PE=$(path_of "$E")
equals "same bytes as the first ticket apart from the ID" \
    "$(git show "HEAD:$PE" | sed "s/$E/ID/")" "$(sed "s/$A/ID/" "$WORK/head.yaml")"
clean

before=$(commits)
expect 0 "new --from-file - (stdin)" "$SOP" new --from-file - --format ids < "$WORK/intake.yaml"
F=$OUT
is_id "stdin ID" "$F"
equals "one commit for stdin" "$(commits)" $((before + 1))
expect 0 "show F" "$SOP" show "$F" --format json
equals "stdin gives the same ticket" \
    "$(jv 'json.dumps({k: v for k, v in d["ticket"].items() if k != "id"}, sort_keys=True, ensure_ascii=False)')" "$TA"
clean

# A short intake file: defaults apply as for options.
printf 'title: From stdin\nchannel: onsite\nrequester: {name: Ma Li, contact: "8001"}\nproblem:\n  symptom: |\n    screen flickers\n    after lunch\n' > "$WORK/short.yaml"
run "$SOP" new --from-file - --format json < "$WORK/short.yaml"
equals "flow mappings accepted ($ERR)" "$RC" 0
equals "short intake received_at defaults to SOP_NOW" "$(jv 'd["ticket"]["received_at"]')" "2026-11-24T09:30:00+08:00"
equals "a literal block keeps its final newline" "$(jv 'json.dumps(d["ticket"]["problem"]["symptom"])')" '"screen flickers\nafter lunch\n"'
equals "contact stays a string" "$(jv 'd["ticket"]["requester"]["contact"]')" "8001"
G=$(jv 'd["id"]')
expect 0 "show G yaml" "$SOP" show "$G" --format yaml
equals "show yaml is HEAD's bytes" "$OUT" "$(git show "HEAD:$(path_of "$G")")"
clean

# Every ticket is its own file in its shard; all of them list.
expect 0 "list ids" "$SOP" list --format ids
equals "all tickets listed" "$(printf '%s\n' "$OUT" | sort | tr '\n' ' ')" \
    "$(printf '%s\n' "$A" "$B" "$C" "$D" "$E" "$F" "$G" | sort | tr '\n' ' ')"
equals "seven ticket files" "$(git ls-files tickets | wc -l)" 7

# Usage mistakes around sop new: no commit, clean.
before=$(commits)
expect 2 "options and --from-file together" "$SOP" new --title x --from-file "$WORK/intake.yaml"
contains "usage error" "$ERR" "sop: error:"
expect 2 "--edit without a terminal" "$SOP" new --edit < /dev/null
contains "--edit says it needs a terminal" "$ERR" "terminal"
expect 2 "--env with an unknown key" "$SOP" new --title t --channel chat --requester-name n \
    --requester-contact c --symptom s --env "printer=HP"
expect 2 "--format with an unknown value" "$SOP" new --title t --channel chat --requester-name n \
    --requester-contact c --symptom s --format xml
equals "no commits from refused news" "$(commits)" "$before"
clean
