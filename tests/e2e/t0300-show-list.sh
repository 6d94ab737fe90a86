#!/usr/bin/env bash
# sop show by ID, prefix and confusables; sop list queries, formats, empty results, bad
# queries; the list cache is disposable (deleted, garbage, truncated: same answers).
. "$(dirname "$0")/lib.sh"
cd "$WORK"

lower() { printf '%s' "$1" | tr 'A-Z' 'a-z'; }
# ids QUERY...: the IDs sop list prints for a query, space-separated (in list order).
ids() { run "$SOP" list "$@" --format ids; [ "$RC" -eq 0 ] || fail "sop list $* --format ids: exit $RC: $ERR"; printf '%s' "$OUT" | tr '\n' ' ' | sed 's/ $//'; }

# ---- show ------------------------------------------------------------------------------
new_repo s
cd s
# Find a ticket whose ID holds a 0 or a 1, to address it with O/o and I/i/L/l.
X=""
for _ in $(seq 1 30); do
    id=$(new_ticket) || { fail "new_ticket"; break; }
    case "${id#T-}" in *0* | *1*) X=$id; break ;; esac
done
if [ -z "$X" ]; then fail "no ticket ID with 0 or 1 in 30 tries"; X=$id; fi

expect 0 "show by full ID" "$SOP" show "$X" --format json
equals "full ID" "$(jv 'd["ticket"]["id"]')" "$X"
expect 0 "show text by full ID" "$SOP" show "$X"
contains "text starts with the ID" "$(printf '%s' "$OUT" | head -1)" "$X"
contains "text has the title" "$OUT" "Printer cannot connect"

expect 0 "show by lowercase full ID" "$SOP" show "$(lower "$X")" --format json
equals "lowercase full ID" "$(jv 'd["ticket"]["id"]')" "$X"

# The shortest unique prefix is at most the full ID; use 10 characters: unique among 30.
pfx=${X:0:12}
expect 0 "show by lowercase prefix" "$SOP" show "$(lower "$pfx")" --format json
equals "lowercase prefix" "$(jv 'd["ticket"]["id"]')" "$X"
expect 0 "show by prefix without T-" "$SOP" show "${X:2:10}" --format json
equals "prefix without T-" "$(jv 'd["ticket"]["id"]')" "$X"

conf_upper=$(printf '%s' "${X#T-}" | sed 's/0/O/g; s/1/I/g')
conf_lower=$(printf '%s' "${X#T-}" | sed 's/0/o/g; s/1/l/g' | tr 'A-Z' 'a-z')
conf_mixed=$(printf '%s' "${X#T-}" | sed 's/0/o/g; s/1/L/g')
for c in "T-$conf_upper" "t-$conf_lower" "$conf_mixed"; do
    expect 0 "show with confusables $c" "$SOP" show "$c" --format json
    equals "confusables $c resolve" "$(jv 'd["ticket"]["id"]')" "$X"
done
expect 0 "note by confusable prefix" "$SOP" note "t-$conf_lower" "addressed with confusables"
equals "note went to the ticket" "$(trailer Sop-Ticket)" "$X"
expect 0 "log by confusable ID" "$SOP" log "T-$conf_upper" --format json
equals "log ticket" "$(jv 'd["ticket"]')" "$X"
clean

# ---- list ------------------------------------------------------------------------------
cd "$WORK"
new_repo r
cd r
expect 0 "list with no tickets" "$SOP" list --format json
equals "no tickets: empty array" "$(jv 'd["tickets"]')" "[]"
equals "no tickets: schema" "$(jv 'd["schema"]')" "sop/v1"
expect 0 "list ids with no tickets" "$SOP" list --format ids
equals "no tickets: no ids" "$OUT" ""

mk() { # mk TITLE CHANNEL NAME ORG RECEIVED SYMPTOM
    "$SOP" new --title "$1" --channel "$2" --requester-name "$3" --requester-contact "x@example.com" \
        --requester-org "$4" --symptom "$6" --received-at "$5" --format ids
}
A=$(mk "Printer cannot connect" email "Wang Fang" "Acme" 2026-11-01T10:00:00+08:00 "error 0x1F when printing")
B=$(mk "VPN 断开" phone "Li Lei" "Globex" 2026-11-10T10:00:00+08:00 "VPN 每小时断开一次")
C=$(mk "Mail quota" chat "Zhang Wei" "Acme Asia" 2026-11-20T10:00:00+08:00 "mailbox full")
for v in "$A" "$B" "$C"; do case "$v" in T-*) pass ;; *) fail "mk: '$v'" ;; esac; done

