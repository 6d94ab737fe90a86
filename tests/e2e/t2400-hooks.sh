#!/usr/bin/env bash
# sop hooks: install writes executable hooks marked as sop's where git looks for them
# (.git/hooks, core.hooksPath, the common directory of worktrees, hooks/ of a bare repository);
# the pre-commit hook stops a commit whose staged tickets sop validate refuses, with plain
# `git commit`, `git commit -a` and `git commit FILE` alike, and lets a clean one through; a hook
# that is not sop's is refused, or kept with --force and put back by uninstall; status says
# which is which. The scripts are share/hooks/*, and sop-hooks(1) and the README show the
# server's pre-receive hook and the CI jobs of share/ci/* word for word.
# The pre-push and pre-receive hooks run `sop verify`: t2410-hooks-push.sh, t2420-hooks-server.sh.
. "$(dirname "$0")/lib.sh"
cd "$WORK" || exit 1
export CI=true # as in a CI job: nothing may wait on a terminal
SHARE="$SOP_SOURCE_DIR/share"
HOOKS="$SHARE/hooks"

# A PATH without the directory of $SOP, so that the hooks name it by its absolute path.
PATH=$(tr ':' '\n' <<<"$PATH" | grep -vxF "$(dirname "$SOP")" | paste -sd: -)
export PATH

# git_commit ARGS...: git commit with no terminal, capturing like `run`.
git_commit() { run git commit -q "$@" </dev/null; }

new_repo repo || exit 1
cd repo || exit 1

# ---- install -----------------------------------------------------------------------------------
expect 0 "status before install" "$SOP" hooks status
contains "status: the directory" "$OUT" "hooks directory: .git/hooks"
contains "status: pre-commit" "$OUT" "pre-commit  not installed"
contains "status: pre-push" "$OUT" "pre-push    not installed"

expect 0 "hooks install" "$SOP" hooks install
contains "install: pre-commit" "$OUT" "installed .git/hooks/pre-commit: sop validate --staged before a commit"
contains "install: pre-push" "$OUT" "installed .git/hooks/pre-push: sop verify before a push"
contains "install: the hooks name this sop by its path" "$ERR" "sop: note: the hooks run $SOP"
for h in pre-commit pre-push; do
    [ -x ".git/hooks/$h" ] && pass || fail "$h is not executable"
    equals "$h: marked as sop's" "$(sed -n 2p ".git/hooks/$h" | cut -c1-12)" "# sop-hooks:"
    # The script is share/hooks/<hook>, with the sop to run in its one place.
    equals "$h: share/hooks/$h with this sop" "$(cat ".git/hooks/$h")" \
        "$(sed "s|^sop=sop\$|sop=$SOP|" "$HOOKS/$h")"
done
equals "install: nothing committed" "$(git status --porcelain)" ""
expect 0 "status" "$SOP" hooks status
contains "status: installed" "$OUT" "pre-commit  installed (sop validate --staged before a commit)"
expect 0 "status --format json" "$SOP" hooks status --format json
equals "json: schema" "$(jv 'd["schema"]')" "sop/v1"
equals "json: states" "$(jv '[h["state"] for h in d["hooks"]]')" '["installed", "installed"]'
equals "json: names" "$(jv '[h["name"] for h in d["hooks"]]')" '["pre-commit", "pre-push"]'
equals "json: directory" "$(jv 'd["directory"]')" "$PWD/.git/hooks"
equals "json: executable, no backup" "$(jv '[(h["executable"], h["backup"]) for h in d["hooks"]]')" \
    '[[true, null], [true, null]]'
expect 0 "install again" "$SOP" hooks install
contains "install again: up to date" "$OUT" "up to date: .git/hooks/pre-commit"

# ---- pre-commit ----------------------------------------------------------------------------------
id=$(new_ticket) || fail "sop new"
other=$(TITLE="VPN drops" new_ticket) || fail "sop new (second)"
file=$(git ls-files "tickets/*/$id.yaml")
before=$(commits)

# Nothing of sop's staged: the hook does not even start sop.
echo "meeting notes" >notes.txt
git add notes.txt
git_commit -m "notes"
equals "a commit of other files passes" "$RC" 0

# A clean hand edit passes the pre-commit hook (sop verify is the check that refuses it).
sed -i 's/^title: .*/title: Printer cannot connect to the network/' "$file"
git add "$file"
git_commit -m "retitle by hand"
equals "a valid staged ticket passes" "$RC" 0
equals "two commits" "$(commits)" "$((before + 2))"

