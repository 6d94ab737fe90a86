#include "util/error.hpp"
#include "util/text.hpp"
#include "yaml/detail.hpp"
#include "yaml/yaml.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <sstream>
#include <vector>

namespace sop::yaml {
namespace {

// Digits from `i`; returns the index after them.
std::size_t skip_digits(const std::string& v, std::size_t i) {
    while (i < v.size() && v[i] >= '0' && v[i] <= '9')
        ++i;
    return i;
}

} // namespace

// Integers [-+]?[0-9]+, floats [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?, booleans.
Json detail::resolve_plain(const std::string& v) {
    if (v == "true" || v == "True" || v == "TRUE") return true;
    if (v == "false" || v == "False" || v == "FALSE") return false;
    std::size_t i = (!v.empty() && (v[0] == '-' || v[0] == '+')) ? 1 : 0;
    const std::size_t int_end = skip_digits(v, i);
    const bool int_digits = int_end > i;
    if (int_digits && int_end == v.size()) {
        try {
            return std::stoll(v);
        } catch (const std::out_of_range&) {
            return v; // too large for an integer: kept as written
        }
    }
    i = int_end;
    bool frac_digits = false;
    if (i < v.size() && v[i] == '.') {
        const std::size_t end = skip_digits(v, i + 1);
        frac_digits = end > i + 1;
        i = end;
    }
    if (!int_digits && !frac_digits) return v;
    if (i < v.size() && (v[i] == 'e' || v[i] == 'E')) {
        std::size_t j = i + 1;
        if (j < v.size() && (v[j] == '-' || v[j] == '+')) ++j;
        const std::size_t end = skip_digits(v, j);
        if (end == j) return v;
        i = end;
    }
    if (i != v.size()) return v;
    return std::stod(v);
}

namespace {

std::string where(const std::string& source, const YAML::Mark& m) {
    if (m.line < 0) return source;
    return source + ":" + std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1);
}

class Builder : public YAML::EventHandler {
  public:
    Builder(std::string source, int max_depth)
        : source_(std::move(source)), max_depth_(max_depth) {}

    Json result;
    bool seen_document = false;

    void OnDocumentStart(const YAML::Mark& mark) override {
        if (seen_document) fail(mark, "more than one YAML document");
        seen_document = true;
    }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        check_anchor(mark, anchor);
        add(mark, Json(nullptr), "null");
    }
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
        fail(mark, "aliases are not allowed");
    }
    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  const std::string& value) override {
        check_anchor(mark, anchor);
        if (tag == "?") {
            add(mark, detail::resolve_plain(value), value);
        } else if (tag == "!" || tag == "tag:yaml.org,2002:str") {
            add(mark, Json(value), value);
        } else {
            fail(mark, "tags are not allowed ('" + tag + "')");
        }
    }
    void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override {
        open(mark, tag, anchor, Json::array());
    }
    void OnSequenceEnd() override { stack_.pop_back(); }
    void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override {
        open(mark, tag, anchor, Json::object());
    }
    void OnMapEnd() override {
        if (stack_.back().has_key) fail({}, "a mapping key without a value");
        stack_.pop_back();
    }

  private:
    struct Frame {
        Json* node;
        std::string key;
        bool has_key = false;
    };
    std::string source_;
    int max_depth_;
    std::vector<Frame> stack_;
    bool has_root_ = false;

    [[noreturn]] void fail(const YAML::Mark& mark, const std::string& why) const {
        throw InvalidError(where(source_, mark) + ": " + why);
    }
    void check_anchor(const YAML::Mark& mark, YAML::anchor_t anchor) const {
        if (anchor != YAML::NullAnchor) fail(mark, "anchors are not allowed");
    }
    void open(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor, Json empty) {
        check_anchor(mark, anchor);
        if (tag != "?" && tag != "!" && !tag.empty()) fail(mark, "tags are not allowed");
        if (static_cast<int>(stack_.size()) >= max_depth_)
            fail(mark, "nested deeper than " + std::to_string(max_depth_) + " levels");
        Json* slot = place(mark, std::move(empty));
        stack_.push_back({slot, {}, false});
    }
    void add(const YAML::Mark& mark, Json value, const std::string& text) {
        if (!stack_.empty() && stack_.back().node->is_object() && !stack_.back().has_key) {
            if (value.is_object() || value.is_array()) fail(mark, "complex mapping keys");
            if (stack_.back().node->contains(text)) fail(mark, "duplicate key '" + text + "'");
            stack_.back().key = text;
            stack_.back().has_key = true;
            return;
        }
        place(mark, std::move(value));
    }
    Json* place(const YAML::Mark& mark, Json value) {
        if (stack_.empty()) {
            if (has_root_) fail(mark, "more than one YAML document");
            has_root_ = true;
            result = std::move(value);
            return &result;
        }
        Frame& top = stack_.back();
        if (top.node->is_array()) {
            top.node->push_back(std::move(value));
            return &top.node->back();
        }
        if (!top.has_key) fail(mark, "complex mapping keys");
        top.has_key = false;
        Json& slot = (*top.node)[top.key];
        slot = std::move(value);
        return &slot;
    }
};

void check_conflict_markers(std::string_view text, const std::string& source) {
    std::size_t line = 1;
    for (std::size_t pos = 0; pos < text.size(); ++line) {
        const std::size_t end = std::min(text.find('\n', pos), text.size());
        const std::string_view l = text.substr(pos, end - pos);
        if (l.starts_with("<<<<<<<") || l.starts_with(">>>>>>>") || l == "=======" ||
            l.starts_with("======= ") || l.starts_with("|||||||"))
            throw InvalidError(source + ":" + std::to_string(line) +
                                   ": git conflict markers: the file has an unresolved merge",
                               "resolve the conflict, or check out one side");
        pos = end + 1;
    }
}

} // namespace

Json parse(std::string_view text, const std::string& source, const Limits& limits) {
    if (text.size() > limits.max_bytes)
        throw InvalidError(source + ": too large (" + std::to_string(text.size()) +
                           " bytes, the limit is " + std::to_string(limits.max_bytes) + ")");
    if (const auto bad = util::invalid_utf8_at(text); bad != std::string_view::npos)
        throw InvalidError(source + ": invalid UTF-8 at byte " + std::to_string(bad));
    if (text.find('\0') != std::string_view::npos)
        throw InvalidError(source + ": contains a NUL byte");
    check_conflict_markers(text, source);
    // What sop wrote reads back without yaml-cpp (see detail.hpp); anything else goes on.
    if (auto doc = detail::read_canonical(text, limits.max_depth); doc && emit(*doc) == text)
        return std::move(*doc);
    return detail::read_general(text, source, limits);
}

Json detail::read_general(std::string_view text, const std::string& source, const Limits& limits) {
    std::istringstream in{std::string(text)};
    Builder builder(source, limits.max_depth);
    try {
        YAML::Parser parser(in);
        while (parser.HandleNextDocument(builder)) {
        }
    } catch (const YAML::ParserException& e) {
        throw InvalidError(where(source, e.mark) + ": " + e.msg);
    } catch (const YAML::Exception& e) {
        throw InvalidError(source + ": " + e.what());
    }
    if (!builder.seen_document || builder.result.is_null())
        throw InvalidError(source + ": empty document");
    if (!builder.result.is_object())
        throw InvalidError(source + ": the top level is not a mapping");
    return std::move(builder.result);
}

} // namespace sop::yaml