equals "no query: all, oldest received first" "$(ids)" "$A $B $C"
equals "state:new" "$(ids state:new)" "$A $B $C"
equals "state:open" "$(ids state:open)" "$A $B $C"
equals "state:!new" "$(ids 'state:!new')" ""
equals "state:closed" "$(ids state:closed)" ""
equals "state:new,closed" "$(ids state:new,closed)" "$A $B $C"
equals "channel:email,phone" "$(ids channel:email,phone)" "$A $B"
equals "channel:chat" "$(ids channel:chat)" "$C"
equals "channel:!chat" "$(ids 'channel:!chat')" "$A $B"
equals "channel:onsite" "$(ids channel:onsite)" ""
equals "key and value are case-insensitive" "$(ids Channel:EMAIL)" "$A"
equals "level:>=3 on untriaged tickets" "$(ids 'level:>=3')" ""
equals "level:<=4 on untriaged tickets" "$(ids 'level:<=4')" ""
equals "created:>=2026-11-10" "$(ids 'created:>=2026-11-10')" "$B $C"
equals "created:<2026-11-10" "$(ids 'created:<2026-11-10')" "$A"
equals "created:<=2026-11-10" "$(ids 'created:<=2026-11-10')" "$A $B"
equals "created:>2026-11-20" "$(ids 'created:>2026-11-20')" ""
equals "created:2026-11-20" "$(ids 'created:2026-11-20')" "$C"
equals "created:>=date-time" "$(ids 'created:>=2026-11-10T10:00:00+08:00')" "$B $C"
equals "created:>date-time in another offset" "$(ids 'created:>2026-11-10T02:00:00Z')" "$C"
equals "created:<date-time in another offset" "$(ids 'created:<2026-11-10T02:00:01+00:00')" "$A $B"
equals "created range" "$(ids 'created:>2026-11-01' 'created:<2026-11-20')" "$B"
equals "requester:wang" "$(ids requester:wang)" "$A"
equals "requester:LI (case-insensitive)" "$(ids requester:LI)" "$B"
equals "requester:nobody" "$(ids requester:nobody)" ""
equals "org:acme" "$(ids org:acme)" "$A $C"
equals "org:Globex" "$(ids org:Globex)" "$B"
equals "free text in the title" "$(ids printer)" "$A"
equals "free text is case-insensitive" "$(ids PRINTER)" "$A"
equals "free text in the symptom" "$(ids 0x1f)" "$A"
equals "free text, Chinese" "$(ids 断开)" "$B"
equals "free text, Chinese in the symptom" "$(ids 每小时)" "$B"
equals "free text, all words must match" "$(ids vpn 每小时)" "$B"
equals "free text, words that match different tickets" "$(ids printer vpn)" ""
equals "free text matches the requester" "$(ids zhang)" "$C"
equals "free text, no match" "$(ids toaster)" ""
equals "org and channel" "$(ids org:acme channel:chat)" "$C"
equals "org and free text" "$(ids org:acme mail)" "$C"
equals "state, channels and date" "$(ids state:open channel:email,chat 'created:<2026-11-15')" "$A"
equals "repeating a key adds alternatives" "$(ids channel:email channel:chat)" "$A $C"
equals "id: prefix" "$(ids "id:$(lower "${B:0:12}")")" "$B"

# All four formats, for a query and for an empty result.
expect 0 "list table" "$SOP" list org:acme
contains "table header" "$(printf '%s' "$OUT" | head -1)" "ID"
contains "table header has STATE" "$(printf '%s' "$OUT" | head -1)" "STATE"
contains "table has A" "$OUT" "$A"
contains "table has C" "$OUT" "$C"
lacks "table lacks B" "$OUT" "$B"
equals "table: header and two rows" "$(printf '%s\n' "$OUT" | wc -l)" 3
expect 0 "list table, CJK title" "$SOP" list channel:phone
contains "table shows the Chinese title" "$OUT" "VPN 断开"

expect 0 "list json" "$SOP" list org:acme --format json
equals "json schema" "$(jv 'd["schema"]')" "sop/v1"
equals "json ids" "$(jv '" ".join(t["id"] for t in d["tickets"])')" "$A $C"
equals "json fields" "$(jv 'd["tickets"][0]["title"] + "|" + d["tickets"][0]["state"] + "|" + d["tickets"][0]["channel"] + "|" + d["tickets"][0]["received_at"]')" \
    "Printer cannot connect|new|email|2026-11-01T10:00:00+08:00"
