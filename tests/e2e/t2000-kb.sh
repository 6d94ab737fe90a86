#!/usr/bin/env bash
# The knowledge base (SOP 4.2, 4.3, 4.6): sop kb. The full lifecycle with its guards (approval
# by the author or by a non-reviewer refused), a revision of a published article while readers
# keep the approved version, search in Chinese and English among 60 articles, suggest, reuse
# through sop link, a reopen that flags the cited article, --from-ticket, gaps, validate.
. "$(dirname "$0")/lib.sh"

new_repo "$WORK/desk"
cd "$WORK/desk" || exit 1
cat > .sop/config.yaml <<'YAML'
version: 1
timezone: Asia/Shanghai
people:
  - {name: Ann Lee, email: ann@example.com, roles: [engineer, kb-reviewer]}
  - {name: Bo Chen, email: bo@example.com, roles: [engineer, kb-reviewer]}
  - {name: Cy Zhou, email: cy@example.com, roles: [senior, kb-reviewer]}
  - {name: Dan Wu, email: dan@example.com, roles: [engineer]}
YAML
git add .sop/config.yaml && git commit -qm "team setup"

ANN="Ann Lee <ann@example.com>" # SOP_ACTOR of lib.sh: the author
BO="Bo Chen <bo@example.com>"
CY="Cy Zhou <cy@example.com>"
DAN="Dan Wu <dan@example.com>"
refused() {
    local guard=$1 what=$2 before; shift 2
    before=$(commits)
    expect 3 "$what" "$@"
    contains "$what: names the guard" "$ERR" "[guard: $guard]"
    contains "$what: says what would satisfy it" "$ERR" "hint: "
    equals "$what: no commit" "$(commits)" "$before"
    clean
}
field() { "$SOP" kb show "$1" --format json | OUT=$(cat) jv "d['article'].get('$2')"; }
ok() { "$@" >/dev/null 2>&1 || fail "setup: $*"; }

# ---- 60 articles: the two targets among neighbours that share their words ------------------
mkdir -p kb
python3 - <<'PY'
import random
random.seed(7)
alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
topics = [
    ("打印机卡纸怎么处理", "hardware", "打印机 卡纸 纸张 取出", "打印时提示卡纸，纸张卡在进纸口。"),
    ("无法连接VPN", "network", "VPN 无法 连接 证书", "员工在家无法连接公司VPN，提示证书过期。"),
    ("邮箱无法登录", "software", "邮箱 登录 密码", "用户输入密码后邮箱无法登录。"),
    ("Printer prints blank pages", "hardware", "printer blank toner", "The printer prints blank pages after a toner change."),
    ("Cannot connect to the shared drive", "network", "share drive smb", "Users cannot connect to the shared drive after a password change."),
    ("Laptop battery drains fast", "hardware", "battery power", "The laptop battery lasts one hour."),
    ("Outlook keeps asking for a password", "software", "outlook password prompt", "Outlook asks for the password every few minutes."),
    ("Wi-Fi drops in meeting rooms", "network", "wifi roaming access point", "The Wi-Fi connection drops when people move between meeting rooms."),
    ("显示器没有信号", "hardware", "显示器 信号 线缆", "显示器提示无信号，主机正常运行。"),
    ("系统更新失败 0x80070005", "system", "更新 权限 0x80070005", "Windows 更新失败，错误代码 0x80070005。"),
]
words = ["disk", "memory", "driver", "certificate", "proxy", "dns", "license", "backup", "sync",
         "calendar", "teams", "browser", "cache", "firewall", "scanner", "keyboard", "mouse",
         "服务器", "数据库", "网络", "软件", "安装", "权限", "账号", "备份", "同步", "浏览器"]
for n in range(58):
    if n < len(topics):
        title, cat, kw, problem = topics[n]
    else:
        a, b, c = random.sample(words, 3)
        title = f"{a} {b} issue {n}"
        cat = random.choice(["software", "hardware", "system", "network", "cloud", "other"])
        kw = f"{a} {c}"
        problem = f"The {a} fails when the {b} and the {c} are used together ({n})."
    kid = "KB-" + "".join(alphabet[(n * 7 + i * 5 + 3) % 32] for i in range(10)) + "%02d" % n
    body = [f"id: {kid}", f"title: {title}", "status: draft", f"category: {cat}",
            "keywords: [" + ", ".join(kw.split()) + "]", "version: 1",
            "author: Ann Lee <ann@example.com>", f"problem: {problem}",
            "events:", "  - at: 2026-11-01T09:00:00+08:00", "    by: Ann Lee <ann@example.com>",
            "    action: new", "    to: draft"]
    open(f"kb/{kid}.yaml", "w").write("\n".join(body) + "\n")
