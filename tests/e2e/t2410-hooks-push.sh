#!/usr/bin/env bash
# sop hooks: the pre-push hook runs `sop verify` on what a push carries. A history made with sop
# pushes; a commit of a ticket edited by hand is refused, on an existing branch (the commits the
# remote lacks) and on a new one (the commits no remote-tracking branch holds); deleting a
# branch needs no check; `git push --no-verify` skips it.
. "$(dirname "$0")/lib.sh"
cd "$WORK" || exit 1
export CI=true

# git_push ARGS...: git push with no terminal, capturing like `run`.
git_push() { run git push -q "$@" </dev/null; }
remote_tip() { git -C "$WORK/desk.git" rev-parse -q --verify "refs/heads/$1"; }

git init -q --bare "$WORK/desk.git"
new_repo repo || exit 1
cd repo || exit 1
git remote add origin "$WORK/desk.git"
expect 0 "hooks install" "$SOP" hooks install
id=$(new_ticket) || fail "sop new"
act "note" "$SOP" note "$id" "Spooler log shows 0x1F"

git_push origin main
equals "a history made with sop pushes" "$RC" 0
equals "the remote has it" "$(remote_tip main)" "$(git rev-parse HEAD)"

# A hand edit of a ticket, committed with git: the pre-commit hook lets it through (the file is
# valid), the pre-push hook does not (no commit of sop made it).
file=$(git ls-files "tickets/*/$id.yaml")
sed -i 's/^title: .*/title: Printer cannot connect to the network/' "$file"
git add "$file"
run git commit -q -m "retitle by hand" </dev/null
equals "the hand edit commits" "$RC" 0
act "another note" "$SOP" note "$id" "Driver reinstalled"
pushed=$(remote_tip main)
git_push origin main
equals "a push carrying a hand edit: refused" "$RC" 1
contains "verify names the commit" "$ERR" "$(git rev-parse --short HEAD~1)"
contains "and the file" "$ERR" "$file"
contains "the hook's error" "$ERR" "sop: error: pre-push hook: refusing to push 'refs/heads/main' to 'refs/heads/main': not every commit is a sop action"
contains "a hint" "$ERR" "hint: make each change with sop, one action per commit"
equals "the remote is unchanged" "$(remote_tip main)" "$pushed"

# A new branch holding it: refused too (its commits that origin's branches lack).
git_push origin main:refs/heads/side
equals "a new branch carrying a hand edit: refused" "$RC" 1
equals "no branch made" "$(remote_tip side || echo none)" "none"

# A new branch of commits the remote has already: nothing to verify, pushed.
git_push origin "$pushed:refs/heads/release"
equals "a new branch of known commits pushes" "$RC" 0

# Deleting a branch carries no commits.
git_push origin :refs/heads/release
equals "deleting a branch pushes" "$RC" 0
equals "deleted" "$(remote_tip release || echo none)" "none"

# Undo the hand edit: the history is sop's again and pushes.
git reset -q --hard "$pushed"
act "note again" "$SOP" note "$id" "Driver reinstalled"
git_push origin main
equals "after the hand edit is undone, the push goes through" "$RC" 0

# --no-verify skips the hook (the server's pre-receive hook is the check that cannot be skipped).
sed -i 's/^title: .*/title: Printer offline/' "$file"
git commit -q -am "by hand again" </dev/null
git_push --no-verify origin main:refs/heads/unchecked
equals "git push --no-verify skips the hook" "$RC" 0
