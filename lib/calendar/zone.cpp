#include "calendar/zone.hpp"

#include "calendar/posix_rule.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>

namespace sop::calendar {

struct Zone::Rule : detail::PosixRule {};

namespace {

const char* const zone_hint = "use an IANA name such as Asia/Shanghai or Europe/Berlin";

// An IANA name is a relative path under the zone directory; anything that could leave it is
// refused before the file system is asked.
bool plausible_name(std::string_view name) {
    if (name.empty() || name.size() > 255 || name.front() == '/' || name.back() == '/' ||
        name.find("..") != std::string_view::npos || name.find("//") != std::string_view::npos)
        return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '/' || c == '_' || c == '-' || c == '+' || c == '.';
    });
}

std::string zone_dir() {
    const char* dir = std::getenv("TZDIR");
    return dir && *dir ? dir : "/usr/share/zoneinfo";
}

} // namespace

// Reads RFC 8536 TZif data: the 64-bit block and footer of version 2 and later, else the 32-bit
// block of version 1. Leap-second records are skipped: sop counts POSIX seconds.
struct ZoneReader {
    const std::string& bytes;
    const std::string& where;
    std::size_t pos = 0;

    [[noreturn]] void malformed(const std::string& why) const {
        throw InvalidError("time zone file '" + where + "' is malformed: " + why,
                           "reinstall the tzdata package, or set TZDIR to a sound zoneinfo "
                           "directory");
    }
    std::int64_t be(std::size_t at, int n) const {
        if (at + static_cast<std::size_t>(n) > bytes.size()) malformed("it is cut short");
        std::uint64_t v = 0;
        for (int k = 0; k < n; ++k)
            v = v << 8 | static_cast<unsigned char>(bytes[at + static_cast<std::size_t>(k)]);
        if (n == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
        return static_cast<std::int64_t>(v);
    }

    struct Header {
        char version = 0;
        std::int64_t isutcnt = 0, isstdcnt = 0, leapcnt = 0, timecnt = 0, typecnt = 0, charcnt = 0;
        std::size_t block_size(int time_size) const {
            return static_cast<std::size_t>(timecnt * (time_size + 1) + typecnt * 6 + charcnt +
                                            leapcnt * (time_size + 4) + isstdcnt + isutcnt);
        }
    };
    Header header(std::size_t at) const {
        if (bytes.compare(at, 4, "TZif") != 0) malformed("no TZif header");
        Header h;
        h.version = static_cast<char>(be(at + 4, 1));
        h.isutcnt = be(at + 20, 4), h.isstdcnt = be(at + 24, 4), h.leapcnt = be(at + 28, 4);
        h.timecnt = be(at + 32, 4), h.typecnt = be(at + 36, 4), h.charcnt = be(at + 40, 4);
        if (h.isutcnt < 0 || h.isstdcnt < 0 || h.leapcnt < 0 || h.timecnt < 0 || h.typecnt < 1 ||
            h.charcnt < 0 || h.timecnt > 100000 || h.typecnt > 256)
            malformed("bad counts in its header");
        return h;
    }

    void read_block(const Header& h, std::size_t at, int time_size, Zone& z) const {
        const std::size_t times = at;
        const std::size_t indices = times + static_cast<std::size_t>(h.timecnt * time_size);
        const std::size_t types = indices + static_cast<std::size_t>(h.timecnt);
        if (at + h.block_size(time_size) > bytes.size()) malformed("it is cut short");
        std::vector<int> offsets;
        for (std::int64_t k = 0; k < h.typecnt; ++k) {
            const auto off = be(types + static_cast<std::size_t>(k) * 6, 4);
            if (off < -89999 || off > 93599) malformed("an offset out of range");
            offsets.push_back(static_cast<int>(off));
        }
        z.initial_offset_ = offsets[0];
        int last = z.initial_offset_;
        for (std::int64_t k = 0; k < h.timecnt; ++k) {
            const auto at_k = be(times + static_cast<std::size_t>(k * time_size), time_size);
            const auto type = be(indices + static_cast<std::size_t>(k), 1);
            if (type >= h.typecnt) malformed("a transition to an unknown type");
            if (!z.transitions_.empty() && at_k <= z.transitions_.back().at)
                malformed("transitions out of order");
            // A change of abbreviation or of the DST flag alone changes no offset.
            if (offsets[static_cast<std::size_t>(type)] == last) continue;
            last = offsets[static_cast<std::size_t>(type)];
            z.transitions_.push_back({at_k, last});
        }
    }

    std::shared_ptr<Zone> read(std::string name) {
        auto z = std::make_shared<Zone>();
        z->name_ = std::move(name);
        const Header v1 = header(0);
        const std::size_t v1_end = 44 + v1.block_size(4);
        if (v1.version == 0) {
            read_block(v1, 44, 4, *z);
            return z;
        }
        const Header v2 = header(v1_end);
        read_block(v2, v1_end + 44, 8, *z);
        const std::size_t footer = v1_end + 44 + v2.block_size(8);
        if (footer >= bytes.size() || bytes[footer] != '\n') malformed("no footer");
        const std::size_t footer_end = bytes.find('\n', footer + 1);
        if (footer_end == std::string::npos) malformed("an unterminated footer");
        const std::string_view tz(bytes.data() + footer + 1, footer_end - footer - 1);
        if (!tz.empty()) {
            const auto rule = detail::PosixRule::parse(tz);
            if (!rule) malformed("a footer that is not a POSIX TZ string");
            z->rule_ = std::make_shared<const Zone::Rule>(Zone::Rule{*rule});
        }
        return z;
    }
};

std::shared_ptr<const Zone> Zone::load(std::string_view name) {
    if (!plausible_name(name))
        throw InvalidError("unknown time zone '" + std::string(name) + "'", zone_hint);
    const std::string dir = zone_dir();
    static std::mutex mutex;
    static std::map<std::string, std::shared_ptr<const Zone>, std::less<>> loaded;
    const std::lock_guard lock(mutex);
    const std::string key = dir + '\n' + std::string(name);
    if (const auto it = loaded.find(key); it != loaded.end()) return it->second;

    std::shared_ptr<const Zone> zone;
    if (name == "UTC") { // needs no file: tests and minimal containers have no tzdata
        auto utc = std::make_shared<Zone>();
        utc->name_ = "UTC";
        zone = std::move(utc);
    } else {
        const std::filesystem::path path = std::filesystem::path(dir) / std::string(name);
        std::error_code ec;
        const auto text =
            std::filesystem::is_regular_file(path, ec) ? util::read_file(path) : std::nullopt;
        if (!text) throw InvalidError("unknown time zone '" + std::string(name) + "'", zone_hint);
        const std::string where = path.string();
        zone = ZoneReader{*text, where}.read(std::string(name));
    }
    loaded.emplace(key, zone);
    return zone;
}

int Zone::offset_at(std::int64_t utc) const {
    const auto after =
        std::upper_bound(transitions_.begin(), transitions_.end(), utc,
                         [](std::int64_t t, const Transition& tr) { return t < tr.at; });
    if (rule_ && after == transitions_.end()) return rule_->offset_at(utc);
    return after == transitions_.begin() ? initial_offset_ : std::prev(after)->offset;
}

std::int64_t Zone::to_utc(std::int64_t local) const {
    // The true instant is within a day of `local`, so the offsets in force a day either side
    // and at `local` itself are the only candidates (zones change at most once a day).
    const int candidates[] = {offset_at(local - 86400), offset_at(local), offset_at(local + 86400)};
    bool found = false;
    std::int64_t earliest = 0;
    for (const int o : candidates) {
        if (offset_at(local - o) != o) continue;
        if (!found || local - o < earliest) earliest = local - o;
        found = true;
    }
    if (found) return earliest;
    // Skipped by a change: read with the offset before it, which is in force at the instant
    // the larger (later) offset would give.
    const int later = *std::max_element(std::begin(candidates), std::end(candidates));
    return local - offset_at(local - later);
}

} // namespace sop::calendar