PY
git add kb && git commit -qm "58 draft articles"
equals "58 articles written" "$(ls kb | wc -l | tr -d ' ')" 58
expect 0 "kb validate: the drafts are valid" "$SOP" kb validate
contains "kb validate counts them" "$OUT" "58 articles OK"

# ---- new: a draft in the fixed format --------------------------------------------------------
export SOP_NOW=2026-11-24T09:30:00+08:00
act "kb new (Chinese)" "$SOP" kb new --title "打印机无法连接网络" --category hardware \
    --problem "网络打印机无法连接，打印任务一直排队，电脑提示打印机脱机。" \
    --keyword 打印机 --keyword 网络 --keyword 打印机 --format ids
CN=$OUT
contains "new prints the ID" "$CN" "KB-"
equals "kb/<ID>.yaml" "$(git ls-files "kb/$CN.yaml")" "kb/$CN.yaml"
equals "subject" "$(git log -1 --format=%s)" "$CN: new article: 打印机无法连接网络"
equals "Sop-Article" "$(trailer Sop-Article)" "$CN"
equals "Sop-Action" "$(trailer Sop-Action)" "kb-new"
equals "Sop-To" "$(trailer Sop-To)" "draft"
equals "status draft" "$(field "$CN" status)" "draft"
equals "version 1" "$(field "$CN" version)" "1"
equals "author" "$(field "$CN" author)" "$ANN"
equals "keywords deduplicated" "$(field "$CN" keywords)" '["打印机", "网络"]'

refused format "submit without diagnosis steps, solution, scenarios" "$SOP" kb submit "$CN"
contains "format names what is missing" "$ERR" "diagnosis_steps, solution, scenarios"

# Finish it in the editor: the script appends the missing fields.
cat > "$WORK/finish.sh" <<'SH'
#!/bin/sh
cat >> "$1" <<'YAML'
diagnosis_steps:
  - 在打印机面板查看网络状态和IP地址
  - 从电脑 ping 打印机的IP地址
solution: 打印机获取了新的IP地址；在打印机上设置固定IP，并在电脑上重新添加打印机。
notes: 修改IP前先确认地址未被占用。
scenarios:
  - 办公室网络打印机
YAML
SH
chmod +x "$WORK/finish.sh"
act "kb edit a draft" env EDITOR="$WORK/finish.sh" "$SOP" kb edit "$CN"
contains "edit names the fields" "$OUT" "edited diagnosis_steps"
equals "a draft keeps version 1" "$(field "$CN" version)" "1"

act "kb submit" "$SOP" kb submit "${CN:0:8}" --note "请审核"
equals "in_review" "$(field "$CN" status)" "in_review"
equals "Sop-From/To" "$(trailer Sop-From) $(trailer Sop-To)" "draft in_review"

# ---- approval: only a kb-reviewer who did not write it ---------------------------------------
refused not-author "approval by the author (a kb-reviewer)" "$SOP" kb approve "$CN"
refused reviewer "approval by a non-reviewer" as "$DAN" "$SOP" kb approve "$CN"
contains "reviewer guard names the role" "$ERR" "kb-reviewer"
act "approval by another kb-reviewer" as "$BO" "$SOP" kb approve "$CN"
equals "published" "$(field "$CN" status)" "published"
equals "Approved-by trailer" "$(trailer Approved-by)" "$BO"
equals "Sop-Action kb-approve" "$(trailer Sop-Action)" "kb-approve"
equals "the review is recorded" "$("$SOP" kb show "$CN" --format json | OUT=$(cat) jv "d['article']['reviewers'][-1]['verdict'] + ' v' + str(d['article']['reviewers'][-1]['version'])")" "approved v1"
expect 3 "approve again" as "$CY" "$SOP" kb approve "$CN"
contains "status guard" "$ERR" "[guard: status]"

