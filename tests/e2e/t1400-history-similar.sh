#!/usr/bin/env bash
# sop history (a requester's tickets, by name, contact, e-mail or phone, or by a ticket ID) and
# sop similar (tickets ranked by TF-IDF cosine of title, symptom and error, Chinese included):
# order, formats, empty results, usage errors and unknown IDs; both only read.
. "$(dirname "$0")/lib.sh"
cd "$WORK"

# list VERB ARGS...: the IDs printed with --format ids, space-separated, in order.
list() { run "$SOP" "$@" --format ids; [ "$RC" -eq 0 ] || fail "sop $* --format ids: exit $RC: $ERR"; printf '%s' "$OUT" | tr '\n' ' ' | sed 's/ $//'; }

new_repo r
cd r
mk() { # mk TITLE CHANNEL NAME CONTACT RECEIVED SYMPTOM [ERROR]
    "$SOP" new --title "$1" --channel "$2" --requester-name "$3" --requester-contact "$4" \
        --received-at "$5" --symptom "$6" ${7:+--error "$7"} --format ids
}
A=$(mk "打印机无法连接" email "王芳" "wang@example.com" 2026-11-01T10:00:00+08:00 "打印时报错 0x1F，队列卡住" "0x1F: printer offline")
B=$(mk "Printer offline" phone "Li Lei" "+86 138 0013 8000" 2026-11-05T10:00:00+08:00 "The printer shows error 0x1F" "0x1F")
C=$(mk "VPN 断开" chat "Wang Fang" "WANG@Example.com" 2026-11-10T10:00:00+08:00 "VPN 每小时断开一次")
D=$(mk "打印机卡纸" chat "Zhang Wei" "zhang@example.com" 2026-11-12T10:00:00+08:00 "打印机经常卡纸")
E=$(mk "打印机报错 0x1F" email "王芳" "138-0013-8000" 2026-11-20T10:00:00+08:00 "打印时报错 0x1F，无法打印" "0x1F")
F=$(mk "Mail quota" chat "Ma Li" "ma@example.com" 2026-11-21T02:00:00Z "mailbox full")
for v in "$A" "$B" "$C" "$D" "$E" "$F"; do case "$v" in T-*) pass ;; *) fail "mk: '$v'" ;; esac; done
base=$(commits)

# ---- history ---------------------------------------------------------------------------
equals "name, newest first" "$(list history --requester 王芳)" "$E $A"
equals "name ignores case and spaces" "$(list history --requester ' wang  FANG ')" "$C"
equals "name without the space" "$(list history --requester wangfang)" "$C"
equals "no substring of a name" "$(list history --requester wang)" ""
equals "e-mail ignores case" "$(list history --requester Wang@EXAMPLE.com)" "$C $A"
equals "phone with spaces" "$(list history --requester '138 0013 8000')" "$E $B"
equals "phone with a country code" "$(list history --requester '+86-13800138000')" "$E $B"
equals "another number" "$(list history --requester 13800138001)" ""
equals "ID: its requester's name and contact, itself left out" "$(list history "$A")" "$E $C"
equals "ID: name and phone" "$(list history "$E")" "$B $A"
equals "ID prefix, lower case" "$(list history "$(printf '%s' "${E:0:9}" | tr 'A-Z' 'a-z')")" "$B $A"
equals "ID of a lone requester" "$(list history "$F")" ""

expect 0 "history table" "$SOP" history --requester 王芳
contains "table header" "$(printf '%s' "$OUT" | head -1)" "ID"
contains "table header has RECEIVED" "$(printf '%s' "$OUT" | head -1)" "RECEIVED"
equals "table: header and two rows" "$(printf '%s\n' "$OUT" | wc -l)" 3
contains "table: the newest first" "$(printf '%s\n' "$OUT" | sed -n 2p)" "$E"
contains "table shows the Chinese title" "$OUT" "打印机报错 0x1F"
equals "table: nothing on stderr" "$ERR" ""

