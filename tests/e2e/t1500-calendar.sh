#!/usr/bin/env bash
# sop calendar: the working time the business calendar of .sop/config.yaml makes of some days
# (a lunch break, a holiday range, a make-up Saturday, a round-the-clock team calendar, a DST
# change), as a table and as JSON; option errors; and a calendar without working time, or a
# team naming an undefined one, refused by every command that reads the config.
. "$(dirname "$0")/lib.sh"
cd "$WORK"

new_repo r
cd r
# commit_config TEXT WHY: the template's config in Asia/Shanghai, its `calendar:` block (which
# ends at a blank line) replaced by TEXT, committed with plain git.
base_config=$(sed 's/^timezone: UTC$/timezone: Asia\/Shanghai/' .sop/config.yaml |
    awk '/^calendar:/ { skip = 1 } skip && /^$/ { skip = 0 } !skip')
commit_config() {
    printf '%s\n%s\n' "$base_config" "$1" >.sop/config.yaml
    git commit -qam "config: $2" || fail "git commit: $2"
}
commit_config '
calendar:
  hours:
    mon: ["09:00-12:00", "13:00-18:00"]
    tue: ["09:00-12:00", "13:00-18:00"]
    wed: ["09:00-12:00", "13:00-18:00"]
    thu: ["09:00-12:00", "13:00-18:00"]
    fri: ["09:00-12:00", "13:00-18:00"]
  holidays:
    - {from: 2026-10-01, to: 2026-10-07, name: National Day}
    - 2026-12-25
  workdays:
    - {date: 2026-10-10, name: make-up day}
calendars:
  ops-24x7:
    hours: {mon: ["00:00-24:00"], tue: ["00:00-24:00"], wed: ["00:00-24:00"],
            thu: ["00:00-24:00"], fri: ["00:00-24:00"], sat: ["00:00-24:00"],
            sun: ["00:00-24:00"]}
  berlin:
    timezone: Europe/Berlin
    hours: {sun: ["00:00-24:00"]}
    holidays: []
    workdays: []' "a business calendar"
# The team "ops" of the template runs on the round-the-clock calendar.
sed -i 's/^  - name: ops$/  - name: ops\n    calendar: ops-24x7/' .sop/config.yaml
git commit -qam "config: ops round the clock"
base=$(commits)

# ---- table ------------------------------------------------------------------------------
expect 0 "the week of National Day" "$SOP" calendar --from 2026-10-05 --to 2026-10-11
equals "header" "$(sed -n 1p <<<"$OUT")" "DATE        DAY  HOURS                    WORKING  NOTE"
equals "a holiday" "$(sed -n 2p <<<"$OUT")" \
    "2026-10-05  Mon  -                        0        holiday: National Day"
equals "a working day with a lunch break" "$(sed -n 5p <<<"$OUT")" \
    "2026-10-08  Thu  09:00-12:00 13:00-18:00  8h"
equals "the make-up Saturday" "$(sed -n 7p <<<"$OUT")" \
    "2026-10-10  Sat  09:00-12:00 13:00-18:00  8h       workday: make-up day"
equals "a Sunday" "$(sed -n 8p <<<"$OUT")" \
    "2026-10-11  Sun  -                        0        weekend"
# Thu, Fri and the make-up Saturday: 3 x 8 h = 24 h.
equals "the total" "$(sed -n 9p <<<"$OUT")" \
    "total                                     24h      3 working days"
equals "nine lines" "$(wc -l <<<"$OUT")" 9
equals "quiet" "$ERR" ""

# Without --from: today in the calendar's zone (SOP_NOW is 2026-11-24 09:30 +08:00), 14 days.
expect 0 "the default span" "$SOP" calendar
equals "from today" "$(sed -n 2p <<<"$OUT" | cut -c1-10)" "2026-11-24"
equals "to 13 days later" "$(sed -n 15p <<<"$OUT" | cut -c1-10)" "2026-12-07"
# 2026-11-20 20:00 -05:00 is 11-21 01:00Z, 09:00 on Saturday 11-21 in Shanghai.
SOP_NOW=2026-11-20T20:00:00-05:00 run "$SOP" calendar --to 2026-11-22
equals "today is the calendar's today" "$(sed -n 2p <<<"$OUT" | cut -c1-15)" "2026-11-21  Sat"
expect 0 "a single-day holiday" "$SOP" calendar --from 2026-12-25 --to 2026-12-25
contains "unnamed holiday" "$(sed -n 2p <<<"$OUT")" "0        holiday"

expect 0 "the team's calendar" "$SOP" calendar --team ops --from 2026-11-28 --to 2026-11-29
equals "round the clock" "$(sed -n 2p <<<"$OUT")" "2026-11-28  Sat  00:00-24:00  24h"
equals "its total" "$(sed -n 4p <<<"$OUT")" "total                         48h      2 working days"
expect 0 "a team without one" "$SOP" calendar --team support --from 2026-11-28 --to 2026-11-28
contains "the default calendar" "$(sed -n 2p <<<"$OUT")" "weekend"

# ---- json -------------------------------------------------------------------------------
expect 0 "json" "$SOP" calendar --from 2026-10-05 --to 2026-10-11 --format json
equals "json keys" "$(jv 'list(d)')" \
    '["schema", "calendar", "timezone", "business_day_seconds", "days", "working_seconds"]'