# An English article, rejected once, then approved.
act "kb new (English)" "$SOP" kb new --title "Printer cannot connect to Wi-Fi" --category hardware \
    --problem "The office printer cannot connect to the wireless network after a router change." \
    --step "Print the network configuration page" --step "Check the SSID and the Wi-Fi password" \
    --solution "Run the printer's wireless setup wizard and enter the new Wi-Fi password." \
    --scenario "Office printers on Wi-Fi" --keyword printer --keyword wifi --format ids
EN=$OUT
act "submit EN" "$SOP" kb submit "$EN"
refused reason "reject without a reason" as "$BO" "$SOP" kb reject "$EN"
act "reject with a reason" as "$BO" "$SOP" kb reject "$EN" --reason "say which router models"
equals "rejected goes back to draft" "$(field "$EN" status)" "draft"
contains "rejection kept in reviewers" "$("$SOP" kb show "$EN")" "rejected version 1 by $BO"
act "resubmit" "$SOP" kb submit "$EN"
act "approve EN" as "$CY" "$SOP" kb approve "$EN"
equals "EN published" "$(field "$EN" status)" "published"

# ---- search: Chinese and English, the right article first among 60 ---------------------------
expect 0 "search in Chinese" "$SOP" kb search 打印机 无法 连接 --format json
equals "Chinese: the Chinese article first" "$(jv "d['articles'][0]['id']")" "$CN"
expect 0 "search in English" "$SOP" kb search printer cannot connect --format json
equals "English: the English article first" "$(jv "d['articles'][0]['id']")" "$EN"
expect 0 "mixed query" "$SOP" kb search "打印机 IP" --format ids
equals "mixed: the Chinese article first" "$(head -n 1 <<<"$OUT")" "$CN"
expect 0 "default search serves published articles only" "$SOP" kb search 卡纸 --format ids
equals "a draft is not served" "$OUT" ""
expect 0 "--all searches drafts too" "$SOP" kb search 卡纸 --all --format json
equals "--all finds the draft" "$(jv "d['articles'][0]['status']")" "draft"
expect 0 "search table" "$SOP" kb search printer
contains "table header" "$OUT" "SCORE"
expect 0 "no match" "$SOP" kb search zzzqqq
contains "no match says so" "$ERR" "no article matches"
expect 2 "search needs a query" "$SOP" kb search

# ---- suggest: a ticket finds its article -----------------------------------------------------
T1=$(TITLE="打印机无法连接" SYMPTOM="网络打印机脱机，打印任务一直排队" new_ticket)
expect 0 "suggest" "$SOP" kb suggest "$T1" --format json
equals "suggest: the Chinese article first" "$(jv "d['articles'][0]['id']")" "$CN"
T2=$(TITLE="Printer will not connect to Wi-Fi" SYMPTOM="After the new router the printer is offline" new_ticket)
expect 0 "suggest EN" "$SOP" kb suggest "$T2" --format ids
equals "suggest: the English article first" "$(head -n 1 <<<"$OUT")" "$EN"

# ---- reuse: link writes both files; list --by-reuse -------------------------------------------
act "link T1 --kb CN" "$SOP" link "$T1" --kb "$CN"
equals "the ticket cites the article" "$("$SOP" show "$T1" --format json | OUT=$(cat) jv "d['ticket']['links']['kb']")" "[\"$CN\"]"
equals "the article names the ticket" "$(field "$CN" links)" "{\"tickets\": [\"$T1\"]}"
equals "link commit names the article" "$(trailer Sop-Article)" "$CN"
equals "link commit names the ticket" "$(trailer Sop-Ticket)" "$T1"
equals "one commit, two files" "$(git show --name-only --format= HEAD | sort | tr '\n' ' ')" "kb/$CN.yaml $(git show --name-only --format= HEAD | sort | grep tickets) "
act "link T2 --kb CN" "$SOP" link "$T2" --kb "$CN"
act "link T2 --kb EN" "$SOP" link "$T2" --kb "${EN:0:8}"
expect 0 "list --by-reuse" "$SOP" kb list --by-reuse --format tsv
equals "most reused first" "$(sed -n 2p <<<"$OUT" | cut -f1,5)" "$CN	2"
equals "then the next" "$(sed -n 3p <<<"$OUT" | cut -f1,5)" "$EN	1"
expect 0 "list status:published" "$SOP" kb list status:published --format ids
equals "two published" "$(sort <<<"$OUT" | tr '\n' ' ')" "$(printf '%s\n' "$CN" "$EN" | sort | tr '\n' ' ')"
expect 0 "list by a title word" "$SOP" kb list wi-fi --format ids
contains "title word" "$OUT" "$EN"
expect 2 "list: an unknown key" "$SOP" kb list colour:red