# Conflict markers, staged: refused with validate's message.
before=$(commits)
printf '<<<<<<< ours\nstate: new\n=======\nstate: triaged\n>>>>>>> theirs\n' >>"$file"
git add "$file"
git_commit -m "bad"
equals "conflict markers staged: refused" "$RC" 1
contains "the refusal names the file and why" "$ERR" "$file: (file): git conflict markers"
contains "validate's count" "$ERR" "sop: 1 problem in 1 file"
contains "a hint" "$ERR" "hint: fix the files named above and stage them again"
equals "no commit" "$(commits)" "$before"
git reset -q HEAD -- "$file"

# git commit -a and git commit FILE commit from another index (GIT_INDEX_FILE): checked too.
git_commit -a -m "bad, with -a"
equals "git commit -a: refused" "$RC" 1
contains "git commit -a: the file" "$ERR" "$file: (file): git conflict markers"
git_commit -m "bad, by path" -- "$file"
equals "git commit FILE: refused" "$RC" 1
contains "git commit FILE: the file" "$ERR" "$file: (file): git conflict markers"
equals "still no commit" "$(commits)" "$before"
git checkout -q -- "$file"

# A ticket removed while another links to it: every file is checked, and the link is broken.
expect 0 "link the tickets" "$SOP" link "$id" --related "$other"
git rm -q "$(git ls-files "tickets/*/$other.yaml")"
git_commit -m "remove a ticket"
equals "a removal that breaks a reference: refused" "$RC" 1
contains "the broken reference" "$ERR" "links.related"
git reset -q --hard

# The config, changed: every file is checked.
printf 'timezone: Mars/Olympus_Mons\n' >>.sop/config.yaml
git add .sop/config.yaml
git_commit -m "bad config"
equals "a bad config: refused" "$RC" 1
contains "the config's problem" "$ERR" ".sop/config.yaml"
git reset -q --hard

# --no-verify is git's way around the hook.
printf '<<<<<<< ours\n' >>"$file"
git add "$file"
git_commit --no-verify -m "forced"
equals "git commit --no-verify skips the hook" "$RC" 0
git reset -q --hard HEAD~1

# ---- sop not found -----------------------------------------------------------------------------
mkdir -p "$WORK/gone"
ln "$SOP" "$WORK/gone/sop" 2>/dev/null || cp "$SOP" "$WORK/gone/sop"
expect 0 "install from another sop" "$WORK/gone/sop" hooks install
contains "updated for the other sop" "$OUT" "updated .git/hooks/pre-commit"
grep -qx "sop=$WORK/gone/sop" .git/hooks/pre-commit && pass || fail "the hook names $WORK/gone/sop"
expect 0 "status by the first sop: outdated" "$SOP" hooks status
contains "outdated" "$OUT" "pre-commit  outdated (not what this sop writes: run 'sop hooks install')"
rm -f "$WORK/gone/sop"
sed -i 's/^title: .*/title: Printer offline/' "$file"
git add "$file"
git_commit -m "edit"
equals "sop missing: refused" "$RC" 1
contains "sop missing: git-style error" "$ERR" "sop: error: pre-commit hook: cannot run '$WORK/gone/sop': not found"
contains "sop missing: hint" "$ERR" "hint: install sop, or remove the hook with 'sop hooks uninstall'"
git reset -q --hard

# With this sop on PATH, the hooks run plain `sop`: an upgrade in place keeps them working.
expect 0 "install with sop on PATH" env PATH="$(dirname "$SOP"):$PATH" "$SOP" hooks install
grep -qx "sop=sop" .git/hooks/pre-commit && pass || fail "the hook runs plain sop"
lacks "no note when sop is on PATH" "$ERR" "note"
equals "installed = share/hooks/pre-commit" "$(cat .git/hooks/pre-commit)" "$(cat "$HOOKS/pre-commit")"

# ---- uninstall ---------------------------------------------------------------------------------
expect 0 "uninstall" "$SOP" hooks uninstall
contains "uninstall: pre-commit" "$OUT" "removed .git/hooks/pre-commit"
contains "uninstall: pre-push" "$OUT" "removed .git/hooks/pre-push"
[ ! -e .git/hooks/pre-commit ] && [ ! -e .git/hooks/pre-push ] && pass || fail "hooks left"
expect 0 "uninstall again" "$SOP" hooks uninstall
contains "nothing to remove" "$OUT" "no hooks of sop in .git/hooks"