expect 0 "history json" "$SOP" history --requester wang@example.com --format json
equals "json schema" "$(jv 'd["schema"]')" "sop/v1"
equals "json keys" "$(jv 'sorted(d)')" '["schema", "tickets"]'
equals "json ids" "$(jv '" ".join(t["id"] for t in d["tickets"])')" "$C $A"
equals "json requester fields" "$(jv 'd["tickets"][1]["requester"] + "|" + d["tickets"][1]["contact"]')" "王芳|wang@example.com"
run "$SOP" list --format json
equals "json ticket fields are those of sop list" "$(jv 'sorted(d["tickets"][0])')" \
    "$(run "$SOP" history --requester wang@example.com --format json; jv 'sorted(d["tickets"][0])')"

expect 0 "history tsv" "$SOP" history --requester 王芳 --format tsv
history_header=$(printf '%s\n' "$OUT" | head -1)
equals "tsv: header and two rows" "$(printf '%s\n' "$OUT" | wc -l)" 3
equals "tsv first column" "$(printf '%s\n' "$OUT" | sed 1d | cut -f1 | tr '\n' ' ')" "$E $A "
run "$SOP" list --format tsv
equals "tsv header is that of sop list" "$history_header" "$(printf '%s\n' "$OUT" | head -1)"

expect 0 "no match, table" "$SOP" history --requester nobody@example.com
equals "no match: empty stdout" "$OUT" ""
contains "no match: a note on stderr" "$ERR" "no tickets of 'nobody@example.com'"
expect 0 "no match, json" "$SOP" history --requester nobody@example.com --format json
equals "no match: empty array" "$(jv 'd["tickets"]')" "[]"
equals "no match, json: quiet" "$ERR" ""
expect 0 "no match, ids" "$SOP" history --requester nobody@example.com --format ids
equals "no match, ids: empty" "$OUT" ""
equals "no match, ids: quiet" "$ERR" ""
expect 0 "no match by ID, table" "$SOP" history "$F"
contains "no match by ID: note" "$ERR" "no other tickets of the requester of $F"

expect 2 "neither --requester nor ID" "$SOP" history
contains "usage error message" "$ERR" "sop: error:"
expect 2 "both --requester and ID" "$SOP" history --requester 王芳 "$A"
expect 2 "empty --requester" "$SOP" history --requester ""
expect 2 "blank --requester" "$SOP" history --requester "   "
expect 2 "--requester without a value" "$SOP" history --requester
expect 2 "unknown format" "$SOP" history --requester 王芳 --format yaml
expect 4 "unknown ID" "$SOP" history T-ZZZZZZZZZZZZ
contains "unknown ID named" "$ERR" "T-ZZZZZZZZZZZZ"

# ---- similar ---------------------------------------------------------------------------
equals "similar: near duplicate first, then by score; unrelated left out" \
    "$(list similar "$E")" "$A $B $D"
equals "similar: --limit 1" "$(list similar "$E" --limit 1)" "$A"
equals "similar: the default limit is 10" "$(list similar "$D")" "$(list similar "$D" --limit 10)"
case " $(list similar "$D") " in *" $E "* | *" $A "*) pass ;; *) fail "similar $D: no printer ticket in '$(list similar "$D")'" ;; esac
lacks "similar: the ticket itself is left out" " $(list similar "$D") " " $D "
equals "similar: English finds Chinese tickets through words and the error code" \
    "$(list similar "$B")" "$A $E"
equals "similar: nothing alike" "$(list similar "$F")" ""
equals "similar: nothing alike yet" "$(list similar "$C")" ""

expect 0 "similar json" "$SOP" similar "$E" --format json
equals "json schema" "$(jv 'd["schema"]')" "sop/v1"
equals "json ids" "$(jv '" ".join(t["id"] for t in d["tickets"])')" "$A $B $D"
equals "json: every ticket has a number score in (0, 1]" \
    "$(jv 'all(isinstance(t["score"], float) and 0 < t["score"] <= 1 for t in d["tickets"])')" "true"
equals "json: scores best first" \
    "$(jv '[t["score"] for t in d["tickets"]] == sorted((t["score"] for t in d["tickets"]), reverse=True)')" "true"
equals "json: the keys of sop list plus score" "$(jv 'sorted(d["tickets"][0])')" \
    "$(run "$SOP" list --format json; jv 'sorted(list(d["tickets"][0]) + ["score"])')"

