// `sop merge-driver %O %A %B %P`: git's merge-driver protocol around merge::merge_file. Reads
// the three versions git hands over, writes the result over %A, exits 0 when merged (merge-
// conflict events included) and 1 when git should record a conflict. It needs no repository,
// no identity and no configuration, and never touches the index or makes a commit.
#include "app.hpp"
#include "merge/merge.hpp"
#include "util/error.hpp"
#include "util/fs.hpp"

#include <filesystem>
#include <iostream>

namespace sop::cmd {
namespace {

struct MergeDriverArgs {
    std::string base, ours, theirs, path;
    int marker_size = 7;
};

std::string read_version(const std::string& file, const char* what) {
    auto text = util::read_file(file);
    if (!text) throw Error("cannot read " + std::string(what) + " '" + file + "': no such file");
    return std::move(*text);
}

} // namespace

Action define_merge_driver(CLI::App& sub) {
    auto a = std::make_shared<MergeDriverArgs>();
    sub.add_option("BASE", a->base, "%O: the common ancestor's version (empty: none)")->required();
    sub.add_option("OURS", a->ours, "%A: our version; the merged file is written over it")
        ->required();
    sub.add_option("THEIRS", a->theirs, "%B: their version")->required();
    sub.add_option("PATH", a->path, "%P: the file's path in the repository")->required();
    sub.add_option("--marker-size", a->marker_size,
                   "%L: the length of conflict markers when it cannot merge")
        ->check(CLI::Range(1, 100))
        ->option_text("N");
    return [a](Session&) {
        const auto result_file = std::filesystem::absolute(a->ours); // git passes a bare name
        const std::string base = read_version(a->base, "the base version");
        const std::string ours = read_version(a->ours, "our version");
        const std::string theirs = read_version(a->theirs, "their version");
        const std::optional<std::string_view> base_view =
            base.empty() ? std::nullopt : std::optional<std::string_view>(base);
        const merge::Result r = merge::merge_file(a->path, base_view, ours, theirs);
        if (!r.merged) {
            bool clean = false;
            util::write_file_atomic(
                result_file, merge::text_merge(base_view, ours, theirs, clean, a->marker_size));
            std::cerr << "sop: error: cannot merge " << r.why << "\n"
                      << "hint: the file is left to git as a conflict; resolve it by hand, "
                         "then check it with 'sop validate'\n";
            return static_cast<int>(Exit::failure);
        }
        util::write_file_atomic(result_file, r.text);
        for (const auto& c : r.conflicts)
            std::cerr << "sop: " << a->path << ": both sides changed " << c.field << "; kept "
                      << merge::brief(c.kept) << ", recorded " << merge::brief(c.other)
                      << " in a merge-conflict event\n";
        if (!r.conflicts.empty())
            std::cerr << "hint: once the merge is committed, settle it with '"
                      << (merge::kind_of(a->path) == merge::Kind::article ? "sop kb edit"
                                                                          : "sop edit")
                      << "'\n";
        return 0;
    };
}

} // namespace sop::cmd
