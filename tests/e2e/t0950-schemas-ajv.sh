#!/usr/bin/env bash
# The JSON Schemas are standard draft 2020-12: ajv (strict mode, with formats) compiles them
# and accepts the YAML files sop writes, read by a standard YAML reader (js-yaml). A plain
# timestamp would be a Date to js-yaml: this is why sop quotes them.
. "$(dirname "$0")/lib.sh"
AJV=${AJV:-$SOP_SOURCE_DIR/.cache/tools/node_modules/.bin/ajv}
if [ ! -x "$AJV" ]; then
    echo "skipped: no ajv-cli at $AJV (scripts/deps.sh installs it where npm exists)"
    pass
    exit 0
fi
cd "$WORK"
ajv() { "$AJV" validate --spec=draft2020 -c ajv-formats "$@"; }

"$SOP" schema ticket > ticket.schema.json
"$SOP" schema config > config.schema.json
new_repo r
cd r
expect 0 "config written by sop init" ajv -s ../config.schema.json -d .sop/config.yaml

A=$(new_ticket --category network --requester-org "ACME 有限公司" --requester-kind partner \
    --started-at 2026-11-20 --frequency "every hour" --steps $'1. log in\n2. wait' \
    --error "E: 0x1F: denied" --env hardware=x --env software=y --env system=z --env network=w \
    --impact core --received-at 2026-11-24T01:00:00Z)
B=$(TITLE="打印机无法连接" SYMPTOM=$'多行\n文本\n' new_ticket)
export SOP_NOW=2026-11-24T10:00:00+08:00
"$SOP" note "$A" $'a note\nwith two lines' >/dev/null
"$SOP" note "$A" "yes" >/dev/null
EDITOR="sed -i 's/^title: .*/title: \"123\"/'" "$SOP" edit "$B" >/dev/null
equals "two tickets to check" "$(ls tickets/*/*/*.yaml | wc -l)" 2
for f in tickets/*/*/*.yaml; do
    expect 0 "ticket $f" ajv -s ../ticket.schema.json -d "$f"
done

# A file sop would refuse is refused by ajv too.
sed 's/^channel: .*/channel: fax/' "$(ls tickets/*/*/*.yaml | head -1)" > ../bad.yaml
expect 1 "ajv refuses an unknown channel" ajv -s ../ticket.schema.json -d ../bad.yaml
sed 's/^received_at: "\(.*\)"$/received_at: \1/' "$(ls tickets/*/*/*.yaml | head -1)" > ../date.yaml
expect 1 "an unquoted timestamp is a date to js-yaml, not a string" ajv -s ../ticket.schema.json -d ../date.yaml