# ---- a reopen flags the cited article ---------------------------------------------------------
ok "$SOP" triage "$T1" --type consultation --level 1 --category hardware
ok "$SOP" resolve "$T1" --answer "按知识库文章设置固定IP"
ok "$SOP" survey "$T1" --none "no answer"
ok "$SOP" close "$T1" --problem "打印机无法连接" --diagnosis "打印机IP变化" \
    --solution "设置固定IP" --outcome "可以打印" --feedback "满意" --advice "固定IP"
export SOP_NOW=2026-11-25T10:00:00+08:00
act "reopen T1" "$SOP" reopen "$T1" --reason "打印机又脱机了"
equals "the cited article is flagged" "$(field "$CN" status)" "flagged"
equals "in the reopen's commit" "$(git show --name-only --format= HEAD | grep -c "kb/$CN.yaml")" "1"
equals "reopen commit names the article" "$(trailer Sop-Article)" "$CN"
contains "the flag names the ticket" "$("$SOP" kb show "$CN")" "$T1"
expect 0 "a flagged article is still served" "$SOP" kb search 打印机 无法 连接 --format json
equals "flagged, still first" "$(jv "d['articles'][0]['id'] + ' ' + d['articles'][0]['status']")" "$CN flagged"
refused status "flag a flagged article" "$SOP" kb flag "$CN" --reason again
act "submit the flagged article for review again" "$SOP" kb submit "$CN"
act "approve it again" as "$BO" "$SOP" kb approve "$CN"
equals "published again" "$(field "$CN" status)" "published"

# ---- revising a published article: readers keep version 1 until version 2 is approved --------
cat > "$WORK/revise.sh" <<'SH'
#!/bin/sh
sed -i 's/^solution: .*/solution: Reset the network settings on the printer panel, then run the wireless setup wizard./' "$1"
SH
chmod +x "$WORK/revise.sh"
V1_SOLUTION=$(field "$EN" solution)
act "edit a published article" env EDITOR="$WORK/revise.sh" "$SOP" kb edit "$EN"
contains "says a new version goes to review" "$OUT" "version 2 to review"
equals "version 2" "$(field "$EN" version)" "2"
equals "in review" "$(field "$EN" status)" "in_review"
equals "published version kept" "$("$SOP" kb show "$EN" --format json | OUT=$(cat) jv "d['article']['published']['version']")" "1"
expect 0 "show --published" "$SOP" kb show "$EN" --published --format json
equals "readers see version 1" "$(jv "d['article']['solution']")" "$V1_SOLUTION"
expect 0 "show" "$SOP" kb show "$EN"
contains "show says what readers see" "$OUT" "readers are served version 1"
expect 0 "default search serves version 1" "$SOP" kb search printer cannot connect --format json
equals "served version in search" "$(jv "[a['served_version'] for a in d['articles'] if a['id'] == '$EN'][0]")" "1"
refused not-author "the editor of version 2 does not approve it" "$SOP" kb approve "$EN"
act "approve version 2" as "$CY" "$SOP" kb approve "$EN"
equals "version 2 published" "$(field "$EN" status) $(field "$EN" version)" "published 2"
equals "the served copy is gone" "$(field "$EN" published)" "null"
expect 0 "show --published now" "$SOP" kb show "$EN" --published --format json
contains "readers see version 2" "$(jv "d['article']['solution']")" "Reset the network settings"
before=$(commits)
expect 3 "edit changes content fields only" env EDITOR="sed -i s/^status:.*/status:\ retired/" \
    "$SOP" kb edit "$EN"
contains "the status is the verbs'" "$ERR" "'status' cannot be changed with sop kb edit"
contains "the text is kept" "$ERR" ".git/sop/edit/$EN.yaml"
equals "no commit" "$(commits)" "$before"

