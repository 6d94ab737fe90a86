#pragma once
// `sop validate` (DESIGN §6): the files of a support repository against their schemas and the
// workflow's invariants, every problem found, none skipped.
//
// Per file (in parallel, validate/checks.hpp): git conflict markers and YAML that does not
// parse are problems, never skipped files; tickets: the ticket schema, the invariants of
// ticket::check (timestamps, events in time order, the path matches the ID and its shard),
// the event log against the state and the workflow's transitions (validate/transitions.hpp),
// merge conflicts left unresolved; articles: kb::validate_article (the `sop kb validate`
// checks); the config: the checks of config::load (schema, calendars, time zone).
// Across files: IDs unique across the checked-out branch and the archive branch (the same
// file in both is an interrupted `sop archive`: a note, not a problem), and references
// resolve (links.related, links.duplicate_of, links.kb, an article's links.tickets).
#include "git/repo.hpp"
#include "validate/checks.hpp"

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace sop::validate {

struct Options {
    // Files or directories, relative to the current directory or absolute; empty: every
    // ticket (tickets/**.yaml), article (kb/*.yaml) and the config (.sop/config.yaml).
    std::vector<std::string> paths;
    bool all = false;           // also check every ticket of the archive branch
    bool staged = false;        // read the files from the index (what a commit would hold)
    unsigned jobs = 0;          // parsing threads; 0: one per core, at least 2
    std::filesystem::path base; // where relative paths start (sop -C DIR); empty: the current
                                // directory
    // Called now and then from the calling thread while files are checked (a terminal's
    // progress line); never called when empty.
    std::function<void(std::size_t done, std::size_t total)> progress;
};

struct Report {
    std::size_t tickets = 0;  // ticket files checked, archived ones included
    std::size_t archived = 0; // of which in the archive branch
    std::size_t articles = 0;
    bool config_checked = false;
    bool config_ok = false;
    std::vector<Problem> problems;  // sorted by path; in the order found within a file
    std::vector<std::string> notes; // what is worth knowing but not wrong
    bool ok() const { return problems.empty(); }
};

// Checks the working tree (or the index) of `repo`, reading the archive branch for IDs and
// references in every mode. Throws only when nothing can be checked (the index or the archive
// branch cannot be read); a bad path or file is a problem in the report, not an error.
Report run(const git::Repo& repo, const Options& options);

// The checks of run() that need nothing but one version of one file, on `text` as the file at
// `path` (a ticket, an article or the config, by its path): what `sop verify` asks of every
// version a commit writes. IDs across files and references are not checked.
std::vector<Problem> check_file(const std::string& path, const std::string& text);

// The display path of an archived ticket: "sop-archive:tickets/4/K/T-….yaml", as
// `git show` takes it.
std::string archived_path(const std::string& path);

} // namespace sop::validate
