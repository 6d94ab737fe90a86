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

# Knowledge articles as the kb verbs write them: a draft, a published article with a review, a
# revision that keeps its approved version served, and a link to a ticket.
"$SOP" schema kb-article > ../kb-article.schema.json
cat >> .sop/config.yaml <<'YAML'
people:
  - {name: Ann Lee, email: ann@example.com, roles: [engineer]}
  - {name: Bo Chen, email: bo@example.com, roles: [kb-reviewer]}
YAML
sed -i 's/^people: \[\]$//' .sop/config.yaml
git commit -qam "people"
K=$("$SOP" kb new --title "打印机无法连接" --category hardware --problem "脱机" \
    --step "ping 打印机" --solution "固定IP" --scenario "办公室" --keyword 打印机 --format ids)
D=$("$SOP" kb new --title "Draft" --category other --problem "p" --format ids)
"$SOP" kb submit "$K" >/dev/null || fail "kb submit"
SOP_ACTOR="Bo Chen <bo@example.com>" "$SOP" kb approve "$K" >/dev/null || fail "kb approve"
"$SOP" link "$A" --kb "$K" >/dev/null || fail "link --kb"
EDITOR="sed -i 's/^solution: .*/solution: 重新添加打印机/'" "$SOP" kb edit "$K" >/dev/null || fail "kb edit"
equals "two articles to check" "$(ls kb/*.yaml | wc -l)" 2
for f in kb/*.yaml; do
    expect 0 "article $f" ajv -s ../kb-article.schema.json -d "$f"
done
sed 's/^status: .*/status: sideways/' "kb/$D.yaml" > ../bad-kb.yaml
expect 1 "ajv refuses an unknown status" ajv -s ../kb-article.schema.json -d ../bad-kb.yaml