# ---- a hook that is not sop's --------------------------------------------------------------------
printf '#!/bin/sh\necho "lint ok"\n' >.git/hooks/pre-push
chmod +x .git/hooks/pre-push
theirs=$(cat .git/hooks/pre-push)
expect 6 "install over a foreign hook: refused" "$SOP" hooks install
contains "the refusal names the hook" "$ERR" "sop: error: a hook that is not sop's is in the way: '$PWD/.git/hooks/pre-push'"
contains "the hint names --force" "$ERR" "hint: move it away, or run 'sop hooks install --force', which keeps it as <hook>.sop-backup"
[ ! -e .git/hooks/pre-commit ] && pass || fail "a refused install wrote pre-commit"
equals "the foreign hook is untouched" "$(cat .git/hooks/pre-push)" "$theirs"
expect 0 "status" "$SOP" hooks status
contains "status: not sop's" "$OUT" "pre-push    not sop's"

expect 0 "install --force" "$SOP" hooks install --force
contains "--force: the backup" "$OUT" "installed .git/hooks/pre-push: sop verify before a push; the hook that was there is now .git/hooks/pre-push.sop-backup"
equals "the backup holds the foreign hook" "$(cat .git/hooks/pre-push.sop-backup)" "$theirs"
[ -x .git/hooks/pre-push.sop-backup ] && pass || fail "the backup lost its mode"
expect 0 "status" "$SOP" hooks status
contains "status: the backup" "$OUT" "kept beside it: .git/hooks/pre-push.sop-backup"
expect 0 "uninstall puts it back" "$SOP" hooks uninstall
contains "uninstall: restored" "$OUT" "removed sop's .git/hooks/pre-push and put back the hook kept in .git/hooks/pre-push.sop-backup"
equals "the foreign hook is back" "$(cat .git/hooks/pre-push)" "$theirs"
[ ! -e .git/hooks/pre-push.sop-backup ] && pass || fail "the backup is still there"
expect 0 "uninstall leaves a foreign hook" "$SOP" hooks uninstall
contains "uninstall: left" "$OUT" "left .git/hooks/pre-push: not sop's"
equals "still there" "$(cat .git/hooks/pre-push)" "$theirs"
rm .git/hooks/pre-push

# ---- core.hooksPath, from a subdirectory ----------------------------------------------------------
git config core.hooksPath .githooks
mkdir -p sub
expect 0 "install with core.hooksPath, from a subdirectory" "$SOP" -C sub hooks install
contains "into core.hooksPath" "$OUT" "installed .githooks/pre-commit"
[ -x .githooks/pre-commit ] && [ ! -e .git/hooks/pre-commit ] && pass || fail "not in .githooks"
expect 0 "status" "$SOP" hooks status
contains "status: core.hooksPath" "$OUT" "hooks directory: .githooks (core.hooksPath)"
printf '<<<<<<< ours\n' >>"$file"
git add "$file"
(cd sub && git commit -q -m "bad from sub" </dev/null) 2>"$WORK/err"
equals "the hook in core.hooksPath runs" "$?" 1
contains "and refuses" "$(cat "$WORK/err")" "git conflict markers"
git reset -q --hard
expect 0 "uninstall" "$SOP" hooks uninstall
git config --unset core.hooksPath
rm -rf .githooks

# ---- a linked worktree: the hooks of the common directory ----------------------------------------
git worktree add -q -b side "$WORK/wt"
expect 0 "install from a worktree" "$SOP" -C "$WORK/wt" hooks install
contains "into the common directory" "$OUT" "installed $PWD/.git/hooks/pre-commit"
[ -x .git/hooks/pre-commit ] && pass || fail "not in the common directory"
wfile="$WORK/wt/$file"
printf '<<<<<<< ours\n' >>"$wfile"
git -C "$WORK/wt" add "$file"
git -C "$WORK/wt" commit -q -m "bad in the worktree" </dev/null 2>"$WORK/err"
equals "the hook runs in the worktree" "$?" 1
contains "with the worktree's index" "$(cat "$WORK/err")" "git conflict markers"
git -C "$WORK/wt" reset -q --hard
expect 0 "uninstall" "$SOP" hooks uninstall
git worktree remove --force "$WORK/wt"