equals "schema" "$(jv 'd["schema"]')" "sop/v1"
equals "calendar" "$(jv 'd["calendar"]')" "default"
equals "timezone" "$(jv 'd["timezone"]')" "Asia/Shanghai"
equals "business day: 3 h + 5 h" "$(jv 'd["business_day_seconds"]')" 28800
equals "seven days" "$(jv 'len(d["days"])')" 7
equals "weekdays" "$(jv '" ".join(x["weekday"] for x in d["days"])')" "mon tue wed thu fri sat sun"
equals "a holiday's note" "$(jv 'd["days"][0]["note"]')" "holiday: National Day"
equals "the make-up day" "$(jv 'd["days"][5]')" \
    '{"date": "2026-10-10", "note": "workday: make-up day", "weekday": "sat", "windows": [{"from": "2026-10-10T09:00:00+08:00", "to": "2026-10-10T12:00:00+08:00"}, {"from": "2026-10-10T13:00:00+08:00", "to": "2026-10-10T18:00:00+08:00"}], "working_seconds": 28800}'
equals "a plain day's note is empty" "$(jv 'd["days"][3]["note"]')" ""
equals "total: 3 x 8 h" "$(jv 'd["working_seconds"]')" 86400

# Berlin goes back to winter time on Sunday 2026-10-25: that day is 25 hours long.
expect 0 "a DST change" "$SOP" calendar --name berlin --from 2026-10-25 --to 2026-10-25 --format json
equals "25 hours" "$(jv 'd["days"][0]["working_seconds"]')" 90000
equals "from midnight summer time to midnight winter time" \
    "$(jv 'd["days"][0]["windows"][0]["from"] + " " + d["days"][0]["windows"][0]["to"]')" \
    "2026-10-25T00:00:00+02:00 2026-10-26T00:00:00+01:00"
expect 0 "a DST change, table" "$SOP" calendar --name berlin --from 2026-03-29 --to 2026-03-29
equals "23 hours" "$(sed -n 2p <<<"$OUT")" "2026-03-29  Sun  00:00-24:00  23h"

# ---- option errors ----------------------------------------------------------------------
expect 2 "unknown team" "$SOP" calendar --team nobody
contains "names the teams" "$ERR" "the teams are: support, rnd, ops"
expect 2 "unknown calendar" "$SOP" calendar --name nights
contains "names the calendars" "$ERR" "the calendars are: default, ops-24x7, berlin"
expect 2 "--team and --name" "$SOP" calendar --team ops --name ops-24x7
expect 2 "a bad date" "$SOP" calendar --from 2026-02-30
contains "says which option" "$ERR" "--from: '2026-02-30' is not a date"
expect 2 "--to before --from" "$SOP" calendar --from 2026-10-05 --to 2026-10-04
expect 2 "more than 366 days" "$SOP" calendar --from 2026-01-01 --to 2027-01-02
expect 0 "366 days" "$SOP" calendar --from 2026-01-01 --to 2027-01-01 --format json
equals "366 days listed" "$(jv 'len(d["days"])')" 366
expect 2 "a bad format" "$SOP" calendar --format csv
equals "nothing committed" "$(commits)" "$base"
clean

# ---- a calendar that is refused ---------------------------------------------------------
ID=$(new_ticket)
base=$(commits)
commit_config '
calendar:
  hours: {}' "no working hours"
refused() { # refused WHAT NEEDLE: every command exits 5 and says NEEDLE
    local args
    for args in "list" "show $ID" "log $ID" "calendar" "history $ID" "similar $ID" \
        "note $ID text" "new --title t --channel email --requester-name a --requester-contact a@example.com --symptom s"; do
        # shellcheck disable=SC2086
        expect 5 "$1: sop $args" "$SOP" $args
        contains "$1: sop $args says why" "$ERR" "$2"
    done
}
refused "no working time" ".sop/config.yaml: calendar: no working time in the year from 2026-11-24"
contains "with a hint" "$ERR" "hint: give it working hours (calendar.hours or calendar.workdays)"
equals "no commit made" "$(commits)" "$((base + 1))"

commit_config '
calendar:
  holidays: [2026-10-01]
  workdays: [2026-10-01]' "a day both"
refused "holiday and workday" ".sop/config.yaml: calendar.workdays[0]: 2026-10-01 is also a holiday (calendar.holidays[0])"

commit_config '
calendar:
  hours: {mon: ["09:00-12:00", "11:00-18:00"]}' "overlapping windows"
refused "overlapping windows" ".sop/config.yaml: calendar.hours.mon[1]: '11:00-18:00' starts before"

commit_config '' "back to the default calendar"
sed -i 's/^  - name: rnd$/  - name: rnd\n    calendar: nights/' .sop/config.yaml
git commit -qam "config: rnd on an undefined calendar"
refused "an undefined team calendar" ".sop/config.yaml: teams[1].calendar: no calendar 'nights'"

commit_config '' "the default calendar"
expect 0 "fixed: the commands work again" "$SOP" list --format ids
equals "the ticket is there" "$OUT" "$ID"
clean