# ---- flag, retire -----------------------------------------------------------------------------
refused reason "flag without a reason" as "$DAN" "$SOP" kb flag "$EN"
act "anyone flags" as "$DAN" "$SOP" kb flag "$EN" --reason "the wizard moved in firmware 3"
refused reviewer "a non-reviewer does not retire published knowledge" as "$DAN" "$SOP" kb retire "$EN" --reason old
act "a kb-reviewer retires it" as "$BO" "$SOP" kb retire "$EN" --reason "printers replaced"
equals "retired" "$(field "$EN" status)" "retired"
expect 0 "a retired article is not served" "$SOP" kb search printer cannot connect --format ids
lacks "retired not in search" "$OUT" "$EN"
expect 0 "--all finds it" "$SOP" kb search printer cannot connect --all --format ids
contains "retired in --all" "$OUT" "$EN"
T3=$(TITLE="Printer offline" new_ticket)
refused status "link to a retired article" "$SOP" link "$T3" --kb "$EN"
refused status "edit a retired article" env EDITOR=true "$SOP" kb edit "$EN"

# ---- --from-ticket ----------------------------------------------------------------------------
refused closed-ticket "from an open ticket" "$SOP" kb new --from-ticket "$T3"
ok "$SOP" triage "$T3" --type consultation --level 1 --category hardware
ok "$SOP" resolve "$T3" --answer "Power-cycle the printer"
ok "$SOP" survey "$T3" --none "no answer"
ok "$SOP" close "$T3" --problem "Printer shows offline after sleep" \
    --diagnosis "$(printf 'Woke the printer\nChecked the queue')" --solution "Disable deep sleep" \
    --outcome "printing" --feedback "ok" --advice "Update the firmware first"
act "kb new --from-ticket" "$SOP" kb new --from-ticket "$T3" --scenario "Printers with deep sleep" --format ids
FT=$OUT
equals "title from the ticket" "$(field "$FT" title)" "Printer offline"
equals "problem from the summary" "$(field "$FT" problem)" "Printer shows offline after sleep"
equals "steps from the diagnosis lines" "$(field "$FT" diagnosis_steps)" '["Woke the printer", "Checked the queue"]'
equals "notes from the advice" "$(field "$FT" notes)" "Update the firmware first"
equals "option over the summary" "$(field "$FT" scenarios)" '["Printers with deep sleep"]'
equals "article links the ticket" "$(field "$FT" links)" "{\"tickets\": [\"$T3\"]}"
equals "ticket links the article" "$("$SOP" show "$T3" --format json | OUT=$(cat) jv "d['ticket']['links']['kb']")" "[\"$FT\"]"
equals "both in one commit" "$(git show --name-only --format= HEAD | wc -l | tr -d ' ')" "2"

# ---- new --edit -------------------------------------------------------------------------------
cat > "$WORK/fill.sh" <<'SH'
#!/bin/sh
sed -i 's/^title: ""/title: Scanner saves blank PDFs/; s/^category: ""/category: hardware/; s/^problem: ""/problem: The scanner saves empty PDF files./' "$1"
SH
chmod +x "$WORK/fill.sh"
act "kb new --edit" env EDITOR="$WORK/fill.sh" "$SOP" kb new --edit --format ids
equals "from the editor" "$(field "$OUT" title)" "Scanner saves blank PDFs"
before=$(commits)
expect 2 "kb new --edit left empty" env EDITOR=true "$SOP" kb new --edit
equals "nothing created" "$(commits)" "$before"

# ---- bad input --------------------------------------------------------------------------------
expect 5 "kb new without a title" "$SOP" kb new --category hardware --problem p
expect 5 "kb new with an unknown category" "$SOP" kb new --title t --category food --problem p
expect 4 "an unknown article" "$SOP" kb show KB-ZZZZZZZZZZZZ
expect 2 "not an article ID" "$SOP" kb show "KB-../etc"
P=$(ls kb | cut -c4 | sort | uniq -d | head -n 1)
expect 4 "an ambiguous prefix" "$SOP" kb show "kb-$P"
contains "lists candidates" "$ERR" "candidates:"
expect 2 "kb without a form" "$SOP" kb

# ---- show formats -----------------------------------------------------------------------------
expect 0 "show --format yaml is the file" "$SOP" kb show "$CN" --format yaml
equals "yaml bytes" "$OUT" "$(cat "kb/$CN.yaml")"
expect 0 "show --format md" "$SOP" kb show "$CN" --format md
contains "md heading" "$OUT" "# 打印机无法连接网络"
contains "md section" "$OUT" "## Diagnosis steps"
expect 0 "show text" "$SOP" kb show "$CN"
contains "text: steps numbered" "$OUT" "1. 在打印机面板查看网络状态和IP地址"