expect 0 "similar table" "$SOP" similar "$E"
contains "table header has SCORE" "$(printf '%s' "$OUT" | head -1)" "SCORE"
equals "table: header and three rows" "$(printf '%s\n' "$OUT" | wc -l)" 4
contains "table: the best first" "$(printf '%s\n' "$OUT" | sed -n 2p)" "$A"
if printf '%s\n' "$OUT" | sed 1d | awk '{print $2}' | grep -Evq '^(0\.[0-9][0-9]|1\.00)$'; then
    fail "table: scores are not 0.00-1.00: $OUT"
else pass; fi

expect 0 "similar tsv" "$SOP" similar "$E" --format tsv
equals "tsv header: id, score, then the columns of sop list" "$(printf '%s\n' "$OUT" | head -1)" \
    "$(printf '%s\n' "$history_header" | sed 's/^id\t/id\tscore\t/')"
equals "tsv: header and three rows" "$(printf '%s\n' "$OUT" | wc -l)" 4
equals "tsv: score column" "$(printf '%s\n' "$OUT" | sed 1d | cut -f2 | grep -Ec '^[01]\.[0-9]{3}$')" 3

expect 0 "nothing alike, table" "$SOP" similar "$F"
equals "nothing alike: empty stdout" "$OUT" ""
contains "nothing alike: a note on stderr" "$ERR" "no ticket is like $F"
expect 0 "nothing alike, json" "$SOP" similar "$F" --format json
equals "nothing alike: empty array" "$(jv 'd["tickets"]')" "[]"
equals "nothing alike, json: quiet" "$ERR" ""

G=$(mk "打印机又卡纸了" im "Chen Jing" "chen@example.com" 2026-11-22T10:00:00+08:00 "卡纸")
H=$(mk "VPN连不上" im "Chen Jing" "chen@example.com" 2026-11-23T10:00:00+08:00 "VPN 客户端一直断开")
equals "similar: a new Chinese ticket finds its twin" "$(list similar "$G" --limit 1)" "$D"
equals "similar: mixed Chinese and Latin" "$(list similar "$C")" "$H"
equals "similar: the new ones take part" "$(list similar "$E")" "$A $B $D $G"

expect 2 "similar without an ID" "$SOP" similar
expect 2 "--limit 0" "$SOP" similar "$E" --limit 0
expect 2 "--limit not a number" "$SOP" similar "$E" --limit many
expect 2 "unknown format" "$SOP" similar "$E" --format yaml
expect 4 "unknown ID" "$SOP" similar T-ZZZZZZZZZZZZ
contains "unknown ID named" "$ERR" "T-ZZZZZZZZZZZZ"

# Both verbs only read.
equals "no commits made but the two new tickets" "$(commits)" $((base + 2))
clean

# ---- archived tickets take part ---------------------------------------------------------
expect 0 "cancel A" "$SOP" cancel "$A" --reason "withdrawn by the user"
expect 0 "archive A" "$SOP" archive "$A"
run git ls-tree -r --name-only HEAD tickets/
lacks "A left HEAD" "$OUT" "$A"
equals "history finds the archived ticket" "$(list history --requester 王芳)" "$E $A"
equals "history by an archived ID" "$(list history "$A")" "$E $C"
equals "similar finds the archived ticket" "$(list similar "$E" --limit 1)" "$A"
equals "similar to an archived ID" "$(list similar "$A" --limit 1)" "$E"
expect 0 "history json, archived" "$SOP" history --requester 王芳 --format json
equals "json: archived flags" "$(jv '[t["archived"] for t in d["tickets"]]')" "[false, true]"
expect 0 "history table, archived" "$SOP" history --requester 王芳
contains "table marks the archived ticket" "$(printf '%s\n' "$OUT" | grep "$A")" "cancelled (archived)"
expect 0 "similar tsv, archived" "$SOP" similar "$E" --format tsv --limit 1
equals "tsv: archived is the last column" "$(printf '%s\n' "$OUT" | awk -F'\t' '{print $NF}' | tr '\n' ' ')" "archived true "
clean
