# Shared by the end-to-end tests: source it, then call the checks below.
# Each test runs the real binary ($SOP) in throw-away repositories under a private HOME,
# with a fixed clock (SOP_NOW) and identity (SOP_ACTOR), and never reads the user's git config.
# On failure the work directory is kept and its path printed.
set -u
: "${SOP:?set SOP to the sop binary}"
: "${SOP_SOURCE_DIR:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"

TEST_NAME=$(basename "$0" .sh)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sop-$TEST_NAME.XXXXXX")
export HOME="$WORK/home"
mkdir -p "$HOME"
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL="$HOME/.gitconfig"
export SOP_ACTOR="Ann Lee <ann@example.com>"
export SOP_NOW="2026-11-24T09:30:00+08:00"
export NO_COLOR=1 TZ=UTC
unset EDITOR VISUAL SOP_TEST_CRASH
export GIT_AUTHOR_NAME="Git User" GIT_AUTHOR_EMAIL="git@example.com"
export GIT_COMMITTER_NAME="Git User" GIT_COMMITTER_EMAIL="git@example.com"

PASSED=0
FAILED=0
OUT=""  # stdout of the last `run`
ERR=""  # stderr of the last `run`
RC=0    # exit code of the last `run`

finish() {
    echo "$TEST_NAME: $PASSED passed, $FAILED failed"
    if [ "$FAILED" -eq 0 ]; then rm -rf "$WORK"; else echo "kept $WORK"; fi
    [ "$FAILED" -eq 0 ]
}
trap 'finish; exit $?' EXIT

pass() { PASSED=$((PASSED + 1)); }
fail() { FAILED=$((FAILED + 1)); echo "FAIL: $*" >&2; }

# run CMD...: runs it, capturing stdout, stderr and the exit code.
run() {
    OUT=$("$@" 2>"$WORK/.stderr"); RC=$?
    ERR=$(cat "$WORK/.stderr")
}

# expect CODE DESCRIPTION CMD...: runs CMD and checks its exit code.
expect() {
    local code=$1 what=$2; shift 2
    run "$@"
    if [ "$RC" -eq "$code" ]; then pass; else
        fail "$what: exit $RC, expected $code"; echo "  stdout: $OUT" >&2; echo "  stderr: $ERR" >&2
    fi
}

# contains DESCRIPTION HAYSTACK NEEDLE
contains() {
    case "$2" in *"$3"*) pass ;; *) fail "$1: '$3' not in: $2" ;; esac
}
# lacks DESCRIPTION HAYSTACK NEEDLE
lacks() {
    case "$2" in *"$3"*) fail "$1: '$3' unexpectedly in: $2" ;; *) pass ;; esac
}
# equals DESCRIPTION ACTUAL EXPECTED
equals() {
    if [ "$2" = "$3" ]; then pass; else fail "$1: got '$2', expected '$3'"; fi
}

# new_repo DIR: a fresh support repository.
new_repo() {
    "$SOP" init "$1" >/dev/null || { fail "sop init $1"; return 1; }
}

commits() { git -C "${1:-.}" rev-list --count HEAD; }

# clean [DIR]: git status --porcelain is empty and git fsck is happy.
clean() {
    local dir=${1:-.} st
    st=$(git -C "$dir" status --porcelain)
    if [ -z "$st" ]; then pass; else fail "git status not clean in $dir: $st"; fi
    if git -C "$dir" fsck --no-dangling >/dev/null 2>&1; then pass; else fail "git fsck failed in $dir"; fi
}

# act DESCRIPTION CMD...: succeeds with exactly one new commit and a clean repository.
act() {
    local what=$1 before; shift
    before=$(commits)
    expect 0 "$what" "$@"
    equals "$what: one commit" "$(commits)" "$((before + 1))"
    clean
}
# as WHO CMD...: runs CMD as another actor ("Name <email>").
as() { local who=$1; shift; SOP_ACTOR="$who" "$@"; }

# trailer NAME [REV]: the value of a trailer in a commit message.
trailer() {
    git log -1 --format=%B "${2:-HEAD}" | git interpret-trailers --parse | sed -n "s/^$1: //p"
}

# path_of ID: where the ticket's file is (tickets/<shard>/<ID>.yaml).
path_of() { printf 'tickets/%s/%s/%s.yaml' "${1:2:1}" "${1:3:1}" "$1"; }

# new_ticket [extra options]: creates a ticket in the current repository; prints its ID.
new_ticket() {
    "$SOP" new --title "${TITLE:-Printer cannot connect}" --channel email \
        --requester-name "Wang Fang" --requester-contact wang@example.com \
        --symptom "${SYMPTOM:-Printing fails with error 0x1F}" --format ids "$@"
}

# jv EXPR: a Python expression over the JSON document in $OUT (bound to d); strings print raw.
jv() {
    printf '%s' "$OUT" | python3 -c '
import json, sys
d = json.load(sys.stdin)
v = eval(sys.argv[1])
print(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False, sort_keys=True))' "$1"
}