# ---- gaps: a planted cluster of VPN tickets with no article ----------------------------------
for i in 1 2 3 4; do
    export SOP_NOW="2026-11-2${i}T1${i}:00:00+08:00"
    G=$(TITLE="VPN disconnects every 10 minutes ($i)" SYMPTOM="The VPN client drops the connection every 10 minutes" new_ticket)
    ok "$SOP" triage "$G" --type fault --level 1 --category network
done
export SOP_NOW=2026-11-26T10:00:00+08:00
N=$(TITLE="Keyboard missing keys" SYMPTOM="Two keys fell off" new_ticket)
ok "$SOP" triage "$N" --type fault --level 1 --category hardware
expect 0 "kb gaps" "$SOP" kb gaps --format json
equals "one gap: the VPN cluster" "$(jv "[(g['category'], g['size']) for g in d['gaps']]")" '[["network", 4]]'
contains "its terms" "$(jv "d['gaps'][0]['terms']")" "vpn"
expect 0 "kb gaps table" "$SOP" kb gaps
contains "table shows the example" "$OUT" "VPN disconnects every 10 minutes"
expect 0 "kb gaps --min 5" "$SOP" kb gaps --min 5 --format json
equals "--min 5: none" "$(jv "d['gaps']")" "[]"
act "an article for the VPN problem" "$SOP" kb new --title "VPN disconnects every 10 minutes" \
    --category network --problem "The VPN client drops the connection every 10 minutes." \
    --step "Check the idle timeout" --solution "Raise the idle timeout on the VPN gateway." \
    --scenario "Remote workers" --format ids
VPN=$OUT
expect 0 "a draft does not close the gap" "$SOP" kb gaps --format json
equals "still a gap" "$(jv "len(d['gaps'])")" "1"
ok "$SOP" kb submit "$VPN"
ok as "$BO" "$SOP" kb approve "$VPN"
expect 0 "the published article closes the gap" "$SOP" kb gaps --format json
equals "no gap" "$(jv "d['gaps']")" "[]"
expect 0 "a period before the tickets" "$SOP" kb gaps --from 2026-10-01 --to 2026-10-31 --format json
equals "period" "$(jv "d['period']['first'] + '..' + d['period']['last']")" "2026-10-01..2026-10-31"

# ---- validate: each planted fault is reported, none skipped ------------------------------------
expect 0 "validate: clean" "$SOP" kb validate
cp "kb/$CN.yaml" "$WORK/saved.yaml"
printf '<<<<<<< ours\nstatus: draft\n=======\nstatus: published\n>>>>>>> theirs\n' >>"kb/$CN.yaml"
expect 5 "conflict markers" "$SOP" kb validate
contains "markers reported with the file" "$OUT" "kb/$CN.yaml: git conflict markers at lines"
cp "$WORK/saved.yaml" "kb/$CN.yaml"
cp "kb/$CN.yaml" "kb/KB-000000000000.yaml"
expect 5 "a path that does not match the ID" "$SOP" kb validate kb/KB-000000000000.yaml
contains "path/ID" "$OUT" "does not match the file's path"
rm "kb/KB-000000000000.yaml"
sed -i 's/^status: published/status: sideways/' "kb/$CN.yaml"
expect 5 "a schema violation" "$SOP" kb validate --format json
contains "json names the file" "$(jv "d['problems'][0]['path']")" "kb/$CN.yaml"
cp "$WORK/saved.yaml" "kb/$CN.yaml"
sed -i "s/$T1/T-0000000000AB/" "kb/$CN.yaml"
expect 5 "a dangling ticket link" "$SOP" kb validate
contains "names the link" "$OUT" "links.tickets[0]: no ticket T-0000000000AB"
cp "$WORK/saved.yaml" "kb/$CN.yaml"
printf 'title: [unclosed\n' >"kb/KB-111111111111.yaml"
expect 5 "YAML that does not parse" "$SOP" kb validate
contains "parse error reported" "$OUT" "kb/KB-111111111111.yaml"
git add kb && git commit -qm "a broken article, by hand"
expect 0 "search warns about a broken article and goes on" "$SOP" kb search 打印机 --format ids
contains "the warning names the file" "$ERR" "kb/KB-111111111111.yaml"
contains "and still answers" "$OUT" "$CN"
git rm -q "kb/KB-111111111111.yaml" && git commit -qm "remove it"
expect 0 "validate: clean again" "$SOP" kb validate
clean
