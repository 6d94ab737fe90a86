#!/usr/bin/env bash
# The man pages: clean under mandoc -Tlint, and sop(1) keeps up with the program. The verbs come
# from `sop --help` itself, so a new verb without documentation fails here: each needs its
# `usage:` line (the first line of `sop <verb> --help`) in SYNOPSIS, word for word, and its own
# subsection in COMMANDS; EXIT STATUS lists every exit code. sop-kb(1) does the same for every form
# of `sop kb`.
. "$(dirname "$0")/lib.sh"
MAN="$SOP_SOURCE_DIR/man"

if ! command -v mandoc >/dev/null 2>&1; then
    echo "$TEST_NAME: mandoc is not installed; skipping the man page checks (install mandoc)"
    pass
    exit 0
fi

# render PAGE: plain text, one output line per input line (no wrapping, no overstrike).
# Section headings start in column 0, subsection headings are indented by 3 spaces.
render() {
    mandoc -Tascii -O width=1000 "$1" 2>/dev/null | sed $'s/.\b//g'
}
# section NAME: the lines of one section of the page on stdin, headings excluded.
section() {
    awk -v want="$1" '/^[^ \t]/ { on = ($0 == want); next } on'
}
# squeeze: each line trimmed, runs of white space made one space, blank lines dropped.
squeeze() {
    sed 's/[[:space:]][[:space:]]*/ /g; s/^ //; s/ $//' | grep -v '^$'
}

# (a) every page is clean at warning level and above.
for page in "$MAN"/*.[1-9]; do
    [ -e "$page" ] || continue
    equals "mandoc -Tlint -Wwarning $(basename "$page")" "$(mandoc -Tlint -Wwarning "$page" 2>&1)" ""
done
[ -e "$MAN/sop.1" ] && pass || fail "man/sop.1 is missing"
[ -e "$MAN/sop-ticket.5" ] && pass || fail "man/sop-ticket.5 is missing"
[ -e "$MAN/sop-kb.1" ] && pass || fail "man/sop-kb.1 is missing"

page=$(render "$MAN/sop.1")
synopsis=$(section SYNOPSIS <<<"$page" | squeeze)
commands=$(section COMMANDS <<<"$page")
exits=$(section "EXIT STATUS" <<<"$page")
[ -n "$synopsis" ] && pass || fail "sop.1 has no SYNOPSIS"
[ -n "$commands" ] && pass || fail "sop.1 has no COMMANDS section"
[ -n "$exits" ] && pass || fail "sop.1 has no EXIT STATUS section"

# The verbs, as `sop --help` lists them under its subcommands heading.
expect 0 "sop --help" "$SOP" --help
verbs=$(awk 'tolower($0) ~ /^subcommands:/ { on = 1; next }
             on && /^[[:space:]]*$/ { exit }
             on { print $1 }' <<<"$OUT")
[ -n "$verbs" ] && pass || fail "no verbs found under SUBCOMMANDS in sop --help: $OUT"

for verb in $verbs; do
    # (b) `usage: <synopsis>` first, and the same synopsis in sop(1).
    expect 0 "sop $verb --help" "$SOP" "$verb" --help
    first=$(head -n 1 <<<"$OUT")
    case "$first" in
    "usage: "*)
        pass
        ;;
    *)
        fail "sop $verb --help: the first line is '$first', expected 'usage: <synopsis>'"
        first=$(grep -m 1 '^usage: ' <<<"$OUT") # still check the synopsis, if there is one
        ;;
    esac
    usage=$(sed 's/^usage: //' <<<"$first" | squeeze)
    if [ -z "$usage" ]; then
        fail "sop $verb --help prints no usage line"
    elif grep -Fqx -- "$usage" <<<"$synopsis"; then
        pass
    else
        fail "SYNOPSIS of sop.1 lacks the synopsis of $verb: '$usage'; it has:
$synopsis"
    fi
    # (c) a subsection of its own in COMMANDS ("verb" or "sop verb ...").
    if grep -Eq "^   (sop )?$verb( |\$)" <<<"$commands"; then pass; else
        fail "COMMANDS of sop.1 has no subsection for $verb"
    fi
done

# (d) every exit code, 0 to 7, is described in EXIT STATUS.
for code in 0 1 2 3 4 5 6 7; do
    if grep -Eq "^ +$code( |\$)" <<<"$exits"; then pass; else
        fail "EXIT STATUS of sop.1 does not describe exit code $code"
    fi
done

# (e) sop-kb(1) keeps up with `sop kb`: for each form, `sop kb <form> --help` starts with
# `usage: sop kb <form> ...`, that line is in the SYNOPSIS of sop-kb.1 word for word, and
# COMMANDS has a subsection for the form ("form", "kb form" or "sop kb form").
kbpage=$(render "$MAN/sop-kb.1")
kbsynopsis=$(section SYNOPSIS <<<"$kbpage" | squeeze)
kbcommands=$(section COMMANDS <<<"$kbpage")
[ -n "$kbsynopsis" ] && pass || fail "sop-kb.1 has no SYNOPSIS"
[ -n "$kbcommands" ] && pass || fail "sop-kb.1 has no COMMANDS section"
for form in new edit submit approve reject flag retire show list search suggest gaps validate; do
    expect 0 "sop kb $form --help" "$SOP" kb "$form" --help
    first=$(head -n 1 <<<"$OUT")
    case "$first" in
    "usage: "*)
        pass
        ;;
    *)
        fail "sop kb $form --help: the first line is '$first', expected 'usage: <synopsis>'"
        first=$(grep -m 1 '^usage: ' <<<"$OUT") # still check the synopsis, if there is one
        ;;
    esac
    usage=$(sed 's/^usage: //' <<<"$first" | squeeze)
    if [ -z "$usage" ]; then
        fail "sop kb $form --help prints no usage line"
    else
        case "$usage" in
        "sop kb $form" | "sop kb $form "*) pass ;;
        *) fail "sop kb $form --help: the usage line '$usage' is not that of 'sop kb $form'" ;;
        esac
        if grep -Fqx -- "$usage" <<<"$kbsynopsis"; then pass; else
            fail "SYNOPSIS of sop-kb.1 lacks the synopsis of kb $form: '$usage'; it has:
$kbsynopsis"
        fi
    fi
    if grep -Eq "^   ((sop )?kb )?$form( |\$)" <<<"$kbcommands"; then pass; else
        fail "COMMANDS of sop-kb.1 has no subsection for kb $form"
    fi
done
