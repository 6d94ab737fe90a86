#!/usr/bin/env bash
# sop init: new directory, existing empty repo, existing repo with history, twice.
. "$(dirname "$0")/lib.sh"
cd "$WORK"

expect 0 "init a new directory" "$SOP" init fresh
contains "init says where" "$OUT" "Initialised support repository"
equals "one commit" "$(commits fresh)" 1
equals "config committed" "$(git -C fresh ls-tree --name-only -r HEAD | sort | tr '\n' ' ')" ".gitattributes .sop/config.yaml "
equals "branch is main" "$(git -C fresh symbolic-ref --short HEAD)" main
equals "Sop-Action trailer" "$(cd fresh && trailer Sop-Action)" init
equals "author is the actor" "$(git -C fresh log -1 --format='%an <%ae> %aI')" "Ann Lee <ann@example.com> 2026-11-24T09:30:00+08:00"
clean fresh

expect 0 "init again" "$SOP" init fresh
contains "already" "$OUT" "already a support repository"
equals "still one commit" "$(commits fresh)" 1

git init -q -b trunk existing && git -C existing commit -q --allow-empty -m "start"
echo "notes" > existing/README && git -C existing add README && git -C existing commit -q -m "readme"
expect 0 "init an existing repository" "$SOP" -C existing init
equals "history kept, one more commit" "$(commits existing)" 3
equals "on its branch" "$(git -C existing symbolic-ref --short HEAD)" trunk
clean existing

mkdir staged && git init -q staged && echo a > staged/a && git -C staged add a
expect 0 "init keeps staged work staged" "$SOP" init staged
equals "a still staged" "$(git -C staged status --porcelain)" "A  a"

expect 0 "config validates against its schema" "$SOP" -C fresh schema config
contains "schema is JSON Schema 2020-12" "$OUT" '"$schema": "https://json-schema.org/draft/2020-12/schema"'

mkdir plain
expect 1 "commands outside a repository" "$SOP" -C plain list
contains "not a git repository" "$ERR" "sop: error: not a git repository"
git init -q notsop
expect 1 "a git repository without sop" "$SOP" -C notsop list
contains "not a support repository" "$ERR" "not a support repository"