expect 0 "list json, Chinese" "$SOP" list 断开 --format json
equals "json Chinese title" "$(jv 'd["tickets"][0]["title"]')" "VPN 断开"

expect 0 "list tsv" "$SOP" list org:acme --format tsv
header=$(printf '%s\n' "$OUT" | head -1)
contains "tsv header has id" "$header" "id"
contains "tsv header is tab-separated" "$header" "	"
equals "tsv: header and two rows" "$(printf '%s\n' "$OUT" | wc -l)" 3
equals "tsv first column" "$(printf '%s\n' "$OUT" | sed 1d | cut -f1 | tr '\n' ' ')" "$A $C "
cols=$(printf '%s\n' "$header" | awk -F'\t' '{print NF}')
equals "tsv rows have as many columns as the header" \
    "$(printf '%s\n' "$OUT" | awk -F'\t' '{print NF}' | sort -u)" "$cols"

expect 0 "list ids" "$SOP" list org:acme --format ids
equals "ids: one per line" "$OUT" "$A
$C"

expect 0 "empty result, table" "$SOP" list channel:onsite
lacks "empty table lists no ticket" "$OUT" "T-"
expect 0 "empty result, json" "$SOP" list channel:onsite --format json
equals "empty json" "$(jv 'd["tickets"]')" "[]"
expect 0 "empty result, tsv" "$SOP" list channel:onsite --format tsv
equals "empty tsv is the header" "$OUT" "$header"
expect 0 "empty result, ids" "$SOP" list channel:onsite --format ids
equals "empty ids" "$OUT" ""

# Bad queries: usage errors.
expect 2 "unknown query key" "$SOP" list colour:red
contains "unknown key named" "$ERR" "sop: error:"
contains "names the key" "$ERR" "colour"
expect 2 "unknown state" "$SOP" list state:bogus
contains "unknown state named" "$ERR" "bogus"
expect 2 "unknown channel" "$SOP" list channel:fax
expect 2 "unknown level" "$SOP" list level:7
expect 2 "comparison on a key without order" "$SOP" list 'channel:>=email'
expect 2 "created: with a bad date" "$SOP" list 'created:>=2026-13-45'
expect 2 "unknown format" "$SOP" list --format xml
clean

# ---- the cache is disposable ------------------------------------------------------------
cache=.git/sop/cache/tickets
run "$SOP" list --format json; want_json=$OUT
run "$SOP" list --format tsv; want_tsv=$OUT
run "$SOP" list org:acme --format ids; want_q=$OUT
if [ -f "$cache" ]; then pass; else fail "no cache file at $cache"; fi
same_answers() { # same_answers WHAT
    expect 0 "$1: list json" "$SOP" list --format json
    equals "$1: same json" "$OUT" "$want_json"
    equals "$1: no warning" "$ERR" ""
    expect 0 "$1: list tsv" "$SOP" list --format tsv
    equals "$1: same tsv" "$OUT" "$want_tsv"
    expect 0 "$1: list query" "$SOP" list org:acme --format ids
    equals "$1: same query answer" "$OUT" "$want_q"
    equals "$1: no warning" "$ERR" ""
}
rm -rf .git/sop/cache
same_answers "cache deleted"
if [ -f "$cache" ]; then pass; else fail "cache not rebuilt"; fi
printf 'garbage\x00\xff\xfe not a cache\n\n\t\t\\\n' > "$cache"
same_answers "cache is garbage"
head -c "$(($(wc -c < "$cache") / 2))" "$cache" > "$WORK/half" && cp "$WORK/half" "$cache"
same_answers "cache truncated to half"
: > "$cache"
same_answers "cache empty"
head -c 300 /dev/urandom > "$cache"
same_answers "cache random bytes"
# Well-formed start, nonsense counts.
printf 'sop-ticket-cache 1\ntree 0000000000000000000000000000000000000000\nshard\tXX\tnot-a-number\tmany\nend\n' > "$cache"
same_answers "cache with nonsense rows"
rm -rf .git/sop/cache && mkdir -p .git/sop/cache/tickets
same_answers "cache path is a directory"
rmdir .git/sop/cache/tickets
# A new ticket invalidates the cache.
D=$(mk "Toaster on fire" onsite "Ma Li" "Initech" 2026-11-21T10:00:00+08:00 "smoke")
equals "new ticket listed after the cache" "$(ids toaster)" "$D"
equals "all four listed" "$(ids)" "$A $B $C $D"
clean
