// A reader for canonical YAML (what emit() writes), ~10x faster than yaml-cpp's scanner on a
// ticket. Anything unexpected ends it without a result; see detail.hpp for why that is safe.
#include "yaml/detail.hpp"

namespace sop::yaml::detail {
namespace {

struct NotCanonical {};

class Reader {
  public:
    Reader(std::string_view text, int max_depth) : t_(text), max_depth_(max_depth) {}

    Json document() {
        Json doc = Json::object();
        map(doc, 0, false, 0);
        if (pos_ != t_.size() || doc.empty()) throw NotCanonical{};
        return doc;
    }

  private:
    std::string_view t_;
    std::size_t pos_ = 0;
    int max_depth_;

    [[noreturn]] static void bail() { throw NotCanonical{}; }

    char peek(std::size_t ahead = 0) const {
        return pos_ + ahead < t_.size() ? t_[pos_ + ahead] : '\0';
    }
    void expect(char c) {
        if (peek() != c) bail();
        ++pos_;
    }
    // True when the line at pos_ starts with exactly `indent` spaces and then `c`/anything.
    bool at_indent(int indent) const {
        const auto n = static_cast<std::size_t>(indent);
        if (pos_ + n >= t_.size()) return false;
        for (std::size_t i = 0; i < n; ++i)
            if (t_[pos_ + i] != ' ') return false;
        return t_[pos_ + n] != ' ' && t_[pos_ + n] != '\n';
    }

    // True when the line at pos_ has `pad` spaces and then something other than a line break.
    bool padded(std::size_t pad) const {
        if (pos_ + pad >= t_.size() || t_[pos_ + pad] == '\n') return false;
        for (std::size_t i = 0; i < pad; ++i)
            if (t_[pos_ + i] != ' ') return false;
        return true;
    }

    // A mapping whose keys sit at `indent` (the first one already positioned when inline).
    void map(Json& out, int indent, bool first_inline, int depth) {
        if (depth >= max_depth_) bail();
        bool first = true;
        while ((first && first_inline) || at_indent(indent)) {
            if (!(first && first_inline)) pos_ += static_cast<std::size_t>(indent);
            if (peek() == '-' && (peek(1) == ' ' || peek(1) == '\n')) bail();
            first = false;
            std::string key = peek() == '"' ? quoted() : plain_key();
            expect(':');
            value(out[key], indent, depth + 1);
        }
    }

    void seq(Json& out, int indent, int depth) {
        if (depth >= max_depth_) bail();
        while (at_indent(indent) && peek(static_cast<std::size_t>(indent)) == '-') {
            pos_ += static_cast<std::size_t>(indent) + 1;
            Json& item = out.emplace_back();
            if (peek() == ' ' && item_is_map()) {
                ++pos_;
                item = Json::object();
                map(item, indent + 2, true, depth + 1);
            } else {
                value(item, indent, depth + 1);
            }
        }
    }

    // After "- ": is this item "key: ..." (a mapping) rather than a scalar?
    bool item_is_map() const {
        std::size_t i = pos_ + 1;
        if (i < t_.size() && t_[i] == '"') {
            for (++i; i < t_.size() && t_[i] != '"' && t_[i] != '\n'; ++i)
                if (t_[i] == '\\') ++i;
            return i + 1 < t_.size() && t_[i] == '"' && t_[i + 1] == ':';
        }
        if (i < t_.size() && (t_[i] == '|' || t_[i] == '{' || t_[i] == '[')) return false;
        for (; i < t_.size() && t_[i] != '\n'; ++i)
            if (t_[i] == ':' && (i + 1 == t_.size() || t_[i + 1] == ' ' || t_[i + 1] == '\n'))
                return true;
        return false;
    }

