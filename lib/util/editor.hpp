#pragma once
// Runs the user's editor ($VISUAL, else $EDITOR, else vi) on a file, as git does: through
// the shell, so EDITOR may carry arguments.
#include "util/error.hpp"

#include <filesystem>
#include <string>

namespace sop::util {

// True when VISUAL or EDITOR is set.
bool editor_configured();
// Writes `text` to a temporary file, runs the editor on it, returns the result.
// Error when the editor fails.
std::string edit_text(const std::string& text, const std::string& name_hint);

// A refused edit loses nothing: writes `text` to `file` and returns `refusal` with a hint that
// names the file.
Error keep_refused_edit(const std::filesystem::path& file, const std::string& text,
                        const Error& refusal);

} // namespace sop::util
