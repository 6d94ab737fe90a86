#pragma once
// A knowledge-base article (SOP 4.6, `sop kb`): kb/<ID>.yaml, a JSON value in memory and
// canonical YAML on disk, in the SOP's fixed format (problem, category, diagnosis steps,
// solution, notes, applicable scenarios) plus keywords, status, author, version, reviews,
// links to tickets and the event log. schemas/kb-article.schema.json is the contract.
#include "git/repo.hpp"
#include "util/time.hpp"
#include "yaml/yaml.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sop::kb {

using Json = yaml::Json;

// IDs: "KB-" and 12 Crockford base32 characters (60 random bits), the ticket ID scheme.
inline constexpr std::string_view id_prefix = "KB-";
inline constexpr std::size_t id_digits = 12;
inline constexpr std::string_view kb_dir = "kb";

std::string new_id();
bool is_full_id(std::string_view s);
// A user's ID or prefix ("kb-4k7q", "4K7Q") as the uppercase digits after "KB-";
// UsageError when it cannot be (a prefix of) an article ID.
std::string normalize_prefix(std::string_view input);
// "kb/KB-4K7QX2M9ABCD.yaml": one flat folder (a knowledge base holds thousands of articles,
// not hundreds of thousands). `id` must be a full ID.
std::string path_of(std::string_view id);

// Statuses, in lifecycle order: draft → in_review → published; published → flagged →
// in_review; any → retired.
inline constexpr std::string_view status_draft = "draft";
inline constexpr std::string_view status_in_review = "in_review";
inline constexpr std::string_view status_published = "published";
inline constexpr std::string_view status_flagged = "flagged";
inline constexpr std::string_view status_retired = "retired";

// The fixed order of the top-level fields; unknown fields go before `events`, as found.
const std::vector<std::string>& field_order();
// The fields an author writes (new_article() takes these and no others): title, category,
// keywords, problem, diagnosis_steps, solution, notes, scenarios, links.
const std::vector<std::string>& content_fields();

// Reorders keys into the canonical order, recursively.
Json canonical(const Json& doc);
// The bytes sop writes: canonical YAML. Equal documents give equal bytes.
std::string to_yaml(const Json& doc);

// Schema and invariants; throws InvalidError naming `source`:
//   - the schema (the whole fixed format once past draft);
//   - the ID matches the file's path (when `path` is given);
//   - every timestamp parses, events are in time order;
//   - a published article has an approved review of its current version: the last verdict
//     recorded for `version` (a verdict without a version counts for the current one) is
//     "approved" (SOP 4.6: published only after approval).
void check(const Json& doc, const std::string& source, const std::string& path = {});
// Parses and checks an article file.
Json parse(std::string_view text, const std::string& source, const std::string& path = {});

// A new draft: the author's `fields` (content_fields() only; InvalidError names any other),
// with titles and keywords trimmed, empty and repeated keywords dropped, plus id, status
// draft, version 1, author = `by` and the first event {at: now, by, action: new, to: draft}.
// The result is canonical and check()ed.
Json new_article(const Json& fields, const std::string& id, const git::Identity& by,
                 const util::Timestamp& now);

// Whether readers are served the article's text as it stands: it is not retired and the last
// review of its current version approved it (published, flagged, or an approved version sent
// back to review unchanged). Otherwise readers see the earlier version named by `published`,
// if there is one, or nothing.
bool serves_current_text(const Json& doc);

std::string str(const Json& doc, std::string_view key); // "" when absent
std::string status_of(const Json& doc);
std::string id_of(const Json& doc);

} // namespace sop::kb
