#!/usr/bin/env bash
# The server's pre-receive hook, share/hooks/pre-receive as sop-hooks(1) and the README show
# it (t2400 checks that they do, word for word), copied into a bare repository by hand: it runs
# `sop verify` in the bare repository on the commits of each pushed ref, which git holds in
# quarantine until the hook accepts them. A push of sop's commits is accepted; one carrying a
# ticket edited by hand is refused, on an existing branch and on a new one, and the client's
# `git push --no-verify` cannot get round it. `sop hooks install` in the bare repository writes
# the same script.
. "$(dirname "$0")/lib.sh"
cd "$WORK" || exit 1
export CI=true

git_push() { run git push -q "$@" </dev/null; }
remote_tip() { git -C "$WORK/desk.git" rev-parse -q --verify "refs/heads/$1"; }

git init -q --bare "$WORK/desk.git"
# As an administrator would: the example from the man page, with sop on the server's PATH.
mkdir -p "$WORK/bin"
ln -s "$SOP" "$WORK/bin/sop"
export PATH="$WORK/bin:$PATH"
cp "$SOP_SOURCE_DIR/share/hooks/pre-receive" "$WORK/desk.git/hooks/pre-receive"
chmod +x "$WORK/desk.git/hooks/pre-receive"

new_repo repo || exit 1
cd repo || exit 1
git remote add origin "$WORK/desk.git"
id=$(new_ticket) || fail "sop new"
act "note" "$SOP" note "$id" "Spooler log shows 0x1F"

# The first push: a new branch, all of its history.
git_push origin main
equals "a history made with sop is accepted" "$RC" 0
equals "the server has it" "$(remote_tip main)" "$(git rev-parse HEAD)"
act "triage" "$SOP" triage "$id" --type fault --level 1 --category hardware
git_push origin main
equals "an update made with sop is accepted" "$RC" 0

# A hand edit, pushed past the client's hooks: the server refuses it.
file=$(git ls-files "tickets/*/$id.yaml")
sed -i 's/^title: .*/title: Printer cannot connect to the network/' "$file"
git commit -q -am "retitle by hand" </dev/null
accepted=$(remote_tip main)
git_push --no-verify origin main
equals "a hand edit: refused by the server" "$RC" 1
contains "git says the hook declined" "$ERR" "pre-receive hook declined"
contains "verify's problem, through remote:" "$ERR" "remote: $(git rev-parse --short HEAD)"
contains "the hook's error" "$ERR" "sop: error: refusing 'refs/heads/main': not every commit is a sop action"
equals "the server's branch is unchanged" "$(remote_tip main)" "$accepted"
git_push --no-verify origin main:refs/heads/side
equals "on a new branch: refused" "$RC" 1
equals "no branch made" "$(remote_tip side || echo none)" "none"
# A refused push leaves nothing behind: git drops the quarantined objects.
if git -C "$WORK/desk.git" cat-file -e "$(git rev-parse HEAD)" 2>/dev/null; then
    fail "the refused commit is in the server's objects"
else
    pass
fi

# Deleting a branch needs no check; a good push after a refused one goes through.
git reset -q --hard "$accepted"
act "respond" "$SOP" respond "$id" --note "On it"
git_push origin main:refs/heads/tmp
equals "a new branch of sop's commits" "$RC" 0
git_push origin :refs/heads/tmp
equals "a deletion" "$RC" 0
git_push origin main
equals "a good push after a refused one" "$RC" 0

# sop hooks install in the bare repository writes the same script (naming this sop).
rm "$WORK/desk.git/hooks/pre-receive"
expect 0 "sop hooks install in the bare repository" "$SOP" -C "$WORK/desk.git" hooks install
equals "the same script" "$(cat "$WORK/desk.git/hooks/pre-receive")" \
    "$(cat "$SOP_SOURCE_DIR/share/hooks/pre-receive")"
sed -i 's/^title: .*/title: Printer offline/' "$file"
git commit -q -am "by hand" </dev/null
git_push --no-verify origin main
equals "installed by sop hooks install: refuses too" "$RC" 1