    // What follows "key:" or "-": " scalar", " {}", " []", " |…" or a nested block.
    void value(Json& out, int indent, int depth) {
        if (peek() == '\n') {
            ++pos_;
            const int inner = indent + 2;
            if (!at_indent(inner)) bail();
            if (peek(static_cast<std::size_t>(inner)) == '-') {
                out = Json::array();
                seq(out, inner, depth);
            } else {
                out = Json::object();
                map(out, inner, false, depth);
            }
            return;
        }
        expect(' ');
        const std::string_view rest = t_.substr(pos_);
        if (rest.starts_with("{}\n")) {
            out = Json::object();
            pos_ += 3;
        } else if (rest.starts_with("[]\n")) {
            out = Json::array();
            pos_ += 3;
        } else if (peek() == '|') {
            out = literal(indent + 2);
        } else if (peek() == '"') {
            out = quoted();
            expect('\n');
        } else {
            const std::size_t end = t_.find('\n', pos_);
            if (end == std::string_view::npos || end == pos_) bail();
            std::string s(t_.substr(pos_, end - pos_));
            pos_ = end + 1;
            out = s == "null" ? Json(nullptr) : resolve_plain(s);
        }
    }

    std::string plain_key() {
        const std::size_t start = pos_;
        while (pos_ < t_.size() && t_[pos_] != '\n' &&
               !(t_[pos_] == ':' && (peek(1) == ' ' || peek(1) == '\n')))
            ++pos_;
        if (pos_ == start || peek() != ':') bail();
        return std::string(t_.substr(start, pos_ - start));
    }

    std::string quoted() {
        expect('"');
        std::string s;
        for (;;) {
            const char c = peek();
            if (c == '\0' || c == '\n') bail();
            ++pos_;
            if (c == '"') return s;
            if (c != '\\') {
                s += c;
                continue;
            }
            const char e = peek();
            ++pos_;
            switch (e) {
            case '"':
                s += '"';
                break;
            case '\\':
                s += '\\';
                break;
            case 'n':
                s += '\n';
                break;
            case 't':
                s += '\t';
                break;
            case 'r':
                s += '\r';
                break;
            case 'L':
                s += "\xE2\x80\xA8";
                break;
            case 'P':
                s += "\xE2\x80\xA9";
                break;
            case 'u':
                if (t_.substr(pos_, 4) == "FEFF")
                    s += "\xEF\xBB\xBF";
                else if (t_.substr(pos_, 4) == "0085")
                    s += "\xC2\x85";
                else
                    bail();
                pos_ += 4;
                break;
            case 'x': {
                int v = 0;
                for (int k = 0; k < 2; ++k) {
                    const char h = peek();
                    ++pos_;
                    if (h >= '0' && h <= '9')
                        v = v * 16 + (h - '0');
                    else if (h >= 'A' && h <= 'F')
                        v = v * 16 + (h - 'A' + 10);
                    else
                        bail();
                }
                s += static_cast<char>(v);
                break;
            }
            default:
                bail();
            }
        }
    }

    // "|-", "|" or "|+" and the lines indented by `indent` (empty lines are empty).
    std::string literal(int indent) {
        ++pos_;
        const char chomp = peek() == '-' || peek() == '+' ? t_[pos_++] : ' ';
        expect('\n');
        const auto pad = static_cast<std::size_t>(indent);
        std::string s;
        std::size_t breaks = 0; // line breaks after the last non-empty line
        bool any = false;
        while (pos_ < t_.size()) {
            if (t_[pos_] == '\n') {
                ++breaks;
                ++pos_;
                continue;
            }
            if (!padded(pad)) break;
            const std::size_t end = t_.find('\n', pos_);
            if (end == std::string_view::npos) bail();
            if (any) s.append(breaks, '\n');
            s.append(t_.substr(pos_ + pad, end - pos_ - pad));
            any = true;
            breaks = 1;
            pos_ = end + 1;
        }
        if (!any) bail();
        if (chomp == ' ') s += '\n';
        if (chomp == '+') s.append(breaks, '\n');
        return s;
    }
};

} // namespace

std::optional<Json> read_canonical(std::string_view text, int max_depth) {
    try {
        return Reader(text, max_depth).document();
    } catch (const NotCanonical&) {
        return std::nullopt;
    }
}

} // namespace sop::yaml::detail