# ---- a bare repository: the pre-receive hook -----------------------------------------------------
git init -q --bare "$WORK/desk.git"
expect 0 "install in a bare repository" "$SOP" -C "$WORK/desk.git" hooks install
contains "pre-receive" "$OUT" "installed hooks/pre-receive: sop verify of what a push brings"
[ -x "$WORK/desk.git/hooks/pre-receive" ] && pass || fail "no pre-receive hook"
[ ! -e "$WORK/desk.git/hooks/pre-commit" ] && pass || fail "a bare repository got a pre-commit hook"
equals "installed = share/hooks/pre-receive" "$(cat "$WORK/desk.git/hooks/pre-receive")" \
    "$(sed "s|^sop=sop\$|sop=$SOP|" "$HOOKS/pre-receive")"

# ---- usage ---------------------------------------------------------------------------------------
expect 2 "a form is required" "$SOP" hooks
expect 2 "unknown form" "$SOP" hooks frobnicate
expect 1 "not a repository" "$SOP" -C "$WORK/home" hooks status
contains "not a repository: git-style" "$ERR" "sop: error: not a git repository"

# ---- sop-hooks(1): the forms' usage lines in its SYNOPSIS ----------------------------------------
if command -v mandoc >/dev/null 2>&1; then
    page=$(mandoc -Tascii -O width=1000 "$SOP_SOURCE_DIR/man/sop-hooks.1" | sed $'s/.\b//g')
    synopsis=$(awk '/^[^ \t]/ { on = ($0 == "SYNOPSIS"); next } on' <<<"$page" |
        sed 's/[[:space:]][[:space:]]*/ /g; s/^ //; s/ $//' | grep -v '^$')
    for form in install uninstall status; do
        expect 0 "sop hooks $form --help" "$SOP" hooks "$form" --help
        usage=$(head -n 1 <<<"$OUT" | sed 's/^usage: //')
        case "$usage" in "sop hooks $form"*) pass ;; *) fail "usage of $form: '$usage'" ;; esac
        grep -Fqx -- "$usage" <<<"$synopsis" && pass || fail "sop-hooks.1 SYNOPSIS lacks '$usage'"
    done
fi

# ---- the documents show the files of share/ word for word ----------------------------------------
# same_block FILE DOC TEXT: TEXT (a rendered man page, or the README) holds FILE's lines one after
# the other, each with the same indentation.
same_block() {
    python3 - "$1" "$2" "$3" <<'EOF'
import sys
path, doc, text = sys.argv[1], sys.argv[2], sys.argv[3]
want = open(path).read().rstrip("\n").split("\n")
have = text.split("\n")
for i in range(len(have) - len(want) + 1):
    first = have[i]
    if not first.endswith(want[0]):
        continue
    indent = first[: len(first) - len(want[0])]
    if indent.strip():
        continue
    if all(have[i + j] == (indent + w if w else "") or (not w and not have[i + j].strip())
           for j, w in enumerate(want)):
        sys.exit(0)
print(f"{doc} does not show {path} word for word", file=sys.stderr)
sys.exit(1)
EOF
}
readme=$(cat "$SOP_SOURCE_DIR/README.md")
manpage=""
command -v mandoc >/dev/null 2>&1 &&
    manpage=$(mandoc -Tascii -O width=1000 "$SOP_SOURCE_DIR/man/sop-hooks.1" | sed $'s/.\b//g')
for f in "$HOOKS/pre-receive" "$SHARE/ci/github-actions.yml" "$SHARE/ci/gitlab-ci.yml"; do
    same_block "$f" README.md "$readme" && pass || fail "README.md: $(basename "$f") differs"
    if [ -n "$manpage" ]; then
        same_block "$f" sop-hooks.1 "$manpage" && pass || fail "sop-hooks.1: $(basename "$f") differs"
    fi
done
# The CI jobs are YAML, the hooks POSIX sh.
for f in "$SHARE"/ci/*.yml; do
    python3 -c 'import sys, yaml; yaml.safe_load(open(sys.argv[1]))' "$f" 2>/dev/null && pass ||
        fail "$(basename "$f") is not valid YAML"
done
for f in "$HOOKS"/*; do
    sh -n "$f" && pass || fail "$(basename "$f"): sh -n"
    if command -v shellcheck >/dev/null 2>&1; then
        # SC2086: the ^TIP arguments are split on purpose.
        equals "shellcheck $(basename "$f")" "$(shellcheck -s sh -S warning -e SC2046,SC2086 "$f" 2>&1)" ""
    fi
done
